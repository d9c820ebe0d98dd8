// The git half of a sync PR against real git and a bare remote over file:// and over HTTP
// (git-http-backend). After every run the user's HEAD, index file and working tree must be
// byte-identical to before.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSyncBranch } from '../../../src/core/sync/git/createSyncBranch';
import { createRepos, git, protectRemote, pushFromElsewhere, snapshotUserState, TempRepos, writeFiles } from '../../support/git/tempRepo';
import { GitHttpServer, startGitHttpServer } from '../../support/git/httpBackend';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');

async function corpusFiles(): Promise<Record<string, string>> {
  const rels = ['apps/base/podinfo/release.yaml', 'apps/base/podinfo/kustomization.yaml', 'apps/production/podinfo-values.yaml', 'clusters/production/apps.yaml'];
  const out: Record<string, string> = {};
  for (const r of rels) out[r] = await fs.readFile(path.join(CORPUS, r), 'utf8');
  return out;
}

async function withRepos(fn: (r: TempRepos, files: Record<string, string>) => Promise<void>, remoteUrl?: (bare: string) => string): Promise<void> {
  const files = await corpusFiles();
  const repos = await createRepos(files, { remoteUrl });
  try {
    await fn(repos, files);
  } finally {
    await repos.cleanup();
  }
}

function editRelease(text: string): string {
  const edited = text.replace('interval: 50m', 'interval: 10m');
  assert.notEqual(edited, text);
  return edited;
}

