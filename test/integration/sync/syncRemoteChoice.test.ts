// Which remote Open Sync PR pushes to when none is named (the VS Code command and `reconcile pr` without
// --remote): the remote the base branch tracks, not a hard-coded `origin`. Real git, bare repositories served
// over smart HTTP, the Gitea test server as the forge.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSyncPullRequest } from '../../../src/core/sync/openSyncPr';
import { serveWithGitea, ServedRepos } from '../../support/git/servedRepos';
import { createRepos, git, TempRepos, writeFiles } from '../../support/git/tempRepo';

const TOKEN = 'gitea_remote_choice_token_0123';
const CONFIGMAP = 'apps/web/configmap.yaml';
const FILES = {
  [CONFIGMAP]: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: web\ndata:\n  GREETING: hello\n',
};

describe('openSyncPullRequest without a named remote', () => {
  let served: ServedRepos;
  let upstreamBare: string;
  let forkBare: string;
  let repos: TempRepos;

  before(async () => {
    repos = await createRepos(FILES);
    served = await serveWithGitea(repos, [CONFIGMAP], TOKEN);
    upstreamBare = repos.bare;
    forkBare = path.join(served.served, 'me', 'gitops.git');
    await fs.mkdir(path.dirname(forkBare), { recursive: true });
    git(repos.root, 'clone', '-q', '--bare', upstreamBare, forkBare);
    // A fork workflow: the clone's `main` tracks `upstream`; `fork` is the user's copy, and there is no `origin`.
    git(repos.work, 'remote', 'rename', 'origin', 'upstream');
    git(repos.work, 'remote', 'add', 'fork', served.gitServer.urlFor('me/gitops.git'));
  });
  after(async () => {
    await served.close();
    await repos.cleanup();
  });

  const request = (title: string, token: string) => served.request(title, token);
  const branches = (bare: string) => git(bare, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').trim().split('\n').sort();

  it('pushes to the remote the base branch tracks and names it in the resume command', async () => {
    assert.equal(git(repos.work, 'config', '--get', 'branch.main.remote').trim(), 'upstream');
    await writeFiles(repos.work, { [CONFIGMAP]: FILES[CONFIGMAP].replace('hello', 'hi') });
    const r = await openSyncPullRequest(request('Say hi', TOKEN));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.forge.repoPath, 'team/gitops');
    assert.ok(branches(upstreamBare).includes(r.value.branch), 'the sync branch is on upstream');
    assert.deepEqual(branches(forkBare), ['main'], 'nothing pushed to the other remote');

    // After the push, a failure's resume command must push to the same remote.
    await writeFiles(repos.work, { [CONFIGMAP]: FILES[CONFIGMAP].replace('hello', 'hey') });
    const failed = await openSyncPullRequest(request('Say hey', 'wrong-token'));
    assert.ok(!failed.ok);
    assert.equal(failed.error.code, 'auth');
    assert.match(failed.error.message, /reconcile pr --resume reconcile\/say-hey-[0-9a-f]{7} --base main --title 'Say hey' --remote upstream /);
  });

  it('with several remotes, none tracked and none named origin, stops before committing and lists them', async () => {
    git(repos.work, 'branch', '--unset-upstream', 'main');
    try {
      const refs = git(repos.work, 'for-each-ref');
      const r = await openSyncPullRequest(request('Nothing', TOKEN));
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'no-remote');
      assert.equal(r.error.message, "This repository has no git remote named 'origin'. Its remotes are: fork, upstream; pick one with --remote.");
      assert.equal(git(repos.work, 'for-each-ref'), refs, 'nothing committed or pushed');
    } finally {
      git(repos.work, 'branch', '--set-upstream-to', 'upstream/main', 'main');
    }
  });
});
