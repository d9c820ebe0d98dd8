// `reconcile.showLog`: shows the "Reconcile" output channel.
import * as vscode from 'vscode';
import type { Services } from '../services';

export function registerShowLogCommand(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand('reconcile.showLog', () => services.output.show(true)));
}