describe('createSyncBranch over file://', () => {
  it('commits only the chosen file on a new branch of the remote, leaving the user state untouched', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      await writeFiles(repos.work, {
        [release]: editRelease(files[release]),
        'apps/production/podinfo-values.yaml': files['apps/production/podinfo-values.yaml'] + '# unrelated dirty edit\n',
        'scratch.txt': 'untracked, not chosen\n',
      });
      git(repos.work, 'add', 'scratch.txt'); // a staged unrelated file must stay staged and out of the commit
      const before = await snapshotUserState(repos.work);
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'Speed up podinfo reconcile', env: process.env });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.match(r.value.branch, /^reconcile\/speed-up-podinfo-reconcile-[0-9a-f]{7}$/);
      assert.equal(r.value.branch.slice(-7), r.value.commit.slice(0, 7));
      assert.deepEqual(r.value.changed, [release]);
      assert.deepEqual(await snapshotUserState(repos.work), before);
      // The remote has exactly that commit: parent = main, one file changed, with the edited bytes.
      const remoteSha = git(repos.bare, 'rev-parse', `refs/heads/${r.value.branch}`).trim();
      assert.equal(remoteSha, r.value.commit);
      assert.equal(git(repos.bare, 'rev-parse', `${remoteSha}^`).trim(), git(repos.bare, 'rev-parse', 'main').trim());
      assert.equal(git(repos.bare, 'diff', '--name-only', 'main', remoteSha).trim(), release);
      assert.equal(git(repos.bare, 'show', `${remoteSha}:${release}`), editRelease(files[release]));
      assert.equal(git(repos.bare, 'log', '-1', '--format=%s', remoteSha).trim(), 'Speed up podinfo reconcile');
    }));

  it('commits deletions and new files, and merges a base that moved on in other files and hunks', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      // Someone else changes the same file far from the user's edit, and another file.
      const theirs = files[release].replace('tag: 8.6.2', 'tag: 8.6.3');
      await pushFromElsewhere(repos, 'main', { [release]: theirs, 'clusters/production/apps.yaml': files['clusters/production/apps.yaml'] + '# theirs\n' });
      await writeFiles(repos.work, { [release]: editRelease(files[release]), 'apps/new.yaml': 'kind: ConfigMap\n' });
      await fs.rm(path.join(repos.work, 'apps/production/podinfo-values.yaml'));
      const before = await snapshotUserState(repos.work);
      const r = await createSyncBranch({
        repoDir: path.join(repos.work, 'apps'),
        files: ['base/podinfo/release.yaml', 'new.yaml', 'production/podinfo-values.yaml'],
        title: 'Mixed',
        base: 'main',
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(r.value.changed, ['apps/base/podinfo/release.yaml', 'apps/new.yaml', 'apps/production/podinfo-values.yaml']);
      const merged = git(repos.bare, 'show', `${r.value.commit}:${release}`);
      assert.equal(merged, editRelease(theirs)); // both edits present
      assert.equal(git(repos.bare, 'show', `${r.value.commit}:clusters/production/apps.yaml`), files['clusters/production/apps.yaml'] + '# theirs\n');
      assert.throws(() => git(repos.bare, 'show', `${r.value.commit}:apps/production/podinfo-values.yaml`));
      assert.deepEqual(await snapshotUserState(repos.work), before);
    }));

  it('fails with merge-conflict when the base changed the same lines, committing nothing', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      await pushFromElsewhere(repos, 'main', { [release]: files[release].replace('interval: 50m', 'interval: 5m') });
      await writeFiles(repos.work, { [release]: editRelease(files[release]) });
      const before = await snapshotUserState(repos.work);
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'merge-conflict');
      assert.match(r.error.message, /conflict with changes made on origin\/main since your branch forked: apps\/base\/podinfo\/release\.yaml/);
      assert.match(r.error.message, /Nothing was committed/);
      assert.equal(git(repos.work, 'for-each-ref', 'refs/heads/reconcile/').trim(), '');
      assert.deepEqual(await snapshotUserState(repos.work), before);
    }));

  it('reports no remote, detached HEAD, missing base and nothing to commit', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      let r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x', remote: 'upstream' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'no-remote');
      assert.match(r.error.message, /no git remote named 'upstream'\. Its remotes are: origin/);

      r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'nothing-to-commit');
      assert.match(r.error.message, /same as on origin\/main: there is nothing to propose/);

      r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x', base: 'release-9' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'base-not-found');
      assert.match(r.error.message, /base branch 'release-9' does not exist on the remote 'origin'/);

      git(repos.work, 'checkout', '-q', '--detach', 'HEAD');
      await writeFiles(repos.work, { [release]: editRelease(files[release]) });
      const before = await snapshotUserState(repos.work);
      r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'detached-head');
      assert.match(r.error.message, /HEAD is detached \(at [0-9a-f]+\).*--base main/);
      // With an explicit base a detached HEAD is fine.
      const ok = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x', base: 'main' });
      assert.ok(ok.ok, ok.ok ? '' : ok.error.message);
      assert.deepEqual(await snapshotUserState(repos.work), before);

      const outside = await createSyncBranch({ repoDir: repos.work, files: ['../elsewhere.yaml'], title: 'x', base: 'main' });
      assert.ok(!outside.ok);
      assert.equal(outside.error.code, 'file-outside-repo');
    }));

  it('keeps the local branch and says how to retry when a protected-branch hook rejects the push', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      await protectRemote(repos.bare);
      await writeFiles(repos.work, { [release]: editRelease(files[release]) });
      const before = await snapshotUserState(repos.work);
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'Protected' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'push-rejected-protected');
      assert.match(r.error.message, /refused the push of reconcile\/protected-[0-9a-f]{7}: the branch is protected or a server hook declined it/);
      assert.match(r.error.message, /protected branch: pushes to this repository need review/);
      assert.ok(r.error.branch);
      assert.equal(r.error.retry, `git push origin refs/heads/${r.error.branch}:refs/heads/${r.error.branch}`);
      assert.match(r.error.message, /The commit is kept on the local branch/);
      assert.ok(git(repos.work, 'rev-parse', '--verify', `refs/heads/${r.error.branch}`).trim());
      assert.deepEqual(await snapshotUserState(repos.work), before);
      // The retry command works once the hook is gone.
      await fs.rm(path.join(repos.bare, 'hooks', 'pre-receive'));
      git(repos.work, ...r.error.retry!.split(' ').slice(1));
      assert.ok(git(repos.bare, 'rev-parse', `refs/heads/${r.error.branch}`).trim());
    }));

  it('reports a non-fast-forward rejection and a local branch that already exists', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      await pushFromElsewhere(repos, 'reconcile/taken', { 'other.txt': 'x\n' });
      await writeFiles(repos.work, { [release]: editRelease(files[release]) });
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x', branch: 'reconcile/taken' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'push-rejected-non-fast-forward');
      assert.match(r.error.message, /rejected reconcile\/taken as a non-fast-forward update/);
      const again = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x', branch: 'reconcile/taken' });
      assert.ok(!again.ok);
      assert.equal(again.error.code, 'branch-exists');
      assert.match(again.error.message, /local branch named 'reconcile\/taken' already exists/);
    }));

  it('reports progress, and a cancellation before the commit leaves nothing behind', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      await writeFiles(repos.work, { [release]: editRelease(files[release]) });
      const steps: string[] = [];
      const token = { isCancellationRequested: false };
      const r = await createSyncBranch({
        repoDir: repos.work,
        files: [release],
        title: 'cancel me',
        cancellation: token,
        progress: (done, total, message) => {
          steps.push(`${done}/${total} ${message}`);
          if (message === 'Building the commit') token.isCancellationRequested = true;
        },
      });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'cancelled');
      assert.match(r.error.message, /nothing was committed/);
      assert.deepEqual(steps, ['0/5 Fetching origin/main', '1/5 Building the commit']);
      assert.equal(git(repos.work, 'for-each-ref', 'refs/heads/reconcile/').trim(), '');
      const done: string[] = [];
      const ok = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'progress', progress: (d, t, m) => done.push(`${d}/${t} ${m}`) });
      assert.ok(ok.ok);
      assert.deepEqual(done.map((s) => s.replace(/reconcile\/\S+/, 'B')), ['0/5 Fetching origin/main', '1/5 Building the commit', '2/5 Committing', '3/5 Pushing B', '5/5 Pushed']);
    }));

  it('stores files the way git add would (core.autocrlf, executable bit)', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      git(repos.work, 'config', 'core.autocrlf', 'true');
      await writeFiles(repos.work, { [release]: editRelease(files[release]).replace(/\n/g, '\r\n'), 'hack/run.sh': '#!/bin/sh\necho hi\n' });
      await fs.chmod(path.join(repos.work, 'hack/run.sh'), 0o755);
      const r = await createSyncBranch({ repoDir: repos.work, files: [release, 'hack/run.sh'], title: 'eol' });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(git(repos.bare, 'show', `${r.value.commit}:${release}`), editRelease(files[release]));
      assert.match(git(repos.bare, 'ls-tree', r.value.commit, 'hack/run.sh'), /^100755 blob /);
    }));

  it('reports a missing git identity before creating anything', () =>
    withRepos(async (repos, files) => {
      const release = 'apps/base/podinfo/release.yaml';
      git(repos.work, 'config', '--unset', 'user.name');
      git(repos.work, 'config', '--unset', 'user.email');
      await writeFiles(repos.work, { [release]: editRelease(files[release]) });
      const home = await fs.mkdtemp(path.join(repos.root, 'home-'));
      const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', EMAIL: '', GIT_AUTHOR_NAME: '' };
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'x', env });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'git-identity');
      assert.match(r.error.message, /git config --global user.name/);
    }));
});

