// Candidate commits for an object's history: first-parent `git log` over the folders its render
// reads, with each commit's author, message and the pathspec files it changed. A running git is
// killed when cancellation is requested.
import { execFile } from 'node:child_process';
import { CancellationToken, CancelledError, NEVER_CANCELLED } from '../types';

export interface Candidate {
  commit: string;
  parent?: string;
  author: string;
  authorEmail: string;
  date: string;
  message: string;
  files: string[];
}

/** Runs git; a cancellation request kills it (polled, as the token is a plain flag). */
export function runGit(cwd: string, args: string[], token: CancellationToken = NEVER_CANCELLED): Promise<{ ok: boolean; stdout: string; stderr: string; cancelled?: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1' };
    let cancelled = false;
    const child = execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, env }, (err, stdout, stderr) => {
      clearInterval(poll);
      resolve({ ok: !err && !cancelled, stdout, stderr, cancelled });
    });
    const poll = setInterval(() => {
      if (!token.isCancellationRequested) return;
      cancelled = true;
      child.kill();
    }, 10);
  });
}

/** Folders covering the closure; folders inside another one are dropped. */
export function pathspecOf(paths: Iterable<string>): string[] {
  const dirs = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const d of dirs) if (!out.some((o) => o === '' || d === o || d.startsWith(o + '/'))) out.push(d);
  return out;
}

/** First-parent commits of `revs` (a start, optionally `^exclusions`) touching the pathspec, newest first. */
export async function candidateCommits(
  top: string,
  revs: string[],
  pathspec: string[],
  page: { skip?: number; max?: number },
  token?: CancellationToken,
): Promise<Candidate[] | string | CancelledError> {
  const limits = [...(page.skip ? [`--skip=${page.skip}`] : []), ...(page.max ? [`-n${page.max}`] : [])];
  const args = ['log', '--first-parent', '-z', '--name-only', '--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f', ...limits, ...revs, '--', ...pathspec.map((p) => p || '.')];
  const r = await runGit(top, args, token);
  if (r.cancelled) return new CancelledError();
  if (!r.ok) return r.stderr.trim() || 'git log failed';
  const out: Candidate[] = [];
  for (const rec of r.stdout.split('\x1e')) {
    if (!rec.trim()) continue;
    const [commit, parents, author, authorEmail, date, message, rest] = rec.split('\x1f');
    out.push({
      commit,
      parent: parents.split(' ').filter(Boolean)[0],
      author,
      authorEmail,
      date,
      message: message.replace(/\n+$/, ''),
      // git lists every file of a root commit whatever the pathspec, so filter here.
      files: (rest ?? '')
        .split('\0')
        .map((f) => f.trim())
        .filter((f) => f && pathspec.some((p) => p === '' || f === p || f.startsWith(p + '/'))),
    });
  }
  return out;
}
