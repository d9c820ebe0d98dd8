// Manifest files that differ from HEAD in the working tree (modified, added, deleted, untracked),
// the default selection of `reconcile pr` when no files are named. Reads only; `git status`
// would refresh the index, so this uses diff-files/ls-files, which do not write it.
import { Result, fail, ok } from '../result';
import { createGitRunner } from './gitRunner';

export async function changedManifestFiles(repoDir: string, env: Record<string, string | undefined> = process.env): Promise<Result<{ topLevel: string; files: string[] }>> {
  const git = createGitRunner(repoDir, env);
  const top = await git.run(['rev-parse', '--show-toplevel']);
  if (!top.ok) return fail('not-a-repo', `'${repoDir}' is not inside a git repository.`);
  const topLevel = top.stdout.trim();
  const root = createGitRunner(topLevel, env);
  const tracked = await root.run(['diff', '--name-only', '-z', 'HEAD', '--']);
  const untracked = await root.run(['ls-files', '-z', '--others', '--exclude-standard']);
  if (!tracked.ok) return fail('git-failed', tracked.stderr);
  const names = [...tracked.stdout.split('\0'), ...(untracked.ok ? untracked.stdout.split('\0') : [])].filter((n) => /\.ya?ml$/i.test(n));
  return ok({ topLevel, files: [...new Set(names)].sort() });
}
