import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fallbackPrBody, planMarkdown, planPrBody } from '../../../src/core/sync/prBody';
import { syntheticPlan } from '../plan/planFixture';

describe('planPrBody', () => {
  it('is the plan: marker, sides, reproduce command, totals, app table, one <details> per app', () => {
    const plan = syntheticPlan(2, 2, 1);
    const { body, comments } = planPrBody(plan, { forge: 'gitea', baseLabel: 'main', headLabel: 'reconcile/x', preface: 'Scale the shop.' });
    assert.deepEqual(comments, []);
    assert.match(body, /^<!-- reconcile-plan -->\n### Reconcile plan: main → reconcile\/x\n\n<sub>Rendered with the built-in Kustomize engine with Flux post-build substitution · Reconcile test · reproduce locally: `reconcile plan --base aaaaaaaaaaaa --head bbbbbbbbbbbb --format markdown`<\/sub>\n\nScale the shop\.\n/);
    assert.match(body, /\*\*2 apps changed: 0 objects to create, 4 to change, 0 to delete; validation: 0 errors\.\*\*/);
    assert.match(body, /\| kustomization apps\/app-1 \| — \| changed \| 0 \| 2 \| 0 \| ✅ \| `apps\/app-1\/kustomization\.yaml` \|/);
    assert.equal(body.match(/<details><summary>kustomization apps\/app-\d: changed<\/summary>/g)?.length, 2);
    assert.match(body, /Secret values are never shown/);
    assert.equal(planMarkdown(plan, { baseLabel: 'main', headLabel: 'reconcile/x', preface: 'Scale the shop.' }), body.replace(/\n$/, '') + '\n');
  });

  it('writes an override of the chosen files validation into the body', () => {
    const { body } = planPrBody(syntheticPlan(1, 1, 1), { forge: 'github', validation: { errors: 2, warnings: 0, overridden: true, details: ['a.yaml:3 RC1101 spec.replicas must be an integer'] } });
    assert.match(body, /> \*\*Opened despite validation errors\*\* \(2 in the chosen files\): the author chose to override the check\.\n> - a\.yaml:3 RC1101 spec\.replicas must be an integer/);
  });

  it('says "not run" instead of counting errors when the head was not validated', () => {
    const plan = syntheticPlan(1, 1, 1);
    plan.summary.validation.validated = false;
    assert.match(planPrBody(plan, { forge: 'github' }).body, /validation: not run\.\*\*/);
  });

  it('falls back to the file list, saying why, when no plan could be made', () => {
    const body = fallbackPrBody({ files: ['apps/x.yaml'], reason: 'cannot read the tree', toolVersion: '1.2.3', preface: 'Revert it.' });
    assert.match(body, /^<!-- reconcile-plan -->\n### Reconcile plan\n\nRevert it\.\n\nThe plan could not be computed: cannot read the tree\n/);
    assert.match(body, /Files changed \(1\):\n\n- `apps\/x\.yaml`/);
  });
});
