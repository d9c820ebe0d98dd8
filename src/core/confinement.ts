// Where reads may go. A cloned repository is untrusted input: a symlink in it (or a `..` path, or an absolute one)
// must not make Reconcile read the user's own files (~/.ssh/id_rsa, ~/.kube/config) into a preview or a render.
// Every decision compares real paths (each symlink resolved by the FileSystem), as kustomize's load restrictor
// does; the written path alone says nothing about where a symlink leads.
import { posix } from 'node:path';
import { FileSystem } from './types';

/** `/`-separated and normalised, so Windows real paths compare like the posix paths the core builds. */
export function slashPath(p: string): string {
  return posix.normalize(p.replace(/\\/g, '/'));
}

/** Whether `path` is `dir` itself or below it (both absolute). A sibling `dir-2` is not below `dir`. */
export function isInOrBelow(dir: string, path: string): boolean {
  const rel = posix.relative(slashPath(dir), slashPath(path));
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !posix.isAbsolute(rel));
}

/**
 * Real paths through one FileSystem, memoised: a render or a scan asks about the same directories again and again.
 * `undefined` means the path does not exist or cannot be resolved; such a path is never read.
 */
export class RealPaths {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(readonly fs: FileSystem) {}

  of(path: string): Promise<string | undefined> {
    const key = slashPath(path);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.fs.realPath(key).then(slashPath, () => undefined);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** A root's real path; the root as written when it cannot be resolved (a virtual file system, say). */
  async root(path: string): Promise<string> {
    return (await this.of(path)) ?? slashPath(path);
  }
}

/** Whether `path` resolves to a place inside `root` (both resolved). False for missing or unresolvable paths too. */
export async function resolvesInside(fs: FileSystem, root: string, path: string): Promise<boolean> {
  const real = new RealPaths(fs);
  const target = await real.of(path);
  return target !== undefined && isInOrBelow(await real.root(root), target);
}