describe('createSyncBranch over HTTP (git http-backend)', () => {
  let server: GitHttpServer;
  let authServer: GitHttpServer;
  let projectRoot = '';
  before(async () => {
    projectRoot = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'reconcile-http-'));
    server = await startGitHttpServer(projectRoot);
    authServer = await startGitHttpServer(projectRoot, { auth: { user: 'alice', password: 's3cret' } });
  });
  after(async () => {
    await server.close();
    await authServer.close();
    await fs.rm(projectRoot, { recursive: true, force: true });
  });

  async function httpRepos(srv: () => GitHttpServer): Promise<TempRepos> {
    const files = await corpusFiles();
    // The bare repo must sit under the served project root.
    const repos = await createRepos(files, { remoteUrl: (bare) => `file://${bare}` });
    const name = path.basename(repos.root) + '.git';
    await fs.rename(repos.bare, path.join(projectRoot, name));
    repos.bare = path.join(projectRoot, name);
    git(repos.work, 'remote', 'set-url', 'origin', srv().urlFor(name));
    return repos;
  }

  it('pushes the branch through the smart HTTP transport', async () => {
    const repos = await httpRepos(() => server);
    try {
      const release = 'apps/base/podinfo/release.yaml';
      const text = editRelease(await fs.readFile(path.join(repos.work, release), 'utf8'));
      await writeFiles(repos.work, { [release]: text });
      const before = await snapshotUserState(repos.work);
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'Over http' });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.match(r.value.remoteUrl, /^http:\/\/127\.0\.0\.1:\d+\//);
      assert.equal(git(repos.bare, 'rev-parse', `refs/heads/${r.value.branch}`).trim(), r.value.commit);
      assert.ok(server.requests.some((q) => q.method === 'POST' && q.url.endsWith('/git-receive-pack')));
      assert.deepEqual(await snapshotUserState(repos.work), before);
    } finally {
      await repos.cleanup();
    }
  });

  it('reports an authentication failure without prompting', async () => {
    const repos = await httpRepos(() => authServer);
    try {
      const release = 'apps/base/podinfo/release.yaml';
      await writeFiles(repos.work, { [release]: 'kind: Changed\n' });
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'auth' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'push-auth');
      assert.match(r.error.message, /Git could not authenticate to 'origin'/);
    } finally {
      await repos.cleanup();
    }
  });

  it('reports network down when the remote does not answer', async () => {
    const repos = await httpRepos(() => server);
    try {
      const dead = await startGitHttpServer(projectRoot);
      const url = dead.urlFor(path.basename(repos.bare));
      await dead.close();
      git(repos.work, 'remote', 'set-url', 'origin', url);
      const release = 'apps/base/podinfo/release.yaml';
      await writeFiles(repos.work, { [release]: 'kind: Changed\n' });
      const before = await snapshotUserState(repos.work);
      const r = await createSyncBranch({ repoDir: repos.work, files: [release], title: 'net' });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'network');
      assert.match(r.error.message, /Could not reach the remote 'origin' \(network down or remote unavailable\)/);
      assert.match(r.error.message, /Failed to connect to 127\.0\.0\.1/);
      assert.deepEqual(await snapshotUserState(repos.work), before);
    } finally {
      await repos.cleanup();
    }
  });
});
