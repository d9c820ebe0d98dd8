// Registers object history: the Object History view, "Show Object History", the per-entry diff and
// forge actions, and "Revert Sync". Each workspace folder has its own controller (its repository, its HEAD);
// with several folders the view groups the shown histories by folder, and the commands run in the folder of
// the item, the editor or the object named, asking only when that leaves several.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import { mapPerFolder } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
import { FolderGroupedTreeProvider } from '../folderTree';
import type { Services } from '../services';
import { parseObjectHistoryArg, parseRevertSyncArgs } from './historyArgs';
import { HISTORY_SCHEME, HistoryContentProvider } from './historyContentProvider';
import { HISTORY_VIEW_ID, HistoryController } from './historyController';
import { entryFrom, openCommitOnForge, openHistoryDiff } from './historyEntryActions';
import { followHead } from './followHead';
import { pageSummary } from './historyFormat';
import { HistoryNode, HistoryTreeProvider, LOAD_MORE_COMMAND, OPEN_DIFF_COMMAND } from './historyTreeProvider';
import { revertSyncCommand } from './revertSyncCommand';
import { showObjectHistory } from './showObjectHistoryCommand';
import { guarded } from '../guarded';

export function registerHistory(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const documents = new HistoryContentProvider();
  let view: vscode.TreeView<unknown> | undefined;
  // The view's message is one folder's page summary: only when there is one folder (grouped, the folder rows say it).
  const messageView = () => (folders.grouped ? undefined : (view as vscode.TreeView<HistoryNode> | undefined));
  const perFolder = folders.perFolder((services) => {
    const controller = new HistoryController(services);
    const provider = new HistoryTreeProvider(controller, messageView);
    // New commits, checkouts and pulls move HEAD: the view follows (debounced).
    const head = followHead(services, controller);
    return { controller, provider, dispose: () => (head.dispose(), provider.dispose(), controller.dispose()) };
  });
  const tree = new FolderGroupedTreeProvider(folders, mapPerFolder(perFolder, (f) => f.provider), {
    describe: (services) => {
      const s = perFolder.get(services)?.controller.state;
      return s?.status === 'done' ? pageSummary(s.object, s.entries.length, s.scanned, !!s.nextCursor) : undefined;
    },
  });
  view = vscode.window.createTreeView(HISTORY_VIEW_ID, { treeDataProvider: tree });
  // The folder whose history was asked for last: what argument-less view commands act on.
  let last: Services | undefined;
  const controllerOf = (services: Services | undefined) => perFolder.get(services)?.controller;
  /** The controller an entry node, `{ commit }` or commit id belongs to. */
  const forEntry = (arg: unknown): HistoryController | undefined => {
    const named = controllerOf(folders.byKey(folderKeyOf(arg) ?? folderKeyOf((arg as { entry?: unknown } | undefined)?.entry)));
    if (named) return named;
    const holding = perFolder.entries().filter((e) => entryFrom(e.value.controller, arg));
    if (holding.length === 1) return holding[0].value.controller;
    return controllerOf(last) ?? perFolder.entries()[0]?.value.controller;
  };
  const guard = <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const services = folders.first();
    return services ? guarded(services, what, fn) : Promise.resolve(undefined);
  };
  context.subscriptions.push(
    tree,
    view,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, documents),
    // Argument: nothing (editor cursor, then a pick), a resource tree node, the editor's URI, or
    // { kind, name, namespace?, app?, folder? } from other features. Returns the entries shown.
    vscode.commands.registerCommand('reconcile.showObjectHistory', async (arg?: unknown) => {
      const request = arg instanceof vscode.Uri ? undefined : parseObjectHistoryArg(arg);
      const holding = request ? folders.all().filter((f) => f.index.findObjects(request.target).length > 0).map((f) => f.key) : undefined;
      const services = await folders.choose({ folder: folderKeyOf(arg), uri: arg instanceof vscode.Uri ? arg : undefined, holding }, 'Show Object History');
      const controller = controllerOf(services);
      if (!services || !controller) return undefined;
      last = services;
      return guarded(services, 'Show Object History', () => showObjectHistory(services, controller, arg));
    }),
    vscode.commands.registerCommand(OPEN_DIFF_COMMAND, (arg?: unknown) => guard('Open rendered diff', async () => {
      const controller = forEntry(arg);
      return controller ? openHistoryDiff(controller, documents, arg) : false;
    })),
    vscode.commands.registerCommand('reconcile.history.openCommitOnForge', (arg?: unknown) => guard('Open Commit on Forge', async () => {
      const controller = forEntry(arg);
      return controller ? openCommitOnForge(controller, arg) : undefined;
    })),
    vscode.commands.registerCommand(LOAD_MORE_COMMAND, (arg?: unknown) => guard('Object history', async () => (controllerOf(folders.byKey(folderKeyOf(arg)) ?? last) ?? perFolder.entries()[0]?.value.controller)?.loadMore())),
    vscode.commands.registerCommand('reconcile.history.cancel', () => perFolder.entries().forEach((e) => e.value.controller.cancel())),
    // Every shown history is recomputed; resolves with the one of the folder asked last (the only one, usually).
    vscode.commands.registerCommand('reconcile.history.refresh', () => guard('Object history', async () => {
      const shown = perFolder.entries().filter((e) => e.value.controller.state.status !== 'idle');
      const results = await Promise.all(shown.map(async (e) => ({ services: e.services, model: await e.value.controller.refresh() })));
      return (results.find((r) => r.services === last) ?? results[0])?.model;
    })),
    // Argument: nothing (pick a recent commit), a history entry node, a commit id, or
    // { commit, title, base?, remote?, draft?, folder? } to run without prompts. Returns the outcome.
    vscode.commands.registerCommand('reconcile.revertSync', async (arg?: unknown) => {
      const entryOwner = perFolder.entries().filter((e) => entryFrom(e.value.controller, arg)).map((e) => e.services.key);
      const services = await folders.choose({ folder: folderKeyOf(arg), holding: entryOwner.length ? entryOwner : undefined }, 'Revert Sync');
      if (!services) return undefined;
      return guarded(services, 'Revert Sync', () => revertSyncCommand(context, services, documents, parseRevertSyncArgs(arg)));
    }),
  );
}
