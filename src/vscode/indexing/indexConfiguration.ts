// Reads `reconcile.exclude`, `reconcile.maxFileSizeMB` and `files.exclude` for the index, and re-applies them
// (with a re-scan) when they change.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import type { Services } from '../services';
import { gitRemoteUrls } from '../../core/index/gitRemotes';
import { toIndexSettings } from './indexSettings';

export function readIndexSettings(scope: vscode.Uri, repoUrls?: string[]): ReturnType<typeof toIndexSettings> {
  const reconcile = vscode.workspace.getConfiguration('reconcile', scope);
  return toIndexSettings({
    exclude: reconcile.get<unknown>('exclude'),
    maxFileSizeMB: reconcile.get<unknown>('maxFileSizeMB'),
    filesExclude: vscode.workspace.getConfiguration('files', scope).get<unknown>('exclude'),
    repoUrls,
  });
}

/** Every folder's first scan (folders added later scan when they arrive); see startFolderIndexing. */
export function startIndexing(_context: vscode.ExtensionContext, folders: FolderRegistry): void {
  folders.eachFolder((services) => startFolderIndexing(services));
}

/**
 * Starts the folder's first scan after activation has returned (the scan itself yields cooperatively), after
 * reading the folder's git remotes for Argo CD matching. Git is an external binary: in an untrusted workspace it
 * is not run.
 */
function startFolderIndexing(services: Services): vscode.Disposable[] {
  let repoUrls: string[] = [];
  const root = services.workspaceRoot;
  let disposed = false;
  const subscriptions: vscode.Disposable[] = [{ dispose: () => (disposed = true) }];
  subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!['reconcile.exclude', 'reconcile.maxFileSizeMB', 'files.exclude'].some((s) => e.affectsConfiguration(s, root))) return;
      services.index.configure(readIndexSettings(root, repoUrls));
      void services.indexing.scan('settings changed');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      repoUrls = await gitRemoteUrls(root.fsPath, services.logger);
      if (repoUrls.length > 0) {
        services.index.configure({ repoUrls });
        void services.indexing.scan('workspace trusted: git remotes read');
      }
    }),
  );
  setTimeout(async () => {
    if (disposed) return;
    if (root.scheme === 'file' && vscode.workspace.isTrusted) {
      repoUrls = await gitRemoteUrls(root.fsPath, services.logger);
      if (repoUrls.length > 0) {
        services.logger.info(`git remotes: ${repoUrls.join(', ')}`);
        services.index.configure({ repoUrls });
      }
    }
    if (!disposed) await services.indexing.scan('startup');
  }, 0);
  return subscriptions;
}
