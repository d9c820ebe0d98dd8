// Which remote Revert Sync pushes to when none is named: real repositories with two bare remotes.
// A fork workflow has `origin` (the user's fork) and `upstream` (where the branch lives and PRs go);
// the branch's tracking says which one, and only when nothing says it is the choice ambiguous.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { revertSync } from '../../../src/core/history/revert';
import { chooseRemote, remoteWithoutAsking } from '../../../src/core/sync/git/remoteChoice';
import { buildRepo, BuiltRepo, git } from './gitopsRepo';

function hasBranch(bare: string, branch: string): boolean {
  return git(bare, 'for-each-ref', '--format=%(refname)', `refs/heads/${branch}`).trim() !== '';
}

describe('Revert Sync remote choice', () => {
  let repo: BuiltRepo;
  let origin: string;
  let upstream: string;

  before(async () => {
    repo = await buildRepo();
    origin = path.join(repo.root, 'origin.git');
    upstream = path.join(repo.root, 'upstream.git');
    for (const [name, bare] of [['origin', origin], ['upstream', upstream]]) {
      git(repo.root, 'init', '-q', '--bare', '-b', 'main', bare);
      git(repo.dir, 'remote', 'add', name, `file://${bare}`);
      git(repo.dir, 'push', '-q', name, 'main');
    }
  });
  after(() => repo.cleanup());

  it('is ambiguous with two remotes and no tracking; without asking it keeps origin', async () => {
    const choice = await chooseRemote(repo.dir, process.env);
    assert.deepEqual(choice, { kind: 'ambiguous', remotes: ['origin', 'upstream'] });
    assert.equal(remoteWithoutAsking(choice), 'origin');
    assert.equal(remoteWithoutAsking({ kind: 'ambiguous', remotes: ['fork', 'upstream'] }), undefined);
  });

  it('pushes to the remote the branch tracks, not origin', async () => {
    git(repo.dir, 'branch', '-q', '--set-upstream-to=upstream/main', 'main');
    try {
      assert.deepEqual(await chooseRemote(repo.dir, process.env), { kind: 'chosen', remote: 'upstream', why: 'tracked' });
      const r = await revertSync({ repoDir: repo.dir, commit: repo.commits[7], toolVersion: '0.0.0-test' });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.remote, 'upstream');
      assert.ok(hasBranch(upstream, r.value.branch), 'the revert branch is on upstream');
      assert.ok(!hasBranch(origin, r.value.branch), 'origin is left alone');
    } finally {
      git(repo.dir, 'branch', '-q', '--unset-upstream', 'main');
    }
  });

  it('uses a lone remote whatever its name, and an explicit remote over tracking', async () => {
    git(repo.dir, 'remote', 'rename', 'origin', 'fork');
    try {
      git(repo.dir, 'remote', 'remove', 'upstream');
      assert.deepEqual(await chooseRemote(repo.dir, process.env), { kind: 'chosen', remote: 'fork', why: 'only' });
      const r = await revertSync({ repoDir: repo.dir, commit: repo.commits[1], toolVersion: '0.0.0-test', branch: 'revert-on-fork' });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.remote, 'fork');
      assert.ok(hasBranch(origin, 'revert-on-fork'));
    } finally {
      git(repo.dir, 'remote', 'rename', 'fork', 'origin');
      git(repo.dir, 'remote', 'add', 'upstream', `file://${upstream}`);
    }
    git(repo.dir, 'fetch', '-q', 'upstream');
    git(repo.dir, 'branch', '-q', '--set-upstream-to=upstream/main', 'main');
    const r = await revertSync({ repoDir: repo.dir, commit: repo.commits[7], toolVersion: '0.0.0-test', remote: 'origin', branch: 'revert-explicit' });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.ok(hasBranch(origin, 'revert-explicit') && !hasBranch(upstream, 'revert-explicit'));
  });
});
