// Wires the GitOps Resources view to the folders' indexes: one tree per folder, grouped by folder when the
// workspace has several (folderTree.ts).
import * as vscode from 'vscode';
import { FolderRegistry, mapPerFolder } from '../folderRegistry';
import { FolderGroupedTreeProvider } from '../folderTree';
import { ResourceTreeProvider } from './resourceTreeProvider';

export function registerResourceTree(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const perFolder = folders.perFolder((services) => {
    const provider = new ResourceTreeProvider(services.index);
    const unsubscribe = services.index.onDidChange(() => provider.invalidate());
    const scanned = services.indexing.onDidScan(() => provider.invalidate());
    return { provider, dispose: () => (unsubscribe(), scanned.dispose(), provider.dispose()) };
  });
  const provider = new FolderGroupedTreeProvider(folders, mapPerFolder(perFolder, (f) => f.provider), {
    describe: (services) => {
      const n = services.index.summary().resources;
      return `${n} resource${n === 1 ? '' : 's'}`;
    },
  });
  const view = vscode.window.createTreeView('reconcile.resources', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);
}
