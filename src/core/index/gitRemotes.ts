// The repository's git remote URLs (for matching Argo CD Applications' repoURL to this repo).
import { simpleGit } from 'simple-git';
import { Logger, silentLogger } from '../types';

/** Fetch and push URLs of every remote; empty when the folder is not a git work tree or git is missing. */
export async function gitRemoteUrls(root: string, logger: Logger = silentLogger, timeoutMs = 3000): Promise<string[]> {
  try {
    const git = simpleGit({ baseDir: root, timeout: { block: timeoutMs } });
    if (!(await git.checkIsRepo())) return [];
    const remotes = await git.getRemotes(true);
    return [...new Set(remotes.flatMap((r) => [r.refs.fetch, r.refs.push]).filter((u) => u && u.length > 0))];
  } catch (err) {
    logger.info(`git remotes not read (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); Argo CD repoURL matching is off`);
    return [];
  }
}

/** The checked-out branch (an ApplicationSet git generator naming it reads the working tree); undefined when detached or not git. */
export async function gitCurrentBranch(root: string, timeoutMs = 3000): Promise<string | undefined> {
  try {
    const git = simpleGit({ baseDir: root, timeout: { block: timeoutMs } });
    const name = (await git.raw(['symbolic-ref', '-q', '--short', 'HEAD'])).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}
