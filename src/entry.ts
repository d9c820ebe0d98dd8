// The bundle VS Code loads at activation: only this loader. Everything else (the index, validation,
// the views, the git/forge/cluster clients) is in chunks loaded right after, so VS Code's own activation
// time stays a few milliseconds; the chunk load itself is logged ("after loading the extension code in
// N ms"). @kubernetes/client-node (30 MB) loads only when a cluster feature is used. VS Code waits
// for the returned promise before running a command that triggered activation, so no command is lost.
import type * as vscode from 'vscode';
import type { ReconcileApi } from './extension';

let loaded: Promise<typeof import('./extension')> | undefined;

export function activate(context: vscode.ExtensionContext): Promise<ReconcileApi> {
  const startedAt = Date.now();
  // webpack's node runtime loads a chunk with a synchronous require() inside import(): starting it from
  // the next macrotask keeps that load out of activate()'s own call, so VS Code's activation stays short
  // and the workbench finishes restoring before the extension code is compiled.
  loaded ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => import(/* webpackChunkName: "main" */ './extension'));
  return loaded.then((m) => m.activate(context, startedAt));
}

export function deactivate(): Promise<void> | undefined {
  return loaded?.then((m) => m.deactivate());
}
