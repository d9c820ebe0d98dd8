// The PR body is the plan: `openSyncPullRequest` on the demo repository (real git, a bare remote) against
// the GitHub test server, which checks every request against GitHub's OpenAPI description and refuses
// bodies over GitHub's 65,536 characters. A re-run updates the body in place and replaces the plan's own
// comments (more parts, fewer parts, none), leaving people's comments alone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSyncPullRequest, SyncPrRequest } from '../../../src/core/sync/openSyncPr';
import { GitHubTestServer } from '../../support/forge-server/github';
import { schemaDir } from '../../unit/validate/schemaDir';
import { balanced } from '../../unit/plan/planFixture';
import { DEMO, git, PlanRepo, repoFrom } from './planRepo';

const TOKEN = 'ghp_plan_body_test_token';

describe('the PR body is the plan (openSyncPullRequest, GitHub test server)', () => {
  let repo: PlanRepo;
  let bare: string;
  let forge: GitHubTestServer;
  let request: (extra?: Partial<SyncPrRequest>) => SyncPrRequest;
  before(async () => {
    repo = repoFrom(DEMO);
    bare = path.join(repo.dir, '..', `${path.basename(repo.dir)}-remote.git`);
    git(repo.dir, 'init', '-q', '--bare', '-b', 'main', bare);
    git(repo.dir, 'remote', 'add', 'origin', `file://${bare}`);
    git(repo.dir, 'push', '-q', 'origin', 'main');
    forge = await new GitHubTestServer(TOKEN).start();
    forge.addRepo('platform/demo-gitops');
    request = (extra = {}) => ({
      repoDir: repo.dir,
      files: [path.join(repo.dir, 'apps/production/kustomization.yaml')],
      title: 'Production: podinfo 6.9.9',
      base: 'main',
      forge: { kind: 'github', apiUrl: forge.baseUrl, repoPath: 'platform/demo-gitops' },
      token: () => TOKEN,
      toolVersion: '9.9.9-test',
      plan: { schemaDir: schemaDir() },
      env: { ...process.env, GITHUB_TOKEN: undefined },
      ...extra,
    });
  });
  after(async () => {
    await forge.close();
    repo.cleanup();
    fs.rmSync(bare, { recursive: true, force: true });
  });

  it('opens the PR with the plan: both production Deployments, their image fields and the two validation errors', async () => {
    repo.edit('apps/production/kustomization.yaml', /newTag: \S+/, 'newTag: 6.9.9');
    const r = await openSyncPullRequest(request());
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.warning, undefined);
    const pr = forge.repos.get('platform/demo-gitops')!.pulls[0];
    assert.match(pr.body, /^<!-- reconcile-plan -->\n### Reconcile plan: main → reconcile\/production-podinfo-6-9-9-[0-9a-f]{7}\n/);
    assert.match(pr.body, /reproduce locally: `reconcile plan --base [0-9a-f]{12} --head [0-9a-f]{12} --format markdown`/);
    assert.match(pr.body, /Reconcile 9\.9\.9-test/);
    assert.match(pr.body, /\*\*1 app changed: 0 objects to create, 2 to change, 0 to delete; validation: 2 errors\.\*\*/);
    for (const n of ['api', 'web']) {
      assert.match(pr.body, new RegExp(`\\*\\*\`Deployment production/${n}\`\\*\\* changed\\n- \`spec\\.template\\.spec\\.containers\\[name=${n}\\]\\.image\`: \`"ghcr\\.io/stefanprodan/podinfo:6\\.7\\.1"\` → \`"ghcr\\.io/stefanprodan/podinfo:6\\.9\\.9"\``));
    }
    assert.match(pr.body, /`apps\/base\/api\/deployment\.yaml:21` error RC1104/);
    assert.doesNotMatch(pr.body, /No Kubernetes objects change|No errors/);
    assert.deepEqual(r.value.comments, { created: 0, updated: 0, unchanged: 0, deleted: 0 });
    for (const q of forge.requests) assert.deepEqual(q.problems, [], `${q.method} ${q.path}`);
  });

  it('a plan longer than the cap goes on in comments; a re-run updates the body in place and replaces its own comments', async () => {
    const state = forge.repos.get('platform/demo-gitops')!;
    const branch = state.pulls[0].head;
    // A person's comment on the PR: never touched.
    state.comments.push({ id: 1, issue: 1, body: 'Looks good to me.' });
    const small = await openSyncPullRequest(request({ resumeBranch: branch, bodyCap: 1800 }));
    assert.ok(small.ok, small.ok ? '' : small.error.message);
    assert.equal(small.value.created, false);
    assert.equal(small.value.number, 1);
    const parts = [state.pulls[0].body, ...state.comments.filter((c) => c.id !== 1).map((c) => c.body)];
    assert.ok(parts.length >= 2, `${parts.length} parts`);
    assert.deepEqual(small.value.comments, { created: parts.length - 1, updated: 0, unchanged: 0, deleted: 0 });
    for (const [i, p] of parts.entries()) {
      assert.ok(p.length <= 1800, `part ${i + 1}: ${p.length}`);
      assert.deepEqual(balanced(p), { fences: true, details: true });
      if (i) assert.match(p, new RegExp(`^<!-- reconcile-plan-part:${i + 1} -->`));
    }
    // The header, totals and risks stay whole in the body.
    assert.match(parts[0], /\*\*1 app changed: 0 objects to create, 2 to change, 0 to delete; validation: 2 errors\.\*\*/);
    assert.match(parts[0], /continue in \d+ comments? below/);
    const entries = parts.join('\n').match(/^\*\*`Deployment production\/(api|web)`\*\* changed/gm);
    assert.deepEqual(entries, ['**`Deployment production/api`** changed', '**`Deployment production/web`** changed']);

    // Same cap again: nothing new is posted, the same comments stay.
    const ids = state.comments.map((c) => c.id);
    const same = await openSyncPullRequest(request({ resumeBranch: branch, bodyCap: 1800 }));
    assert.ok(same.ok);
    assert.equal(same.value.comments?.created, 0);
    assert.equal(same.value.comments?.deleted, 0);
    assert.deepEqual(state.comments.map((c) => c.id), ids);

    // Back to GitHub's own cap: the whole plan fits the body, the plan comments go, the person's stays.
    const full = await openSyncPullRequest(request({ resumeBranch: branch }));
    assert.ok(full.ok);
    assert.deepEqual(full.value.comments, { created: 0, updated: 0, unchanged: 0, deleted: parts.length - 1 });
    assert.deepEqual(state.comments.map((c) => c.body), ['Looks good to me.']);
    assert.equal(state.pulls.length, 1);
    assert.doesNotMatch(state.pulls[0].body, /continue in/);
    for (const q of forge.requests) assert.deepEqual(q.problems, [], `${q.method} ${q.path}`);
  });
});
