// Repo-relative POSIX paths (what the core speaks) ⇄ VS Code URIs under the workspace folder.
import * as path from 'path';
import * as vscode from 'vscode';

export class WorkspacePaths {
  constructor(readonly root: vscode.Uri) {}

  /** Absolute POSIX path of the root (what the core's `root` option expects). */
  get rootPath(): string {
    return this.root.path;
  }

  toUri(relPath: string): vscode.Uri {
    return relPath === '' || relPath === '.' ? this.root : vscode.Uri.joinPath(this.root, ...relPath.split('/'));
  }

  /** Repo-relative path of a URI inside the root; undefined for other schemes/authorities or outside the root. */
  toRelative(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.root.scheme || uri.authority !== this.root.authority) return undefined;
    const rel = path.posix.relative(this.root.path, uri.path);
    if (rel === '' || rel.startsWith('../') || rel === '..' || path.posix.isAbsolute(rel)) return undefined;
    return rel;
  }
}
