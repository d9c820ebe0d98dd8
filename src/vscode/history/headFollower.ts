// Keeps the Object History view on the current HEAD: a commit, checkout, pull or reset moves HEAD,
// and the view computed from the old one is stale. File events under `.git` come in bursts (a commit
// touches the index, the ref, the reflog, HEAD's log), so they are debounced, and HEAD is resolved
// before refreshing: a fetch that only moves remote-tracking refs changes nothing the view shows.
// No `vscode` import: the watcher's events, the HEAD reader and the refresh are injected (unit-tested).
import * as path from 'node:path';
import { createGitRunner } from '../../core/sync/git/gitRunner';

/** A `vscode.Event`-shaped subscription (FileSystemWatcher.onDidChange/Create/Delete). */
export type Subscribe = (listener: () => void) => { dispose(): void };

export interface HeadFollowerOptions {
  events: Subscribe[];
  /** The commit HEAD points at now, or undefined (no commits, not a repository). */
  readHead: () => Promise<string | undefined>;
  /** Whether the view shows something worth recomputing. */
  isShowing: () => boolean;
  refresh: () => unknown;
  delayMs?: number;
}

export class HeadFollower {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: Array<{ dispose(): void }>;
  private last: Promise<string | undefined>;
  private disposed = false;
  /** Settles when the first HEAD read, then the latest debounced check, is done (tests). */
  idle: Promise<void>;

  constructor(private readonly options: HeadFollowerOptions) {
    this.last = options.readHead();
    this.idle = this.last.then(() => undefined);
    this.subscriptions = options.events.map((on) => on(() => this.poke()));
  }

  private poke(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    let done!: () => void;
    this.idle = new Promise((r) => (done = r));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check().finally(done);
    }, this.options.delayMs ?? 400);
  }

  private async check(): Promise<void> {
    const before = await this.last;
    const now = this.options.readHead();
    this.last = now;
    const head = await now;
    if (this.disposed || head === before) return;
    if (this.options.isShowing()) await this.options.refresh();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** HEAD's commit in `root`'s repository. */
export function headReader(root: string): () => Promise<string | undefined> {
  const git = createGitRunner(root, process.env);
  return async () => {
    const r = await git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return r.ok && r.stdout.trim() ? r.stdout.trim() : undefined;
  };
}

/**
 * The directories to watch: HEAD lives in the git dir, branches in the common dir (they differ in a
 * linked worktree, where `.git` is a file). Undefined when `root` is not in a repository.
 */
export async function gitDirsOf(root: string): Promise<{ gitDir: string; commonDir: string } | undefined> {
  const r = await createGitRunner(root, process.env).run(['rev-parse', '--absolute-git-dir', '--git-common-dir']);
  if (!r.ok) return undefined;
  const [gitDir, common] = r.stdout.split('\n').map((l) => l.trim());
  if (!gitDir || !common) return undefined;
  return { gitDir, commonDir: path.resolve(root, common) };
}
