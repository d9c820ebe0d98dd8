// `reconcile.cancelIndexing`: stops a running scan (the status bar item runs it while indexing).
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerCancelIndexingCommand(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand('reconcile.cancelIndexing', () => services.indexing.cancel()));
}
