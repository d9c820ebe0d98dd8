// The core's FileSystem for a workspace folder. `file:` folders are read with Node's fs: the extension host always
// runs where a `file:` folder's files are (locally, and on the remote side of SSH/WSL/containers/code-server), and
// bench/vscode measured `workspace.fs` 4-30x slower there (every call is an RPC round trip). Virtual workspaces
// (vscode-vfs://, memfs, ...) go through `vscode.workspace.fs`, the only way to reach them.
import * as fs from 'fs';
import { posix } from 'path';
import * as vscode from 'vscode';
import { nodeFileSystem } from '../core/index/nodeFileSystem';
import type { FileSystem } from '../core/types';

type EntryType = 'file' | 'directory' | 'symlink' | 'other';

function entryType(t: vscode.FileType): EntryType {
  // FileType is a bit set: a symlink to a directory is SymbolicLink | Directory.
  if (t & vscode.FileType.SymbolicLink) return 'symlink';
  if (t & vscode.FileType.Directory) return 'directory';
  if (t & vscode.FileType.File) return 'file';
  return 'other';
}

export class WorkspaceFileSystem implements FileSystem {
  /** @param base any URI on the workspace's file system; paths given to the methods replace its path. */
  constructor(private readonly base: vscode.Uri) {}

  private uri(p: string): vscode.Uri {
    return this.base.with({ path: p });
  }

  async readFile(p: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(this.uri(p));
  }

  async readDirectory(p: string): Promise<Array<{ name: string; type: EntryType }>> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(p));
    return entries.map(([name, t]) => ({ name, type: entryType(t) }));
  }

  async stat(p: string): Promise<{ type: 'file' | 'directory' | 'other'; size: number }> {
    // workspace.fs.stat follows symlinks and sets the SymbolicLink bit besides the target's type.
    const s = await vscode.workspace.fs.stat(this.uri(p));
    const type = s.type & vscode.FileType.Directory ? 'directory' : s.type & vscode.FileType.File ? 'file' : 'other';
    return { type, size: s.size };
  }

  async realPath(p: string): Promise<string> {
    if (this.base.scheme === 'file') return fs.promises.realpath(p);
    // workspace.fs has neither realpath nor readlink. A path is its own canonical name when no component below the
    // workspace root is a symbolic link; one that is cannot be resolved here, so it is refused rather than followed
    // (it could lead anywhere on that file system).
    const norm = posix.normalize(p);
    const root = posix.normalize(this.base.path);
    const start = norm === root || norm.startsWith(root.replace(/\/$/, '') + '/') ? root : '/';
    const below = posix.relative(start, norm);
    let cur = start;
    for (const part of below === '' ? [] : below.split('/')) {
      cur = posix.join(cur, part);
      const s = await vscode.workspace.fs.stat(this.uri(cur));
      if (s.type & vscode.FileType.SymbolicLink) {
        throw Object.assign(new Error(`cannot resolve the symbolic link '${cur}' on this file system`), { code: 'ELOOP' });
      }
    }
    return norm;
  }
}

/** The file system the index should use for a workspace folder (see the note at the top). */
export function fileSystemFor(root: vscode.Uri): FileSystem {
  return root.scheme === 'file' ? nodeFileSystem : new WorkspaceFileSystem(root);
}
