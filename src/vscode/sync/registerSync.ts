// Registers the sync feature: the "Open Sync PR" command (palette, Source Control title) and "Set Forge Token".
import * as vscode from 'vscode';
import type { Services } from '../services';
import { openSyncPr } from './openSyncPrCommand';
import { parseOpenSyncPrArgs } from './openSyncPrArgs';
import { setForgeToken } from './setForgeTokenCommand';
import { parseSetForgeTokenArgs } from './setForgeTokenArgs';
import { guarded } from '../guarded';

export function registerSync(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    // Argument: nothing (palette, Source Control button), a list of repo-relative files to preselect,
    // or { files, title, base?, draft? } to run without prompts.
    vscode.commands.registerCommand('reconcile.openSyncPr', (arg?: unknown) => guarded(services, 'Open Sync PR', () => openSyncPr(context, services, parseOpenSyncPrArgs(arg)))),
    // Argument: nothing (prompts), or { kind, apiUrl, token? } (an empty token removes the stored one).
    vscode.commands.registerCommand('reconcile.setForgeToken', async (arg?: unknown) => {
      const { args, problem } = parseSetForgeTokenArgs(arg);
      if (problem) {
        void vscode.window.showErrorMessage(`Set Forge Token: ${problem}`);
        return undefined;
      }
      // SecretStorage can fail (no keyring on Linux); guarded says so rather than fail silently.
      return guarded(services, 'Set Forge Token', () => setForgeToken(context, services, args));
    }),
  );
}
