// Git facts the CLI needs (repository root, remote URLs), from git processes. Absent git is not an error.
export { gitRemoteUrls } from '../core/index/gitRemotes';
import * as fs from 'fs';
import * as path from 'path';
import { isInOrBelow, slashPath } from '../core/confinement';
import { gitRemoteUrls, GitAnswer, remoteUrlsOf, runGit } from '../core/index/gitRemotes';

/** The work tree's top level as a real path (git already resolves symlinks; realpath makes sure). */
export async function findRepoRoot(dir: string): Promise<string | undefined> {
  return topLevelOf(await runGit(dir, ['rev-parse', '--show-toplevel']));
}

function topLevelOf(answer: GitAnswer): string | undefined {
  const top = answer.ok ? answer.stdout.trim() : '';
  return top ? realPath(top) : undefined;
}

/**
 * The work tree around a folder, asked of git as soon as the folder is known: the top level and the remotes in two
 * processes at once, which run (on another core) while the caller loads schemas instead of one after the other
 * later. Same answers as `findRepoRoot(dir)` and `gitRemoteUrls(root)`.
 */
export class GitWorkTree {
  /** What `findRepoRoot(dir)` answers. */
  readonly root: Promise<string | undefined>;
  private readonly remotes: Promise<GitAnswer>;

  constructor(dir: string) {
    this.root = runGit(dir, ['rev-parse', '--show-toplevel']).then(topLevelOf);
    this.remotes = runGit(dir, ['remote', '-v'], 3000);
  }

  /**
   * What `gitRemoteUrls(root)` answers. When `root` is the top level found, `dir` is inside that work tree, so its
   * `git remote -v` (already running) is the repository's; any other root (outside git) is asked on its own.
   */
  async remoteUrls(root: string): Promise<string[]> {
    if (root !== (await this.root)) return gitRemoteUrls(root);
    const answer = await this.remotes;
    return answer.ok ? remoteUrlsOf(answer.stdout) : [];
  }
}

/**
 * A command-line path resolved against cwd, every symlink followed. macOS /tmp and /var, and many home
 * folders, are symlinks: `/tmp/repo/apps` and the repository root git reports (`/private/tmp/repo`) only
 * compare once both are real. Undefined when the path does not exist.
 */
export function realTarget(cwd: string, p: string): string | undefined {
  try {
    return fs.realpathSync(path.resolve(cwd, p));
  } catch {
    return undefined;
  }
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * `target` relative to `root` with `/` separators ('' for the root itself), or undefined when it is outside:
 * real paths on both sides, so a symlink leading out of the repository stays out.
 */
export function repoRelative(root: string, target: string): string | undefined {
  return below(realPath(root), realPath(target));
}

function below(root: string, target: string): string | undefined {
  return isInOrBelow(root, target) ? path.posix.relative(slashPath(root), slashPath(target)) : undefined;
}

/**
 * Why a path named inside the repository around `cwd` may not be read: it resolves outside that repository
 * (a symlink in a cloned repository leading to ~/.ssh, say). Undefined when it may be read. A path named
 * outside the current repository (`/tmp/link/apps`, another checkout) is judged by the repository around
 * its real path instead, as every command does.
 */
export function symlinkEscape(cwd: string, p: string): string | undefined {
  const cwdReal = realPath(cwd);
  const repo = workTreeAround(cwdReal);
  const real = realTarget(cwd, p);
  if (repo === undefined || real === undefined) return undefined;
  // As written (no symlink resolved) inside the repository, yet really outside it.
  if (below(repo, path.resolve(cwdReal, p)) === undefined || below(repo, real) !== undefined) return undefined;
  return `${p} leads out of the repository ${repo} through a symlink (to ${real}); nothing outside the repository is read`;
}

/**
 * The nearest folder at or above `dir` holding `.git`. A file-system check rather than a git process, so the
 * symlink guard above cannot be skipped by a git that fails to start on a busy machine.
 */
function workTreeAround(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}
