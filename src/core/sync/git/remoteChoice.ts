// Which remote a push goes to when the user did not name one. A branch that tracks a remote branch
// says where it lives (a fork workflow tracks `upstream`, not `origin`); without tracking, a lone
// remote is unambiguous; with several, a front end that can ask the user must, and one that cannot
// (the CLI) keeps the long-standing `origin` default if that remote exists.
import { createGitRunner, GitRunner } from './gitRunner';

export type RemoteChoice =
  /** `tracked`: the branch's upstream remote; `only`: the repository has a single remote. */
  | { kind: 'chosen'; remote: string; why: 'tracked' | 'only' }
  /** Several remotes and nothing says which one: the caller asks (or falls back). */
  | { kind: 'ambiguous'; remotes: string[] }
  /** No remote at all (or not a repository): the push step reports it with its own message. */
  | { kind: 'none' };

async function lines(git: GitRunner, args: string[]): Promise<string[]> {
  const r = await git.run(args);
  return r.ok ? r.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/** The remote for `branch` (default: the current branch) of the repository containing `repoDir`. */
export async function chooseRemote(repoDir: string, env: Record<string, string | undefined>, branch?: string): Promise<RemoteChoice> {
  const git = createGitRunner(repoDir, env);
  const remotes = await lines(git, ['remote']);
  if (!remotes.length) return { kind: 'none' };
  const name = branch ?? (await lines(git, ['symbolic-ref', '-q', '--short', 'HEAD']))[0];
  if (name) {
    // `.` means "tracks a local branch": no remote information, so fall through to the list.
    const [tracked] = await lines(git, ['config', '--get', `branch.${name}.remote`]);
    if (tracked && tracked !== '.' && remotes.includes(tracked)) return { kind: 'chosen', remote: tracked, why: 'tracked' };
  }
  if (remotes.length === 1) return { kind: 'chosen', remote: remotes[0], why: 'only' };
  return { kind: 'ambiguous', remotes };
}

/** For front ends that cannot ask: the chosen remote, else `origin` when present, else undefined (the caller's error names the remotes). */
export function remoteWithoutAsking(choice: RemoteChoice): string | undefined {
  if (choice.kind === 'chosen') return choice.remote;
  if (choice.kind === 'ambiguous' && choice.remotes.includes('origin')) return 'origin';
  return undefined;
}
