// Git facts the CLI needs (repository root, remote URLs), through simple-git. Absent git is not an error.
export { gitRemoteUrls } from '../core/index/gitRemotes';
import { simpleGit } from 'simple-git';

export async function findRepoRoot(dir: string): Promise<string | undefined> {
  try {
    const top = await simpleGit({ baseDir: dir }).revparse(['--show-toplevel']);
    return top.trim() || undefined;
  } catch {
    return undefined;
  }
}

