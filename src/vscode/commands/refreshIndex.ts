// `reconcile.refreshIndex`: full re-scan of every workspace folder (the view's refresh button and the palette).
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';

export function registerRefreshIndexCommand(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(vscode.commands.registerCommand('reconcile.refreshIndex', () => Promise.all(folders.all().map((f) => f.indexing.scan('refresh command')))));
}
