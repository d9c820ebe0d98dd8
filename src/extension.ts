// Extension entry: builds the folder registry (one Services per workspace folder), then calls one `register...` per
// feature. Nothing else lives here.
import * as vscode from 'vscode';
import { createServices } from './vscode/createServices';
import { FolderRegistry } from './vscode/folderRegistry';
import { IndexStatusBar } from './vscode/indexing/indexStatusBar';
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
import { registerTerraformEditor } from './vscode/terraform/registerTerraformEditor';

/** What `activate` returns (`vscode.extensions.getExtension(...).exports`): used by the e2e suite and other extensions. */
export interface ReconcileApi {
  /** The first workspace folder's services (what a one-folder workspace has). */
  services: Services | undefined;
  /** Every workspace folder's services, in the workspace's order (folders added or removed later included). */
  folders: Services[];
  /** Resolves after the first index scan of every folder open now has ended. */
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
    // (Adding the first folder restarts the extension host, so there is nothing to follow.)
    return { services: undefined, folders: [], whenIndexed: () => Promise.resolve(), activationMs: Date.now() - started };
  }
  const statusBar = new IndexStatusBar();
  const folders = new FolderRegistry((folder) => createServices(output, folder, statusBar));
  context.subscriptions.push(folders, statusBar);
  folders.start(vscode.workspace.workspaceFolders ?? []);
  registerFoundationCommands(context, folders);
  registerResourceTree(context, folders);
  registerDocumentSymbols(context, folders);
  registerWorkspaceSymbols(context, folders);
  registerDefinitions(context, folders);
  registerValidation(context, folders);
  registerSync(context, folders);
  registerHistory(context, folders);
  registerDrift(context, folders);
  registerChangeImpact(context, folders);
  registerPreview(context, folders);
  registerHelmTemplateLanguage(context, folders);
  registerAppSet(context, folders);
  registerTerraformEditor(context, folders);
  // <feature-registrations> (one register...(context, folders) call per feature; keep this marker)
  startIndexing(context, folders);
  const activationMs = Date.now() - started;
  const logger = folders.first()!.logger;
  if (folders.size > 1) logger.info(`multi-root workspace: ${folders.all().map((f) => f.name).join(', ')}, each indexed as its own repository`);
  logger.info(`activated in ${activationMs} ms${loadMs === undefined ? '' : `, after loading the extension code in ${loadMs} ms`} (indexing continues in the background)`);
  const atActivation = folders.all();
  return {
    get services() {
      return folders.first();
    },
    get folders() {
      return folders.all();
    },
    whenIndexed: () => Promise.all(atActivation.map((f) => f.indexing.whenReady())).then(() => undefined),
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
