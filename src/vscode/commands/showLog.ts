// `reconcile.showLog`: shows the "Reconcile" output channel (one for all folders).
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';

export function registerShowLogCommand(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(vscode.commands.registerCommand('reconcile.showLog', () => folders.first()?.output.show(true)));
}
