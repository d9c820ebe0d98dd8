// Registers the sync feature: the "Open Sync PR" command (palette, Source Control title).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { openSyncPr } from './openSyncPrCommand';

export function registerSync(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('reconcile.openSyncPr', (files?: unknown) =>
      openSyncPr(context, services, Array.isArray(files) && files.every((f) => typeof f === 'string') ? (files as string[]) : undefined),
    ),
  );
}
