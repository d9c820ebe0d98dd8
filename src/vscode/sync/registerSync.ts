// Registers the sync feature: the "Open Sync PR" command (palette, Source Control title) and "Set Forge Token".
// Open Sync PR acts on one repository: the folder the argument names, else the Source Control repository's, the
// folder holding the files given, the active editor's; a pick when that leaves several.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
import { openSyncPr } from './openSyncPrCommand';
import { parseOpenSyncPrArgs } from './openSyncPrArgs';
import { setForgeToken } from './setForgeTokenCommand';
import { parseSetForgeTokenArgs } from './setForgeTokenArgs';
import { guarded } from '../guarded';

/** The URI an invocation points at: a URI, or a Source Control repository (`{ rootUri }`) from the SCM title. */
function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const root = arg && typeof arg === 'object' ? (arg as { rootUri?: unknown }).rootUri : undefined;
  return root instanceof vscode.Uri ? root : undefined;
}

export function registerSync(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(
    // Argument: nothing (palette, Source Control button), a list of repo-relative files to preselect,
    // or { files, title, base?, draft?, folder? } to run without prompts (`folder`: the workspace folder's URI).
    vscode.commands.registerCommand('reconcile.openSyncPr', async (arg?: unknown) => {
      const args = parseOpenSyncPrArgs(arg);
      const named = args.files?.[0];
      const holding = named === undefined ? undefined : folders.all().filter((f) => f.index.getFile(named)).map((f) => f.key);
      const services = await folders.choose({ folder: folderKeyOf(arg), uri: uriOf(arg), holding }, 'Open Sync PR');
      if (!services) return undefined;
      return guarded(services, 'Open Sync PR', () => openSyncPr(context, services, args));
    }),
    // Argument: nothing (prompts), or { kind, apiUrl, token? } (an empty token removes the stored one).
    vscode.commands.registerCommand('reconcile.setForgeToken', async (arg?: unknown) => {
      const { args, problem } = parseSetForgeTokenArgs(arg);
      if (problem) {
        void vscode.window.showErrorMessage(`Set Forge Token: ${problem}`);
        return undefined;
      }
      // The token is per forge, not per folder; the folder only proposes its remote's forge in the pick.
      const services = folders.forActiveEditor() ?? folders.first();
      if (!services) return undefined;
      // SecretStorage can fail (no keyring on Linux); guarded says so rather than fail silently.
      return guarded(services, 'Set Forge Token', () => setForgeToken(context, services, args));
    }),
  );
}
