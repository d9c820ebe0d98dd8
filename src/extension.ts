// Extension entry: builds the services once, then calls one `register...` per feature. Nothing else lives here.
import * as vscode from 'vscode';
import { createServices } from './vscode/createServices';
import { registerHelmTemplateLanguage } from './vscode/syntaxes/helmTemplateLanguage';
import { registerDefinitions } from './vscode/navigation/definitionProvider';
import { registerFoundationCommands } from './vscode/registerCommands';
import { registerResourceTree } from './vscode/resources/registerResourceTree';
import { startIndexing } from './vscode/indexing/indexConfiguration';
import type { Services } from './vscode/services';
import { registerDocumentSymbols } from './vscode/symbols/documentSymbolProvider';
import { registerWorkspaceSymbols } from './vscode/symbols/workspaceSymbolProvider';
import { registerValidation } from './vscode/validation/registerValidation';
import { registerSync } from './vscode/sync/registerSync';
import { registerHistory } from './vscode/history/registerHistory';
import { registerPreview } from './vscode/preview/registerPreview';
import { registerDrift } from './vscode/drift/registerDrift';
import { registerChangeImpact } from './vscode/plan/registerChangeImpact';
import { registerAppSet } from './vscode/appset/registerAppSet';

/** What `activate` returns (`vscode.extensions.getExtension(...).exports`): used by the e2e suite and other extensions. */
export interface ReconcileApi {
  services: Services | undefined;
  /** Resolves after the first index scan has ended. */
  whenIndexed(): Promise<void>;
  /** Wall time of `activate` itself (the index scan runs after it returns). */
  activationMs: number;
}

/** `loadStartedAt`: when src/entry.ts (the bundle VS Code loads) started loading this chunk. */
export function activate(context: vscode.ExtensionContext, loadStartedAt?: number): ReconcileApi {
  const started = Date.now();
  const loadMs = loadStartedAt === undefined ? undefined : started - loadStartedAt;
  const output = vscode.window.createOutputChannel('Reconcile');
  context.subscriptions.push(output);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) {
    // No folder: the views show their welcome content; nothing to index.
    return { services: undefined, whenIndexed: () => Promise.resolve(), activationMs: Date.now() - started };
  }
  if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
    output.appendLine(`Multi-root workspace: Reconcile indexes the first folder only (${root.toString()}).`);
  }
  const services = createServices(context, output, root);
  registerFoundationCommands(context, services);
  registerResourceTree(context, services);
  registerDocumentSymbols(context, services);
  registerWorkspaceSymbols(context, services);
  registerDefinitions(context, services);
  registerValidation(context, services);
  registerSync(context, services);
  registerHistory(context, services);
  registerDrift(context, services);
  registerChangeImpact(context, services);
  registerPreview(context, services);
  registerHelmTemplateLanguage(context, services);
  registerAppSet(context, services);
  // <feature-registrations> (one register...(context, services) call per feature; keep this marker)
  startIndexing(context, services);
  const activationMs = Date.now() - started;
  services.logger.info(
    `activated in ${activationMs} ms${loadMs === undefined ? '' : `, after loading the extension code in ${loadMs} ms`} (indexing continues in the background)`,
  );
  return { services, whenIndexed: () => services.indexing.whenReady(), activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
