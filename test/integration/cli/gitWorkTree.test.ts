// The CLI's git questions (work-tree root, remote URLs, checked-out branch) as plain git processes, with real git
// repositories; simple-git, which answered them before, is the oracle for the remotes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { simpleGit } from 'simple-git';
import { gitCurrentBranch, gitRemoteUrls, remoteUrlsOf, runGit } from '../../../src/core/index/gitRemotes';
import { findRepoRoot, GitWorkTree } from '../../../src/cli/repo';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-gitworktree-')));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

/** What `gitRemoteUrls` returned when it read `getRemotes(true)` through simple-git. */
async function simpleGitUrls(dir: string): Promise<string[]> {
  const remotes = await simpleGit({ baseDir: dir }).getRemotes(true);
  return [...new Set(remotes.flatMap((r) => [r.refs.fetch, r.refs.push]).filter((u) => u && u.length > 0))];
}

function repoWithRemotes(name: string): string {
  const repo = path.join(tmp, name);
  fs.mkdirSync(path.join(repo, 'apps', 'prod'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'remote', 'add', 'origin', 'https://github.com/example/fleet-infra.git');
  git(repo, 'remote', 'set-url', '--push', 'origin', 'git@github.com:example/fleet-infra.git');
  git(repo, 'remote', 'add', 'mirror', 'https://github.com/example/fleet-infra.git');
  git(repo, 'remote', 'add', 'short', 'gh:example/other');
  // `git remote -v` shows URLs after insteadOf rewriting, as before.
  git(repo, 'config', 'url.https://github.com/.insteadOf', 'gh:');
  git(repo, 'remote', 'add', 'local', path.join(tmp, 'elsewhere with spaces.git'));
  return repo;
}

describe('git questions without simple-git', () => {
  it('remote URLs are the ones simple-git read, in the same order, from the root and from a subfolder', async () => {
    const repo = repoWithRemotes('remotes');
    const expected = await simpleGitUrls(repo);
    assert.ok(expected.includes('https://github.com/example/other'), expected.join(' '));
    assert.deepEqual(await gitRemoteUrls(repo), expected);
    const tree = new GitWorkTree(path.join(repo, 'apps', 'prod'));
    assert.equal(await tree.root, repo);
    assert.deepEqual(await tree.remoteUrls(repo), expected);
  });

  it('reads `git remote -v` as simple-git did: blank lines, tabs, a line without a purpose, repeated kinds', () => {
    const text = '\n  origin\thttps://a.example/x.git (fetch)\norigin\thttps://b.example/x.git (push)\r\nlonely\nup  https://c.example/y (fetch)\nup https://d.example/y (fetch)\n\n';
    assert.deepEqual(remoteUrlsOf(text), ['https://a.example/x.git', 'https://b.example/x.git', 'https://d.example/y']);
    assert.deepEqual(remoteUrlsOf(''), []);
  });

  it('a repository without remotes has none; its root is found from a symlinked folder as a real path', async () => {
    const repo = path.join(tmp, 'plain');
    fs.mkdirSync(path.join(repo, 'deploy'), { recursive: true });
    git(repo, 'init', '-q');
    const link = path.join(tmp, 'link-to-deploy');
    fs.symlinkSync(path.join(repo, 'deploy'), link);
    const tree = new GitWorkTree(link);
    assert.equal(await tree.root, repo);
    assert.equal(await findRepoRoot(link), repo);
    assert.deepEqual(await tree.remoteUrls(repo), []);
    assert.deepEqual(await simpleGitUrls(repo), []);
  });

  it('outside git: no root, and the remotes of another root are asked of that root', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-nogit-'));
    try {
      const tree = new GitWorkTree(outside);
      assert.equal(await tree.root, undefined);
      assert.equal(await findRepoRoot(outside), undefined);
      assert.deepEqual(await tree.remoteUrls(outside), []);
      // A root that is not the one found (the CLI's fallback root) gets its own answer.
      const repo = repoWithRemotes('other-root');
      assert.deepEqual(await tree.remoteUrls(repo), await simpleGitUrls(repo));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a bare repository and the .git folder are no work tree: no root and no remotes, as with simple-git', async () => {
    const bare = path.join(tmp, 'bare.git');
    git(tmp, 'init', '-q', '--bare', bare);
    git(bare, 'remote', 'add', 'origin', 'https://github.com/example/bare.git');
    assert.deepEqual(await gitRemoteUrls(bare), []);
    assert.equal(await findRepoRoot(bare), undefined);
    const repo = repoWithRemotes('dotgit');
    assert.deepEqual(await gitRemoteUrls(path.join(repo, '.git')), []);
    assert.equal(await findRepoRoot(path.join(repo, '.git')), undefined);
  });

  it('the checked-out branch, and none when HEAD is detached', async () => {
    const repo = path.join(tmp, 'branches');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'release/1.2');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'one');
    assert.equal(await gitCurrentBranch(repo), 'release/1.2');
    git(repo, 'checkout', '-q', '--detach');
    assert.equal(await gitCurrentBranch(repo), undefined);
    assert.equal(await gitCurrentBranch(path.join(tmp, 'missing')), undefined);
  });

  it('a git that cannot start is no error: no root, no remotes, no branch, one log line', async () => {
    const repo = repoWithRemotes('nogit-on-path');
    const saved = process.env.PATH;
    process.env.PATH = path.join(tmp, 'empty-bin');
    try {
      const answer = await runGit(repo, ['--version']);
      assert.equal(answer.ok, false);
      const tree = new GitWorkTree(repo);
      assert.equal(await tree.root, undefined);
      const logged: string[] = [];
      const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
      assert.deepEqual(await gitRemoteUrls(repo, logger), []);
      assert.equal(logged.length, 1);
      assert.match(logged[0], /^git remotes not read \(.*ENOENT.*\); Argo CD repoURL matching is off$/);
      assert.equal(await gitCurrentBranch(repo), undefined);
    } finally {
      process.env.PATH = saved;
    }
  });
});
