// `reconcile.cancelIndexing`: stops the running scans (the status bar item runs it while indexing).
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';

export function registerCancelIndexingCommand(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(vscode.commands.registerCommand('reconcile.cancelIndexing', () => folders.all().forEach((f) => f.indexing.cancel())));
}
