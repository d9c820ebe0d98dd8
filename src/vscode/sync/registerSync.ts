// Registers the sync feature: the "Open Sync PR" command (palette, Source Control title).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { openSyncPr } from './openSyncPrCommand';
import { parseOpenSyncPrArgs } from './openSyncPrArgs';

export function registerSync(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    // Argument: nothing (palette, Source Control button), a list of repo-relative files to preselect,
    // or { files, title, base?, draft? } to run without prompts.
    vscode.commands.registerCommand('reconcile.openSyncPr', async (arg?: unknown) => {
      try {
        return await openSyncPr(context, services, parseOpenSyncPrArgs(arg));
      } catch (err) {
        // The core returns failures as values; this only catches the unforeseen (validation, UI).
        const message = err instanceof Error ? err.message : String(err);
        services.logger.error(`Open Sync PR: ${message}`);
        void vscode.window.showErrorMessage(`Open Sync PR failed: ${message}`);
        return undefined;
      }
    }),
  );
}
