// Secret values never appear in a plan, whatever the output: a changed Secret names its changed keys with
// a hash of each value, a new Secret shows its keys only. Every output format (text, markdown, JSON, the
// PR body and its comments) is searched for the values, in clear and base64.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { plan } from '../../../src/core/plan/plan';
import { planPrBody } from '../../../src/core/sync/prBody';
import { Plan } from '../../../src/core/plan/types';
import { cli, DEMO, DEMO_REMOTE, git, PlanRepo, repoFrom } from './planRepo';

const OLD = 'demo-password-in-git';
const NEW = 'rotated-Pa55word-8c1f';
const ADDED = 'brand-new-api-key-77aa';
const CREATED = 'created-secret-token-42';
const VALUES = [OLD, NEW, ADDED, CREATED].flatMap((v) => [v, Buffer.from(v).toString('base64')]);

describe('plan: Secret values never shown', () => {
  let repo: PlanRepo;
  before(() => {
    repo = repoFrom(DEMO, { remote: DEMO_REMOTE });
    repo.edit('apps/base/api/secret.yaml', `password: ${OLD}`, `password: ${NEW}\n  apiKey: ${ADDED}`);
    repo.write('apps/base/api/token.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-token\ndata:\n  token: ${Buffer.from(CREATED).toString('base64')}\n`);
    repo.edit('apps/base/api/kustomization.yaml', '  - secret.yaml', '  - secret.yaml\n  - token.yaml');
  });
  after(() => repo.cleanup());

  it('lists the changed keys by hash in the plan data', async () => {
    const r = await plan({ repoRoot: repo.dir, indexSettings: { repoUrls: [DEMO_REMOTE] } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const apps = r.plan.apps.filter((a) => a.status === 'changed');
    // Production (Flux) and staging (Argo CD) both include the api base.
    assert.deepEqual(apps.map((a) => a.path).sort(), ['apps/production', 'apps/staging']);
    for (const a of apps) {
      const changed = a.objects.find((o) => o.kind === 'Secret' && o.name === 'api-db');
      assert.ok(changed);
      assert.deepEqual(changed.fields.map((f) => f.path).sort(), ['data.apiKey', 'data.password']);
      for (const f of changed.fields) {
        if (f.before !== undefined) assert.match(String(f.before), /^sha256:[0-9a-f]{10}$/);
        assert.match(String(f.after), /^sha256:[0-9a-f]{10}$/);
      }
      const created = a.objects.find((o) => o.kind === 'Secret' && o.name === 'api-token');
      assert.equal(created?.change, 'created');
      assert.match(created!.diff, /\+\s+token: \(set\)/);
    }
  });

  it('shows no value in text, markdown, JSON, the PR body or its comments', async () => {
    const outputs: Record<string, string> = {};
    for (const format of ['text', 'markdown', 'json']) {
      const r = await cli(['plan', '--no-validate', '--format', format], repo.dir);
      assert.equal(r.code, 0, r.err);
      outputs[format] = r.out + r.err;
    }
    assert.match(outputs.text, /~ Secret production\/api-db\n\s+data\.password: "sha256:[0-9a-f]{10}" → "sha256:[0-9a-f]{10}"\n\s+data\.apiKey: \(absent\) → "sha256:[0-9a-f]{10}"\n\s+\+ Secret production\/api-token\n/);
    // The PR body as Open Sync PR makes it, once whole and once cut into comments.
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', 'rotate the api credentials');
    const r = await plan({ repoRoot: repo.dir, base: 'HEAD~1', head: { kind: 'commit', ref: 'HEAD' }, indexSettings: { repoUrls: [DEMO_REMOTE] } });
    assert.ok(r.ok);
    const p: Plan = r.plan;
    assert.ok(p.summary.objects.changed >= 2);
    const whole = planPrBody(p, { forge: 'github' });
    const cut = planPrBody(p, { forge: 'github', cap: 1800 });
    assert.ok(cut.comments.length >= 1);
    outputs.prBody = whole.body;
    outputs.prParts = [cut.body, ...cut.comments].join('\n');
    outputs.planJson = JSON.stringify(p);
    for (const [name, text] of Object.entries(outputs)) {
      for (const v of VALUES) assert.ok(!text.includes(v), `${name} contains a Secret value (${v})`);
      assert.match(text, /sha256:[0-9a-f]{10}/, name);
    }
  });
});
