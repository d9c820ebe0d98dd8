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
  context.subscriptions.push(
    provider,
    view,
    // Internal (tests): the view's top two levels as labels, as a user sees them.
    vscode.commands.registerCommand('reconcile.resources.peek', async () => {
      const describe = async (node: Parameters<typeof provider.getTreeItem>[0]) => {
        const item = await provider.getTreeItem(node);
        return { label: typeof item.label === 'string' ? item.label : item.label?.label ?? '', description: typeof item.description === 'string' ? item.description : '' };
      };
      const top = await provider.getChildren();
      return Promise.all(top.map(async (n) => ({ ...(await describe(n)), children: await Promise.all((await provider.getChildren(n)).map(describe)) })));
    }),
  );
}
