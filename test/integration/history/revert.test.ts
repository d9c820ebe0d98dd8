// Revert sync on real repositories: a clean `git revert` and a conflicting one (restored from the
// parent) each produce a branch on a bare remote and a create-PR request that GitHub's OpenAPI
// description accepts, whose body names the objects rolled back; the user's checkout is untouched.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { revertSync, RevertRequest } from '../../../src/core/history/revert';
import { GitHubTestServer } from '../../support/forge-server/github';
import { snapshotUserState } from '../../support/git/tempRepo';
import { applyStep, buildRepo, BuiltRepo, git, overlayKustomization, replicasPatch } from './gitopsRepo';

const TOKEN = 'ghp_revert_test_token_0123456789';

describe('revertSync', () => {
  let repo: BuiltRepo;
  let bare: string;
  let server: GitHubTestServer;
  let later: string;

  before(async () => {
    repo = await buildRepo();
    // A later change to the same line makes reverting "scale web to 5" conflict.
    later = await applyStep(repo.dir, { message: 'prod: scale web to 7', files: { 'overlays/prod/replicas.yaml': replicasPatch(7, '# scaled for the launch\n') } });
    bare = path.join(repo.root, 'remote.git');
    git(repo.root, 'init', '-q', '--bare', '-b', 'main', bare);
    git(repo.dir, 'remote', 'add', 'origin', `file://${bare}`);
    git(repo.dir, 'push', '-q', 'origin', 'main');
    server = await new GitHubTestServer(TOKEN).start();
  });
  after(async () => {
    await server.close();
    await repo.cleanup();
  });
  beforeEach(() => {
    server.repos.clear();
    server.requests.length = 0;
    server.addRepo('acme/gitops');
  });

  const request = (commit: string, extra: Partial<RevertRequest> = {}): RevertRequest => ({
    repoDir: repo.dir,
    commit,
    toolVersion: '0.0.0-test',
    forge: { kind: 'github', apiUrl: server.baseUrl, repoPath: 'acme/gitops' },
    token: () => TOKEN,
    ...extra,
  });

  function prRequest() {
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/gitops/pulls');
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0].problems, []);
    assert.ok(posts[0].authorized);
    return posts[0].body as { title: string; head: string; base: string; body: string };
  }

  it('reverts cleanly on a new branch, pushes it and opens a PR naming the objects', async () => {
    const state = await snapshotUserState(repo.dir);
    const status = git(repo.dir, 'status', '--porcelain');
    const image = repo.commits[7];
    const r = await revertSync(request(image));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const v = r.value;
    assert.equal(v.mode, 'revert');
    assert.deepEqual(v.files, ['overlays/prod/kustomization.yaml']);
    assert.equal(git(bare, 'rev-parse', `refs/heads/${v.branch}`).trim(), v.commit);
    assert.equal(git(bare, 'rev-parse', `${v.commit}^`).trim(), git(bare, 'rev-parse', 'main').trim());
    assert.match(git(bare, 'show', `${v.commit}:overlays/prod/kustomization.yaml`), /newTag: "1\.25\.1"/);
    assert.match(git(bare, 'log', '-1', '--format=%B', v.commit), new RegExp(`This reverts commit ${image}`));
    assert.deepEqual(
      v.objects.map((o) => [o.app, o.id.kind, o.id.namespace, o.id.name, o.change, o.paths]),
      [['overlays/prod', 'Deployment', 'prod', 'web', 'update', ['spec.template.spec.containers[name=web].image']]],
    );
    const pr = prRequest();
    assert.equal(pr.head, v.branch);
    assert.equal(pr.base, 'main');
    assert.equal(pr.title, 'Revert "prod: nginx 1.27.0"');
    assert.match(pr.body, /`Deployment prod\/web` \(overlays\/prod\): `spec\.template\.spec\.containers\[name=web\]\.image`/);
    assert.match(pr.body, /-\s+image: nginx:1\.27\.0\n\+\s+image: nginx:1\.25\.1/);
    assert.equal(v.pullRequest?.number, 1);
    assert.deepEqual(await snapshotUserState(repo.dir), state);
    assert.equal(git(repo.dir, 'status', '--porcelain'), status);
    assert.equal(git(repo.dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)?.length, 1, 'the temporary worktree is gone');
  });

  it('restores the files from the parent when the revert conflicts, and says so', async () => {
    const state = await snapshotUserState(repo.dir);
    const scale = repo.commits[3];
    const r = await revertSync(request(scale, { title: 'Roll back the scale-up' }));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const v = r.value;
    assert.equal(v.mode, 'restore');
    assert.deepEqual(v.conflicts, ['overlays/prod/replicas.yaml']);
    assert.equal(git(bare, 'show', `${v.branch}:overlays/prod/replicas.yaml`), replicasPatch(3));
    assert.equal(git(bare, 'rev-parse', `${v.branch}^`).trim(), later);
    assert.deepEqual(
      v.objects.map((o) => [o.id.kind, o.id.name, o.change, o.paths]),
      [['Deployment', 'web', 'update', ['spec.replicas']]],
    );
    const pr = prRequest();
    assert.equal(pr.title, 'Roll back the scale-up');
    assert.match(pr.body, /\*\*restore\*\*, not a revert/);
    assert.match(pr.body, /`Deployment prod\/web` \(overlays\/prod\): `spec\.replicas`/);
    assert.match(git(bare, 'log', '-1', '--format=%B', v.branch), /Restores the files changed by/);
    assert.deepEqual(await snapshotUserState(repo.dir), state);
  });

  it('refuses a commit that is not on the base branch, and checks the token before committing', async () => {
    const side = git(repo.dir, 'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', 'local only').trim();
    const notOnBase = await revertSync(request(side));
    assert.equal(!notOnBase.ok && notOnBase.error.code, 'not-on-base');
    const before = git(repo.dir, 'for-each-ref', 'refs/heads/');
    const noToken = await revertSync(request(repo.commits[1], { token: () => undefined }));
    assert.equal(!noToken.ok && noToken.error.code, 'no-token');
    assert.equal(git(repo.dir, 'for-each-ref', 'refs/heads/'), before);
    const bad = await revertSync(request('no-such-commit'));
    assert.equal(!bad.ok && bad.error.code, 'bad-revision');
    assert.equal(server.requests.length, 0);
  });

  it('reverts a merged pull request against its first parent', async () => {
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    await applyStep(repo.dir, { message: 'prod: nginx 1.29.0', files: { 'overlays/prod/kustomization.yaml': overlayKustomization('1.29.0') } });
    git(repo.dir, 'checkout', '-q', 'main');
    git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #77 from acme/feature', 'feature');
    const merge = git(repo.dir, 'rev-parse', 'HEAD').trim();
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const r = await revertSync(request(merge));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.mode, 'revert');
    assert.match(git(bare, 'show', `${r.value.branch}:overlays/prod/kustomization.yaml`), /newTag: "1\.27\.0"/);
    assert.deepEqual(r.value.objects.map((o) => o.paths), [['spec.template.spec.containers[name=web].image']]);
    assert.equal(prRequest().title, 'Revert "Merge pull request #77 from acme/feature"');
  });
});
