// Reading another revision of this repository for git generators whose `revision` is not the working
// tree: the commit's tree through git's object store, without a checkout.
import { GitObjectStore } from '../history/gitObjectStore';
import { GitTreeFileSystem } from '../history/gitTreeFileSystem';
import { RefReader } from './types';

/** A RefReader over the local repository at `root`; call dispose() when done with it. */
export function createGitRefReader(root: string): { read: RefReader; dispose(): void } {
  let store: GitObjectStore | undefined;
  return {
    read: async (revision) => {
      store ??= new GitObjectStore(root);
      // Branch names as Argo CD writes them: a remote branch is only local as origin/NAME, if at all.
      for (const rev of [revision, `origin/${revision.replace(/^refs\/heads\//, '')}`]) {
        const fs = await GitTreeFileSystem.atCommit(store, rev, root).catch(() => undefined);
        if (fs) return fs;
      }
      return undefined;
    },
    dispose: () => store?.dispose(),
  };
}
