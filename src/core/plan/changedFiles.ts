// Files that differ between the plan's two sides: `git diff base..head` between commits, or the base
// against the working tree (tracked changes plus untracked files git does not ignore). Read-only git
// calls that do not refresh the index, so a plan never writes into the repository.
import { runGit } from '../history/candidateCommits';
import { CancellationToken, NEVER_CANCELLED } from '../types';

export type ChangedFilesResult = { ok: true; files: string[] } | { ok: false; message: string };

const split = (s: string) => s.split('\0').filter(Boolean);

/** `head` undefined: the working tree. Paths are repo-relative, sorted, without renames (a rename is a delete plus an add). */
export async function changedFilesBetween(top: string, base: string, head: string | undefined, token: CancellationToken = NEVER_CANCELLED): Promise<ChangedFilesResult> {
  const diff = await runGit(top, ['diff', '--name-only', '--no-renames', '-z', base, ...(head ? [head] : []), '--'], token);
  if (!diff.ok) return { ok: false, message: diff.cancelled ? 'Cancelled' : `git diff ${base}${head ? ` ${head}` : ''} failed: ${diff.stderr.trim()}` };
  const files = new Set(split(diff.stdout));
  if (!head) {
    const untracked = await runGit(top, ['ls-files', '-z', '--others', '--exclude-standard'], token);
    if (untracked.ok) for (const f of split(untracked.stdout)) files.add(f);
  }
  return { ok: true, files: [...files].sort() };
}
