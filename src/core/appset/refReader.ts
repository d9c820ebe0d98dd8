// Reading another revision of this repository for git generators whose `revision` is not the working
// tree: the commit's tree through git's object store, without a checkout.
import { GitObjectStore } from '../history/gitObjectStore';
import { GitTreeFileSystem } from '../history/gitTreeFileSystem';
import { RefReader } from './types';

/** A RefReader over an object store the caller owns (and disposes), e.g. the plan's. */
export function refReaderOver(store: GitObjectStore, root: string): RefReader {
  return async (revision) => {
    // Branch names as Argo CD writes them: a remote branch is only local as origin/NAME, if at all.
    for (const rev of [revision, `origin/${revision.replace(/^refs\/heads\//, '')}`]) {
      const fs = await GitTreeFileSystem.atCommit(store, rev, root).catch(() => undefined);
      if (fs) return fs;
    }
    return undefined;
  };
}

/** A RefReader over the local repository at `root`; call dispose() when done with it. */
export function createGitRefReader(root: string): { read: RefReader; dispose(): void } {
  let store: GitObjectStore | undefined;
  return {
    read: (revision) => refReaderOver((store ??= new GitObjectStore(root)), root)(revision),
    dispose: () => store?.dispose(),
  };
}
