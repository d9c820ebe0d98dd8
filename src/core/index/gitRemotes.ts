// The repository's git remote URLs (for matching Argo CD Applications' repoURL to this repo) and the checked-out
// branch. git runs as a plain child process: these are one-line questions, and simple-git's ~150 KB of modules
// (with its debug and argument-parsing dependencies) cost a cold `reconcile validate` more than the answers.
import { execFile } from 'child_process';
import { Logger, silentLogger } from '../types';

/** What one git command printed, or why it gave nothing (the exit code and stderr, or the error starting it). */
export type GitAnswer = { ok: true; stdout: string } | { ok: false; code?: number; message: string };

/** Runs `git args` in `cwd` with the caller's environment; never rejects. `timeoutMs` kills a git that hangs. */
export function runGit(cwd: string, args: string[], timeoutMs?: number): Promise<GitAnswer> {
  return new Promise((resolve) => {
    try {
      execFile('git', args, { cwd, encoding: 'utf8', windowsHide: true, maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs }, (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, stdout });
        const code = typeof err.code === 'number' ? err.code : undefined;
        resolve({ ok: false, code, message: (stderr.trim() || err.message).split('\n')[0] });
      });
    } catch (e) {
      resolve({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  });
}

/**
 * The fetch and push URLs in `git remote -v` output, each once, in order: lines split at whitespace into name, URL
 * and `(fetch)`/`(push)`, the last line of a kind winning per remote (as simple-git's `getRemotes(true)` read it).
 */
export function remoteUrlsOf(remoteVerbose: string): string[] {
  const remotes = new Map<string, { fetch: string; push: string }>();
  for (const raw of remoteVerbose.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const [name, url, purpose] = line.split(/\s+/);
    let refs = remotes.get(name);
    if (!refs) remotes.set(name, (refs = { fetch: '', push: '' }));
    const which = purpose?.replace(/[^a-z]/g, '');
    if (url && (which === 'fetch' || which === 'push')) refs[which] = url;
  }
  return [...new Set([...remotes.values()].flatMap((r) => [r.fetch, r.push]).filter((u) => u.length > 0))];
}

/** git's answer when the folder is in no repository (exit 128; English and German, as simple-git matched it). */
function notARepository(answer: GitAnswer): boolean {
  return !answer.ok && answer.code === 128 && /(Not a git repository|Kein Git-Repository)/i.test(answer.message);
}

/** Fetch and push URLs of every remote; empty when the folder is not a git work tree or git is missing. */
export async function gitRemoteUrls(root: string, logger: Logger = silentLogger, timeoutMs = 3000): Promise<string[]> {
  const inside = await runGit(root, ['rev-parse', '--is-inside-work-tree'], timeoutMs);
  if (notARepository(inside) || (inside.ok && inside.stdout.trim() !== 'true')) return [];
  const remotes = inside.ok ? await runGit(root, ['remote', '-v'], timeoutMs) : inside;
  if (remotes.ok) return remoteUrlsOf(remotes.stdout);
  logger.info(`git remotes not read (${remotes.message}); Argo CD repoURL matching is off`);
  return [];
}

/** The checked-out branch (an ApplicationSet git generator naming it reads the working tree); undefined when detached or not git. */
export async function gitCurrentBranch(root: string, timeoutMs = 3000): Promise<string | undefined> {
  const answer = await runGit(root, ['symbolic-ref', '-q', '--short', 'HEAD'], timeoutMs);
  return (answer.ok && answer.stdout.trim()) || undefined;
}
