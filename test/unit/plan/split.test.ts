// Cutting the plan under each forge's size cap: every part under the cap, fences and <details> closed in
// every part, the header, totals and risks never cut, each object in exactly one part, the rest announced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectLabel } from '../../../src/core/plan/compareRenders';
import { splitPlanMarkdown } from '../../../src/core/plan/format/markdown';
import { shortenItem, utf8Bytes } from '../../../src/core/plan/format/split';
import { FORGE_BODY_CAPS } from '../../../src/core/sync/forge/caps';
import { ForgeKind } from '../../../src/core/sync/forge/detect';
import { planPrBody } from '../../../src/core/sync/prBody';
import { balanced, syntheticPlan } from './planFixture';

function entriesIn(text: string): string[] {
  return [...text.matchAll(/^\*\*`([^`]+)`\*\* (created|changed|deleted)/gm)].map((m) => m[1]);
}

describe('plan bodies under forge caps', () => {
  const cases: Array<[ForgeKind, number, number, number]> = [
    // forge, apps, objects per app, env vars per object (diff length)
    ['github', 4, 60, 6],
    ['bitbucket', 3, 40, 6],
    ['gitlab', 5, 200, 22],
    ['gitea', 5, 200, 22],
  ];
  for (const [forge, apps, objects, env] of cases) {
    it(`${forge}: a plan over ${FORGE_BODY_CAPS[forge].toLocaleString('en-US')} characters is cut at object boundaries into parts under the cap`, () => {
      const plan = syntheticPlan(apps, objects, env);
      const { body, comments } = planPrBody(plan, { forge, baseLabel: 'main', headLabel: 'feature' });
      const parts = [body, ...comments];
      const total = parts.reduce((n, p) => n + p.length, 0);
      assert.ok(total > FORGE_BODY_CAPS[forge], `the test plan must exceed the cap (${total})`);
      assert.ok(comments.length >= 1);
      for (const [i, p] of parts.entries()) {
        assert.ok(p.length <= FORGE_BODY_CAPS[forge], `part ${i + 1}: ${p.length} > cap`);
        assert.deepEqual(balanced(p), { fences: true, details: true }, `part ${i + 1}`);
        if (i > 0) assert.match(p, new RegExp(`^<!-- reconcile-plan-part:${i + 1} -->\\n_Reconcile plan, continued from the pull request description \\(part ${i + 1} of ${parts.length}\\)\\._`));
      }
      assert.match(body, /^<!-- reconcile-plan -->\n### Reconcile plan: main → feature/);
      assert.match(body, new RegExp(`\\*\\*${apps} apps changed: 0 objects to create, ${apps * objects} to change, 0 to delete; validation: 0 errors\\.\\*\\*`));
      assert.match(body, new RegExp(`continue in ${comments.length} comments? below`));
      // Every object appears exactly once, in order.
      const expected = plan.apps.flatMap((a) => a.objects.map((o) => objectLabel(o)));
      assert.deepEqual(parts.flatMap(entriesIn), expected);
      // A group cut between parts is reopened as "continued".
      assert.match(comments[0], /<details open><summary>kustomization apps\/app-\d+: changed \(continued\)<\/summary>|^<!-- reconcile-plan-part:2 -->\n[^\n]*\n\n<details><summary>/m);
    });
  }

  it('stays in one body when it fits, with no continuation note', () => {
    const { body, comments } = planPrBody(syntheticPlan(2, 3), { forge: 'github' });
    assert.deepEqual(comments, []);
    assert.doesNotMatch(body, /continue in|Left out/);
    assert.deepEqual(balanced(body), { fences: true, details: true });
  });

  it('keeps the risk list in the first part even when the risky object is in the last part', () => {
    const plan = syntheticPlan(3, 40, 6);
    const last = plan.apps[2].objects[39];
    last.risks.push({ code: 'immutable', reason: 'spec.selector is immutable: the apply fails until the object is deleted and recreated' });
    const { body, comments } = planPrBody(plan, { forge: 'bitbucket' });
    assert.ok(comments.length >= 1);
    const label = objectLabel(last);
    assert.ok(body.includes(`#### ⚠️ Review first\n\n- **\`${label}\`** (kustomization apps/app-2): spec.selector is immutable`));
    assert.ok(!entriesIn(body).includes(label), 'the object itself is in a later part');
    assert.ok(comments.some((c) => entriesIn(c).includes(label)));
  });

  it('with nowhere for the rest (one part, UTF-8 bytes): cuts and names what was left out', () => {
    const plan = syntheticPlan(3, 40, 6);
    const [only, ...rest] = splitPlanMarkdown(plan, { cap: 20_000, measure: utf8Bytes, maxParts: 1, where: 'above' });
    assert.deepEqual(rest, []);
    assert.ok(utf8Bytes(only) <= 20_000, String(utf8Bytes(only)));
    assert.deepEqual(balanced(only), { fences: true, details: true });
    assert.match(only, /_Left out to stay within 20,000 bytes: Deployment app-\d+\/svc-\d+ \(kustomization apps\/app-\d+\);.*and \d+ more\. Run `reconcile plan` locally for the whole plan\._\n$/);
  });

  it('shortens a single entry bigger than a part, closing its fence', () => {
    const entry = '**`ConfigMap a/b`** changed\n\n```diff\n' + Array.from({ length: 3000 }, (_, i) => `+  k${i}: ${'v'.repeat(20)}`).join('\n') + '\n```\n';
    const short = shortenItem(entry, 5000, (s) => s.length);
    assert.ok(short.length <= 5000);
    assert.deepEqual(balanced(short), { fences: true, details: true });
    assert.match(short, /```\n\n_… cut here to fit the size limit; run `reconcile plan` locally for the whole diff\._$/);
  });
});
