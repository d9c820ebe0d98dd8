// The bundle VS Code loads at activation: only this loader. Everything else (the index, validation,
// the views, the git/forge/cluster clients) is in a chunk loaded right after, so VS Code's own activation
// time stays a few milliseconds while the extension host stays free for other extensions. VS Code waits
// for the returned promise before running a command that triggered activation, so no command is lost.
import type * as vscode from 'vscode';
import type { ReconcileApi } from './extension';

let loaded: Promise<typeof import('./extension')> | undefined;

export function activate(context: vscode.ExtensionContext): Promise<ReconcileApi> {
  const startedAt = Date.now();
  loaded ??= import(/* webpackChunkName: "main" */ './extension');
  return loaded.then((m) => m.activate(context, startedAt));
}

export function deactivate(): Promise<void> | undefined {
  return loaded?.then((m) => m.deactivate());
}
