// The two sides of a plan as file systems with their indexes: a commit read from the object store
// (nothing checked out; indexed once per commit and kept in the cache), or the working tree through the
// caller's FileSystem (the editor passes one that overlays unsaved buffers, and its own index).
import { planAppSetOptions } from '../appset/gitRevisions';
import { GitObjectStore } from '../history/gitObjectStore';
import { GitTreeFileSystem } from '../history/gitTreeFileSystem';
import { IndexSettings } from '../index/model';
import { nodeFileSystem } from '../index/nodeFileSystem';
import { RepositoryIndex } from '../index/repositoryIndex';
import { CancellationToken, FileSystem } from '../types';
import { CommitSide, PlanCache } from './planCache';
import { PlanSideInfo } from './types';

export interface PlanSide {
  info: PlanSideInfo;
  /** Commit id; undefined for the working tree. */
  commit?: string;
  fs: FileSystem;
  index: RepositoryIndex;
}

export type HeadSpec =
  | { kind: 'commit'; ref: string }
  | {
      kind: 'working-tree';
      /** The working tree, possibly with unsaved buffers overlaid (default: the disk). */
      fs?: FileSystem;
      /** An index of that file system that is already scanned (the editor's). */
      index?: RepositoryIndex;
      /** Repo-relative paths with unsaved changes: changed even when git does not know it yet. */
      dirty?: string[];
    };

export async function commitSide(store: GitObjectStore, top: string, ref: string, cache: PlanCache, settings: Partial<IndexSettings>, token: CancellationToken): Promise<PlanSide | string> {
  const appSets = planAppSetOptions(store, top);
  const commit = await store.resolveCommit(ref);
  if (!commit) return `'${ref}' is not a commit in this repository`;
  let side = cache.commits.get(commit);
  if (!side) {
    side = (async (): Promise<CommitSide> => {
      const fs = await GitTreeFileSystem.atCommit(store, commit, top);
      if (!fs) throw new Error(`cannot read the tree of ${commit}`);
      const index = new RepositoryIndex({ root: top, fs, settings, appSets });
      await index.scan(token);
      return { fs, index };
    })();
    cache.commits.set(commit, side);
    // A cancelled or failed scan must not stay cached.
    side.catch(() => cache.commits.delete(commit));
  }
  const { fs, index } = await side;
  return { info: { ref, commit }, commit, fs, index };
}

export async function workingTreeSide(top: string, head: Extract<HeadSpec, { kind: 'working-tree' }>, settings: Partial<IndexSettings>, token: CancellationToken, store?: GitObjectStore): Promise<PlanSide> {
  const fs = head.fs ?? nodeFileSystem;
  let index = head.index;
  if (!index) {
    index = new RepositoryIndex({ root: top, fs, settings, ...(store ? { appSets: planAppSetOptions(store, top) } : {}) });
    await index.scan(token);
  }
  return { info: 'working-tree', fs, index };
}
