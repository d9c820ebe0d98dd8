// Git facts the CLI needs (repository root, remote URLs), through simple-git. Absent git is not an error.
import { simpleGit } from 'simple-git';

export async function findRepoRoot(dir: string): Promise<string | undefined> {
  try {
    const top = await simpleGit({ baseDir: dir }).revparse(['--show-toplevel']);
    return top.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function gitRemoteUrls(dir: string): Promise<string[]> {
  try {
    const remotes = await simpleGit({ baseDir: dir }).getRemotes(true);
    return [...new Set(remotes.flatMap((r) => [r.refs.fetch, r.refs.push]).filter((u): u is string => !!u))];
  } catch {
    return [];
  }
}
