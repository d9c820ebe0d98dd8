// Revert in two steps, as the VS Code command does it: `revertSync({ push: false })` makes the branch
// locally (nothing leaves the machine, so a restore can be shown first), then `publishRevert` pushes it
// and opens the pull request; without a token it pushes nothing and keeps the branch.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { publishRevert, revertSync, RevertRequest } from '../../../src/core/history/revert';
import { GitHubTestServer } from '../../support/forge-server/github';
import { snapshotUserState } from '../../support/git/tempRepo';
import { applyStep, buildRepo, BuiltRepo, git, replicasPatch } from './gitopsRepo';

const TOKEN = 'ghp_publish_revert_token_0123456789';

describe('publishRevert', () => {
  let repo: BuiltRepo;
  let bare: string;
  let server: GitHubTestServer;

  before(async () => {
    repo = await buildRepo();
    await applyStep(repo.dir, { message: 'prod: scale web to 7', files: { 'overlays/prod/replicas.yaml': replicasPatch(7, '# scaled for the launch\n') } });
    bare = path.join(repo.root, 'remote.git');
    git(repo.root, 'init', '-q', '--bare', '-b', 'main', bare);
    git(repo.dir, 'remote', 'add', 'origin', `file://${bare}`);
    git(repo.dir, 'push', '-q', 'origin', 'main');
    server = await new GitHubTestServer(TOKEN).start();
    server.addRepo('acme/gitops');
  });
  after(async () => {
    await server.close();
    await repo.cleanup();
  });

  const request = (commit: string, extra: Partial<RevertRequest> = {}): RevertRequest => ({
    repoDir: repo.dir,
    commit,
    toolVersion: '0.0.0-test',
    forge: { kind: 'github', apiUrl: server.baseUrl, repoPath: 'acme/gitops' },
    token: () => TOKEN,
    push: false,
    ...extra,
  });
  const remoteHas = (branch: string) => git(bare, 'for-each-ref', `refs/heads/${branch}`).trim() !== '';

  it('a restore is made locally first, then pushed with its pull request', async () => {
    const state = await snapshotUserState(repo.dir);
    const made = await revertSync(request(repo.commits[3], { title: 'Roll back the scale-up' }));
    assert.ok(made.ok, made.ok ? '' : made.error.message);
    const v = made.value;
    assert.equal(v.mode, 'restore', 'a later commit changed the same line');
    assert.equal(v.pushed, false);
    assert.equal(git(repo.dir, 'rev-parse', `refs/heads/${v.branch}`).trim(), v.commit, 'the branch exists locally');
    assert.equal(remoteHas(v.branch), false, 'nothing was pushed');
    assert.equal(server.requests.length, 0, 'no forge call before publishing');

    const published = await publishRevert({ repoDir: repo.dir, outcome: v, token: () => TOKEN });
    assert.ok(published.ok, published.ok ? '' : published.error.message);
    assert.equal(published.value.pushed, true);
    assert.equal(git(bare, 'rev-parse', `refs/heads/${v.branch}`).trim(), v.commit);
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/gitops/pulls');
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0].problems, []);
    const body = posts[0].body as { head: string; title: string; body: string };
    assert.equal(body.head, v.branch);
    assert.equal(body.title, 'Roll back the scale-up');
    assert.match(body.body, /\*\*restore\*\*, not a revert/);
    assert.equal(published.value.pullRequest?.number, 1);
    assert.deepEqual(await snapshotUserState(repo.dir), state);
  });

  it('without a token nothing is pushed and the local branch is kept', async () => {
    const made = await revertSync(request(repo.commits[7]));
    assert.ok(made.ok, made.ok ? '' : made.error.message);
    const before = server.requests.length;
    const r = await publishRevert({ repoDir: repo.dir, outcome: made.value, token: () => undefined });
    assert.equal(!r.ok && r.error.code, 'no-token');
    assert.match(!r.ok ? r.error.message : '', new RegExp(`the branch ${made.value.branch} is kept locally, nothing was pushed`));
    assert.equal(remoteHas(made.value.branch), false);
    assert.equal(git(repo.dir, 'rev-parse', `refs/heads/${made.value.branch}`).trim(), made.value.commit);
    assert.equal(server.requests.length, before);
  });
});
