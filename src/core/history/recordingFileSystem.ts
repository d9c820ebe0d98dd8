// A FileSystem wrapper that records which repo-relative paths a renderer touched, and as what: the
// exact render closure of one render, used to choose which folders `git log` watches.
import { posix } from 'node:path';
import { FileSystem } from '../types';

export type ReadKind = 'file' | 'directory' | 'missing';

export class RecordingFileSystem implements FileSystem {
  readonly reads = new Map<string, ReadKind>();
  private readonly root: string;

  constructor(
    private readonly inner: FileSystem,
    root: string,
  ) {
    this.root = posix.normalize(root.replace(/\\/g, '/'));
  }

  private note(path: string, kind: ReadKind): void {
    const r = posix.relative(this.root, posix.normalize(path.replace(/\\/g, '/')));
    if (r.startsWith('..') || posix.isAbsolute(r)) return;
    if (kind === 'missing' && this.reads.has(r)) return;
    this.reads.set(r, kind);
  }

  private async track<T>(path: string, p: Promise<T>, kind: (v: T) => ReadKind): Promise<T> {
    try {
      const v = await p;
      this.note(path, kind(v));
      return v;
    } catch (e) {
      this.note(path, 'missing');
      throw e;
    }
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.track(path, this.inner.readFile(path), () => 'file');
  }
  readDirectory(path: string): ReturnType<FileSystem['readDirectory']> {
    return this.track(path, this.inner.readDirectory(path), () => 'directory');
  }
  stat(path: string): ReturnType<FileSystem['stat']> {
    return this.track(path, this.inner.stat(path), (s) => (s.type === 'directory' ? 'directory' : 'file'));
  }
  realPath(path: string): Promise<string> {
    // Resolving a path reads no content: the render's next readFile/stat records it as what it is. Recording it
    // as a file would put the repository root (which the renderer resolves to fence its reads) in every closure.
    // A path that does not resolve is a read of something missing, though: a later commit adding it matters.
    return this.inner.realPath(path).catch((e: unknown) => {
      this.note(path, 'missing');
      throw e;
    });
  }
}

/** The folder a read path stands for in a pathspec: a folder itself, or the folder holding a file. */
export function folderOf(rel: string, kind: ReadKind): string {
  if (kind === 'directory') return rel;
  const d = posix.dirname(rel);
  return d === '.' ? '' : d;
}
