// Registers object history: the Object History view, "Show Object History", the per-entry diff and
// forge actions, and "Revert Sync".
import * as vscode from 'vscode';
import type { Services } from '../services';
import { parseRevertSyncArgs } from './historyArgs';
import { HISTORY_SCHEME, HistoryContentProvider } from './historyContentProvider';
import { HISTORY_VIEW_ID, HistoryController } from './historyController';
import { openCommitOnForge, openHistoryDiff } from './historyEntryActions';
import { followHead } from './followHead';
import { HistoryNode, HistoryTreeProvider, LOAD_MORE_COMMAND, OPEN_DIFF_COMMAND } from './historyTreeProvider';
import { revertSyncCommand } from './revertSyncCommand';
import { showObjectHistory } from './showObjectHistoryCommand';
import { guarded } from '../guarded';

export function registerHistory(context: vscode.ExtensionContext, services: Services): void {
  const controller = new HistoryController(services);
  const documents = new HistoryContentProvider();
  let view: vscode.TreeView<HistoryNode> | undefined;
  const provider = new HistoryTreeProvider(controller, () => view);
  view = vscode.window.createTreeView(HISTORY_VIEW_ID, { treeDataProvider: provider });
  context.subscriptions.push(
    controller,
    // New commits, checkouts and pulls move HEAD: the view follows (debounced).
    followHead(services, controller),
    documents,
    provider,
    view,
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, documents),
    // Argument: nothing (editor cursor, then a pick), a resource tree node, the editor's URI, or
    // { kind, name, namespace?, app? } from other features. Returns the entries shown.
    vscode.commands.registerCommand('reconcile.showObjectHistory', (arg?: unknown) => guarded(services, 'Show Object History', () => showObjectHistory(services, controller, arg))),
    vscode.commands.registerCommand(OPEN_DIFF_COMMAND, (arg?: unknown) => guarded(services, 'Open rendered diff', () => openHistoryDiff(controller, documents, arg))),
    vscode.commands.registerCommand('reconcile.history.openCommitOnForge', (arg?: unknown) => guarded(services, 'Open Commit on Forge', () => openCommitOnForge(controller, arg))),
    vscode.commands.registerCommand(LOAD_MORE_COMMAND, () => guarded(services, 'Object history', () => controller.loadMore())),
    vscode.commands.registerCommand('reconcile.history.cancel', () => controller.cancel()),
    vscode.commands.registerCommand('reconcile.history.refresh', () => guarded(services, 'Object history', () => controller.refresh())),
    // Argument: nothing (pick a recent commit), a history entry node, a commit id, or
    // { commit, title, base?, remote?, draft? } to run without prompts. Returns the outcome.
    vscode.commands.registerCommand('reconcile.revertSync', (arg?: unknown) => guarded(services, 'Revert Sync', () => revertSyncCommand(context, services, documents, parseRevertSyncArgs(arg)))),
  );
}
