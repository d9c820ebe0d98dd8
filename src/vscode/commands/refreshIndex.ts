// `reconcile.refreshIndex`: full re-scan of every workspace folder (the view's refresh button and the palette).
// Resolves with the scan's summary (undefined when cancelled); with several folders, one entry per folder.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';

export function registerRefreshIndexCommand(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('reconcile.refreshIndex', () => {
      const scans = folders.all().map((f) => f.indexing.scan('refresh command'));
      return scans.length === 1 ? scans[0] : Promise.all(scans);
    }),
  );
}
