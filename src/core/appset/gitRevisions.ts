// What an ApplicationSet's git generators need from the local repository besides the working tree: the branch
// checked out (a `revision` naming it reads the working tree) and the trees of other revisions (read through
// git's object store, without a checkout). The CLI and the editor hand the same object to the index, so a
// generator expands the same way in both. Read lazily and cached until the caller says HEAD or a ref moved.
import { gitCurrentBranch } from '../index/gitRemotes';
import type { AppSetOptions } from '../index/appSetExpansions';
import type { GitObjectStore } from '../history/gitObjectStore';
import { createGitRefReader, refReaderOver } from './refReader';
import type { RefReader } from './types';

export class GitRevisions {
  private branch?: Promise<string | undefined>;
  private refs?: ReturnType<typeof createGitRefReader>;
  private disposed = false;

  /**
   * `allowed` is asked before every git call: the editor runs no git in an untrusted workspace, and a
   * workspace can become trusted later.
   */
  constructor(
    private readonly root: string,
    private readonly allowed: () => boolean = () => true,
  ) {}

  /** The checked-out branch; undefined when detached, not a git work tree, or git may not run. */
  currentBranch(): Promise<string | undefined> {
    if (this.disposed || !this.allowed()) return Promise.resolve(undefined);
    this.branch ??= gitCurrentBranch(this.root);
    return this.branch;
  }

  /** Another revision's tree, when it exists locally (as itself or as origin/NAME). */
  readonly readRef: RefReader = (revision) => {
    if (this.disposed || !this.allowed()) return Promise.resolve(undefined);
    this.refs ??= createGitRefReader(this.root);
    return this.refs.read(revision);
  };

  /** The options for RepositoryIndex (`appSets`): both facts are read when an expansion needs them. */
  get options(): AppSetOptions {
    return { currentBranch: () => this.currentBranch(), readRef: this.readRef };
  }

  /**
   * HEAD or a ref moved (checkout, commit, fetch): forget the branch and restart the object reader (a
   * long-running `git cat-file` may keep an old view of packed refs). Returns whether the branch changed.
   */
  async refresh(): Promise<boolean> {
    const before = this.branch ? await this.branch : undefined;
    const had = this.branch !== undefined;
    this.branch = undefined;
    this.refs?.dispose();
    this.refs = undefined;
    if (!had) return false;
    return (await this.currentBranch()) !== before;
  }

  dispose(): void {
    this.disposed = true;
    this.refs?.dispose();
    this.refs = undefined;
  }
}

/**
 * The same facts for the plan, over its object store: each side of a plan (a commit, or the working tree)
 * stands for the checked-out branch, so a generator naming that branch reads the side's own tree, and other
 * revisions are read from the store. Without this, a `revision: main` generator expands on one side only
 * and its Applications show as added or removed.
 */
export function planAppSetOptions(store: GitObjectStore, root: string): AppSetOptions {
  let branch: Promise<string | undefined> | undefined;
  return { currentBranch: () => (branch ??= gitCurrentBranch(root)), readRef: refReaderOver(store, root) };
}
