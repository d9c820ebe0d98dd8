// An in-memory FileSystem (the core interface) for conformance cases, like kustomize's MakeFsInMemory.
import { posix } from 'node:path';
import { FileSystem } from '../../../src/core/types';

export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();

  write(path: string, content: string | Uint8Array): void {
    this.files.set(posix.normalize(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  clear(): void {
    this.files.clear();
  }

  private isDir(path: string): boolean {
    const prefix = path === '/' ? '/' : path + '/';
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(posix.normalize(path));
    if (!f) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return f;
  }

  async readDirectory(path: string): Promise<Array<{ name: string; type: 'file' | 'directory' | 'symlink' | 'other' }>> {
    const dir = posix.normalize(path);
    const prefix = dir === '/' ? '/' : dir + '/';
    const out = new Map<string, 'file' | 'directory'>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const slash = rest.indexOf('/');
      out.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
    }
    return [...out].map(([name, type]) => ({ name, type }));
  }

  async stat(path: string): Promise<{ type: 'file' | 'directory' | 'other'; size: number }> {
    const p = posix.normalize(path);
    const f = this.files.get(p);
    if (f) return { type: 'file', size: f.length };
    if (this.isDir(p) || p === '/') return { type: 'directory', size: 0 };
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  }

  async realPath(path: string): Promise<string> {
    return posix.normalize(path);
  }
}
