// `reconcile.showObjectHistory`: which object to show, from the argument (tree node, other features,
// tests), the editor's cursor, or a quick pick of the index's objects; then the controller computes
// it into the Object History view.
import * as vscode from 'vscode';
import type { ResourceEntry } from '../../core/index/model';
import { isClusterObject } from '../resources/resourceTreeModel';
import type { Services } from '../services';
import { ObjectHistoryRequest, parseObjectHistoryArg, requestFromResource } from './historyArgs';
import { HISTORY_VIEW_ID, HistoryController, HistoryViewModel } from './historyController';
import { resourceAtLine } from './resourceAtLine';

async function fromEditor(services: Services): Promise<ObjectHistoryRequest | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const rel = services.paths.toRelative(editor.document.uri);
  if (!rel) return undefined;
  await services.sync.ensureFresh(editor.document);
  const file = services.index.getFile(rel);
  if (!file) return undefined;
  const r = resourceAtLine(rel, file.documents, services.index.resources(), editor.selection.active.line);
  return r && isClusterObject(r) ? requestFromResource(r) : undefined;
}

async function fromQuickPick(services: Services): Promise<ObjectHistoryRequest | undefined> {
  await services.indexing.whenReady();
  const resources = services.index.resources().filter(isClusterObject);
  if (!resources.length) {
    void vscode.window.showInformationMessage('No Kubernetes objects are indexed in this workspace.');
    return undefined;
  }
  const items = resources
    .slice()
    .sort((a, b) => (a.kind + '/' + a.name < b.kind + '/' + b.name ? -1 : a.kind + '/' + a.name > b.kind + '/' + b.name ? 1 : a.file < b.file ? -1 : 1))
    .map((r) => ({ label: `${r.kind}/${r.name}`, description: r.namespace ?? '', detail: `${r.file}:${r.line + 1}`, resource: r as ResourceEntry }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Show Object History', placeHolder: 'Object (type Kind/name)', matchOnDescription: true, matchOnDetail: true });
  return picked ? requestFromResource(picked.resource) : undefined;
}

async function chooseApp(message: string, candidates: string[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c || '.', app: c })),
    { title: 'Show Object History: which app?', placeHolder: message, ignoreFocusOut: true },
  );
  return picked?.app;
}

export async function showObjectHistory(services: Services, controller: HistoryController, arg: unknown): Promise<HistoryViewModel | undefined> {
  // History runs `git`, an external binary: Restricted Mode runs none (the same rule as Revert Sync and the plan).
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Object history runs git, which Restricted Mode does not allow. Trust this workspace to use it.');
    return undefined;
  }
  if (services.workspaceRoot.scheme !== 'file') {
    void vscode.window.showWarningMessage('Object history reads a local git repository; this workspace is not on a local disk.');
    return undefined;
  }
  // The editor's context menu passes the document's URI: that means "the object at the cursor".
  const fromMenu = arg instanceof vscode.Uri;
  const explicit = fromMenu ? undefined : parseObjectHistoryArg(arg);
  // With an argument the caller decides; without one, the cursor's object, then a pick.
  const request = explicit ?? (arg === undefined || fromMenu ? (await fromEditor(services)) ?? (await fromQuickPick(services)) : undefined);
  if (!request) {
    if (arg !== undefined && !explicit) void vscode.window.showWarningMessage('Show Object History: that item does not name a Kubernetes object.');
    return undefined;
  }
  await vscode.commands.executeCommand(`${HISTORY_VIEW_ID}.focus`);
  return controller.show(request, chooseApp);
}
