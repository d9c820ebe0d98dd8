// Registers the Drift view and the cluster connection: the status-bar context picker, the tree with its
// title buttons, the diff editor's virtual documents, "Adopt Live Values", and the refresh triggers
// (connection changes, index changes debounced, an optional interval).
import * as vscode from 'vscode';
import { DriftNode } from '../../core/diff/driftTree';
import type { Services } from '../services';
import { ClusterConnection } from '../cluster/clusterConnection';
import { registerSelectContextCommand } from '../cluster/selectContextCommand';
import { ADOPT_COMMAND, adoptLiveValuesCommand } from './adoptCommand';
import { DriftController, DRIFT_VIEW } from './driftController';
import { DESIRED_SCHEME, DriftDocuments, LIVE_SCHEME } from './driftDocuments';
import { diffTitle } from './driftModel';
import { DriftTreeProvider, OPEN_DIFF_COMMAND } from './driftTreeProvider';
import { guarded } from '../guarded';

const INDEX_DEBOUNCE_MS = 2000;
// Several watch events come together (an apply touches many objects): one refresh for the burst.
const LIVE_DEBOUNCE_MS = 1500;

export function registerDrift(context: vscode.ExtensionContext, services: Services): void {
  const connection = new ClusterConnection(services.workspaceRoot, services.logger);
  const tree = new DriftTreeProvider();
  const documents = new DriftDocuments();
  const controller = new DriftController(services, connection, tree, documents);
  const view = vscode.window.createTreeView(DRIFT_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  controller.view = view as vscode.TreeView<unknown>;

  // A refresh asked for while the view is hidden is remembered and done when it shows again.
  let stale = false;
  const refreshIfShown = (): void => {
    if (view.visible) void controller.refresh();
    else stale = true;
  };
  let debounce: NodeJS.Timeout | undefined;
  let interval: NodeJS.Timeout | undefined;
  const setInterval_ = (): void => {
    if (interval) clearInterval(interval);
    const seconds = vscode.workspace.getConfiguration('reconcile', services.workspaceRoot).get<number>('drift.refreshIntervalSeconds', 0);
    interval = seconds > 0 ? setInterval(() => controller.current && refreshIfShown(), Math.max(10, seconds) * 1000) : undefined;
  };
  setInterval_();

  context.subscriptions.push(
    connection,
    tree,
    documents,
    controller,
    view,
    { dispose: () => (debounce && clearTimeout(debounce), interval && clearInterval(interval)) },
    vscode.workspace.registerTextDocumentContentProvider(DESIRED_SCHEME, documents),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, documents),
    registerSelectContextCommand(connection),
    // Argument `{ peek: true }` (tests, other features): the model shown now, without comparing again.
    vscode.commands.registerCommand('reconcile.drift.refresh', (arg?: { peek?: boolean }) => {
      const m = controller.current;
      if (arg && typeof arg === 'object' && arg.peek === true) return m ? { root: m.root, drifted: m.drifted } : undefined;
      return controller.refresh();
    }),
    vscode.commands.registerCommand('reconcile.drift.cancel', () => controller.cancel()),
    vscode.commands.registerCommand('reconcile.drift.showOnlyDrifted', () => controller.setOnlyDrifted(true)),
    vscode.commands.registerCommand('reconcile.drift.showAll', () => controller.setOnlyDrifted(false)),
    vscode.commands.registerCommand(OPEN_DIFF_COMMAND, async (node?: DriftNode) => {
      const entry = node ? controller.current?.objects.get(node.id) : undefined;
      if (!entry) return undefined;
      const { desired, live } = documents.uris(entry.node.id, entry.object);
      await vscode.commands.executeCommand('vscode.diff', desired, live, diffTitle(entry.object), { preview: true });
      return { desired: desired.toString(), live: live.toString() };
    }),
    vscode.commands.registerCommand(ADOPT_COMMAND, (node?: DriftNode) => guarded(services, 'Adopt Live Values', () => adoptLiveValuesCommand(services, controller, node))),
    connection.onDidChange((state) => {
      void vscode.commands.executeCommand('setContext', 'reconcile.clusterState', state.kind);
      if (state.kind === 'none') controller.clear();
      else if ((state.kind === 'connected' || state.kind === 'error') && !controller.waitingForConnection) refreshIfShown();
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible && (stale || !controller.current)) {
        stale = false;
        void controller.refresh();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('reconcile.drift.refreshIntervalSeconds')) setInterval_();
      if (e.affectsConfiguration('reconcile.drift.watch') && !vscode.workspace.getConfiguration('reconcile').get<boolean>('drift.watch', false)) controller.stopWatch();
      if (['ignoreDifferences', 'serverSideDryRun', 'watch'].some((k) => e.affectsConfiguration(`reconcile.drift.${k}`))) refreshIfShown();
    }),
  );
  controller.onLiveChange = (why) => {
    services.logger.info(`drift: cluster changed (${why}); refreshing`);
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(refreshIfShown, LIVE_DEBOUNCE_MS);
  };
  const unsubscribe = services.index.onDidChange(() => {
    // Edits to manifests change the desired side; re-compare once typing settles, only if a result is shown.
    if (!controller.current) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(refreshIfShown, INDEX_DEBOUNCE_MS);
  });
  context.subscriptions.push({ dispose: unsubscribe });
  void vscode.commands.executeCommand('setContext', 'reconcile.drift.onlyDrifted', false);
  void vscode.commands.executeCommand('setContext', 'reconcile.clusterState', connection.current.kind);
  // Connecting loads @kubernetes/client-node (seconds): only once the view is shown or a command asks.
  if (view.visible) void controller.refresh();
}
