// Registers the sync feature: the "Open Sync PR" command (palette, Source Control title) and "Set Forge Token".
import * as vscode from 'vscode';
import type { Services } from '../services';
import { openSyncPr } from './openSyncPrCommand';
import { parseOpenSyncPrArgs } from './openSyncPrArgs';
import { setForgeToken } from './setForgeTokenCommand';
import { parseSetForgeTokenArgs } from './setForgeTokenArgs';

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
    // Argument: nothing (prompts), or { kind, apiUrl, token? } (an empty token removes the stored one).
    vscode.commands.registerCommand('reconcile.setForgeToken', async (arg?: unknown) => {
      const { args, problem } = parseSetForgeTokenArgs(arg);
      if (problem) {
        void vscode.window.showErrorMessage(`Set Forge Token: ${problem}`);
        return undefined;
      }
      try {
        return await setForgeToken(context, services, args);
      } catch (err) {
        // SecretStorage can fail (no keyring on Linux); say so rather than fail silently.
        const message = err instanceof Error ? err.message : String(err);
        services.logger.error(`Set Forge Token: ${message}`);
        void vscode.window.showErrorMessage(`Set Forge Token failed: ${message}`);
        return undefined;
      }
    }),
  );
}
