// Temp repositories for sync tests: a bare remote, a clone with its own identity, and a byte
// snapshot of everything the sync must leave alone (HEAD, index file, working tree files).
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface TempRepos {
  root: string;
  /** Directory of the bare repository that plays the remote. */
  bare: string;
  /** The user's clone. */
  work: string;
  cleanup(): Promise<void>;
}

/** A bare remote with `main` holding `files`, and a clone of it with user.name/email set. */
export async function createRepos(files: Record<string, string>, opts: { remoteUrl?: (bare: string) => string } = {}): Promise<TempRepos> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-git-'));
  const bare = path.join(root, 'remote.git');
  const seed = path.join(root, 'seed');
  const work = path.join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', bare);
  git(root, 'init', '-q', '-b', 'main', seed);
  configure(seed);
  await writeFiles(seed, files);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'initial');
  git(seed, 'push', '-q', bare, 'main:main');
  const url = opts.remoteUrl ? opts.remoteUrl(bare) : `file://${bare}`;
  git(root, 'clone', '-q', url, work);
  configure(work);
  return { root, bare, work, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

export function configure(dir: string): void {
  git(dir, 'config', 'user.name', 'Reconcile Test');
  git(dir, 'config', 'user.email', 'test@reconcile.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, text);
  }
}

/** Commits `files` on `branch` of the bare remote through a scratch clone (someone else's push). */
export async function pushFromElsewhere(repos: TempRepos, branch: string, files: Record<string, string>, message = 'other change'): Promise<void> {
  const other = await fs.mkdtemp(path.join(repos.root, 'other-'));
  git(repos.root, 'clone', '-q', `file://${repos.bare}`, other);
  configure(other);
  const exists = git(other, 'ls-remote', '--heads', 'origin', branch).trim() !== '';
  if (exists) git(other, 'checkout', '-q', branch);
  else git(other, 'checkout', '-q', '-b', branch);
  await writeFiles(other, files);
  git(other, 'add', '-A');
  git(other, 'commit', '-q', '-m', message);
  git(other, 'push', '-q', 'origin', `${branch}:${branch}`);
}

/** Installs a server-side pre-receive hook that refuses every push, like a protected branch rule. */
export async function protectRemote(bare: string, message = 'protected branch: pushes to this repository need review'): Promise<void> {
  const hook = path.join(bare, 'hooks', 'pre-receive');
  await fs.writeFile(hook, `#!/bin/sh\necho "${message}" >&2\nexit 1\n`, { mode: 0o755 });
}

export interface UserState {
  head: string;
  headCommit: string;
  index: string;
  files: Record<string, string>;
  refs: string;
}

/** Everything the user owns, byte for byte (index file and working tree), plus local branches. */
export async function snapshotUserState(work: string): Promise<UserState> {
  const files: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else files[path.relative(work, abs)] = (await fs.readFile(abs)).toString('base64');
    }
  };
  await walk(work);
  let index = '';
  try {
    index = (await fs.readFile(path.join(work, '.git', 'index'))).toString('base64');
  } catch {
    index = '<none>';
  }
  const refs = git(work, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/')
    .split('\n')
    .filter((l) => !l.startsWith('refs/heads/reconcile/'))
    .join('\n');
  return {
    head: await fs.readFile(path.join(work, '.git', 'HEAD'), 'utf8'),
    headCommit: git(work, 'rev-parse', 'HEAD').trim(),
    index,
    files,
    refs,
  };
}
