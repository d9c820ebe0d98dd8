// Registers the sync feature: the "Open Sync PR" command (palette, Source Control title).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { openSyncPr } from './openSyncPrCommand';
import { parseOpenSyncPrArgs } from './openSyncPrArgs';

export function registerSync(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    // Argument: nothing (palette, Source Control button), a list of repo-relative files to preselect,
    // or { files, title, base?, draft? } to run without prompts.
    vscode.commands.registerCommand('reconcile.openSyncPr', (arg?: unknown) => openSyncPr(context, services, parseOpenSyncPrArgs(arg))),
  );
}
