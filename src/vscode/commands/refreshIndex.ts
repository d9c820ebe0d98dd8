// `reconcile.refreshIndex`: full re-scan of the workspace (the view's refresh button and the palette).
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerRefreshIndexCommand(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand('reconcile.refreshIndex', () => services.indexing.scan('refresh command')));
}
