// Wires the GitOps Resources view to the index.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ResourceTreeProvider } from './resourceTreeProvider';

export function registerResourceTree(context: vscode.ExtensionContext, services: Services): void {
  const provider = new ResourceTreeProvider(services.index);
  const view = vscode.window.createTreeView('reconcile.resources', { treeDataProvider: provider, showCollapseAll: true });
  const unsubscribe = services.index.onDidChange(() => provider.invalidate());
  context.subscriptions.push(
    provider,
    view,
    services.indexing.onDidScan(() => provider.invalidate()),
    { dispose: unsubscribe },
  );
}
