// Registers the Drift view and the cluster connection: the status-bar context picker, the tree with its
// title buttons, the diff editor's virtual documents, "Adopt Live Values", and the refresh triggers
// (connection changes, index changes debounced, an optional interval). One cluster connection for the
// window; each workspace folder compares its own apps (its own controller), grouped by folder in the view
// when there are several.
import * as vscode from 'vscode';
import { DriftNode } from '../../core/diff/driftTree';
import { FolderRegistry, mapPerFolder } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
import { FolderGroupedTreeProvider } from '../folderTree';
import type { Services } from '../services';
import { ClusterConnection } from '../cluster/clusterConnection';
import { registerSelectContextCommand } from '../cluster/selectContextCommand';
import { ADOPT_COMMAND, adoptLiveValuesCommand } from './adoptCommand';
import { DriftController, DriftRefreshResult, DRIFT_VIEW } from './driftController';
import { DESIRED_SCHEME, DriftDocuments, LIVE_SCHEME } from './driftDocuments';
import { diffTitle } from './driftModel';
import { DriftTreeProvider, OPEN_DIFF_COMMAND } from './driftTreeProvider';
import { guarded } from '../guarded';

const INDEX_DEBOUNCE_MS = 2000;
// Several watch events come together (an apply touches many objects): one refresh for the burst.
const LIVE_DEBOUNCE_MS = 1500;

/** What `reconcile.drift.refresh` resolves with: one folder's result as before; with several, each folder's too. */
export type DriftViewResult = DriftRefreshResult & { folders?: Array<{ folder: string; name: string; root?: DriftRefreshResult['root']; drifted: number }> };

interface DriftFolder {
  controller: DriftController;
  tree: DriftTreeProvider;
  documents: DriftDocuments;
  /** Schedules this folder's re-comparison after `ms` (a burst of edits or watch events costs one). */
  later(ms: number): void;
  dispose(): void;
}

export function registerDrift(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const first = folders.first();
  if (!first) return;
  // One cluster context for the window (the status bar picks it); its settings are read from the first folder.
  const connection = new ClusterConnection(first.workspaceRoot, first.logger);
  let view: vscode.TreeView<unknown> | undefined;
  // A refresh asked for while the view is hidden is remembered and done when it shows again.
  let stale = false;
  const refreshIfShown = (which: DriftFolder[]): void => {
    if (view?.visible) which.forEach((f) => void f.controller.refresh());
    else stale = true;
  };
  let tags = 0;
  const perFolder = folders.perFolder<DriftFolder>((services) => {
    const tree = new DriftTreeProvider();
    const documents = new DriftDocuments(tags++ === 0 ? '' : `f${tags - 1}`);
    const controller = new DriftController(services, connection, tree, documents);
    let debounce: NodeJS.Timeout | undefined;
    const folder: DriftFolder = {
      controller,
      tree,
      documents,
      later: (ms) => {
        if (debounce) clearTimeout(debounce);
        debounce = setTimeout(() => refreshIfShown([folder]), ms);
      },
      dispose: () => {
        if (debounce) clearTimeout(debounce);
        unsubscribe();
        controller.dispose();
        tree.dispose();
        documents.dispose();
      },
    };
    controller.onLiveChange = (why) => {
      services.logger.info(`drift: cluster changed (${why}); refreshing`);
      folder.later(LIVE_DEBOUNCE_MS);
    };
    // Edits to manifests change the desired side; re-compare once typing settles, only if a result is shown.
    const unsubscribe = services.index.onDidChange(() => controller.current && folder.later(INDEX_DEBOUNCE_MS));
    return folder;
  });
  const all = (): DriftFolder[] => perFolder.entries().map((e) => e.value);
  const tree = new FolderGroupedTreeProvider(folders, mapPerFolder(perFolder, (f) => f.tree), {
    describe: (services) => {
      const n = perFolder.get(services)?.controller.current?.drifted ?? 0;
      return n > 0 ? `${n} drifted` : undefined;
    },
  });
  view = vscode.window.createTreeView(DRIFT_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const shownView = view;
  // The badge counts drifted objects of every folder.
  const badge = (): void => {
    const n = all().reduce((sum, f) => sum + (f.controller.current?.drifted ?? 0), 0);
    shownView.badge = n > 0 ? { value: n, tooltip: `${n} drifted object(s)` } : undefined;
  };
  /** The folder a node of the view (or a plain `{ id }` from a test) belongs to. */
  const folderOf = (node: DriftNode | undefined): { services: Services; value: DriftFolder } | undefined => {
    const entries = perFolder.entries();
    const key = folderKeyOf(node);
    const named = entries.find((e) => e.services.key === key);
    if (named || !node) return named ?? entries[0];
    return entries.find((e) => e.value.controller.current?.objects.has(node.id) || e.value.controller.current?.changes.has(node.id)) ?? entries[0];
  };
  const result = (services: Services, m: DriftRefreshResult | undefined) => ({ folder: services.key, name: services.name, root: m?.root, drifted: m?.drifted ?? 0 });
  const combine = (results: Array<{ services: Services; model: DriftRefreshResult | undefined }>): DriftViewResult | undefined => {
    if (!folders.grouped) return results[0]?.model;
    const shown = results.filter((r) => r.model);
    if (!shown.length) return undefined;
    return { root: shown[0].model!.root, drifted: shown.reduce((n, r) => n + r.model!.drifted, 0), folders: results.map((r) => result(r.services, r.model)) };
  };
  let interval: NodeJS.Timeout | undefined;
  const setInterval_ = (): void => {
    if (interval) clearInterval(interval);
    const seconds = vscode.workspace.getConfiguration('reconcile', first.workspaceRoot).get<number>('drift.refreshIntervalSeconds', 0);
    interval = seconds > 0 ? setInterval(() => refreshIfShown(all().filter((f) => f.controller.current)), Math.max(10, seconds) * 1000) : undefined;
  };
  setInterval_();

  const documentsFor = (uri: vscode.Uri): DriftDocuments | undefined => all().find((f) => f.documents.tag === uri.authority)?.documents;
  const contentProvider: vscode.TextDocumentContentProvider = {
    onDidChange: (listener, thisArg, disposables) => {
      // Each folder's documents fire for their own URIs; the registered provider passes all of them on.
      const subs = all().map((f) => f.documents.onDidChange(listener, thisArg));
      const d = { dispose: () => subs.forEach((s) => s.dispose()) };
      disposables?.push(d);
      return d;
    },
    provideTextDocumentContent: (uri) => documentsFor(uri)?.provideTextDocumentContent(uri) ?? '# This object is not in the current drift results. Refresh the Drift view.\n',
  };

  context.subscriptions.push(
    connection,
    tree,
    view,
    { dispose: () => interval && clearInterval(interval) },
    tree.onDidChangeTreeData(badge),
    vscode.workspace.registerTextDocumentContentProvider(DESIRED_SCHEME, contentProvider),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, contentProvider),
    registerSelectContextCommand(connection),
    // Argument `{ peek: true }` (tests, other features): the model shown now, without comparing again.
    vscode.commands.registerCommand('reconcile.drift.refresh', async (arg?: { peek?: boolean }): Promise<DriftViewResult | undefined> => {
      const entries = perFolder.entries();
      if (arg && typeof arg === 'object' && arg.peek === true) {
        return combine(entries.map((e) => ({ services: e.services, model: e.value.controller.current && { root: e.value.controller.current.root, drifted: e.value.controller.current.drifted } })));
      }
      return combine(await Promise.all(entries.map(async (e) => ({ services: e.services, model: await e.value.controller.refresh() }))));
    }),
    vscode.commands.registerCommand('reconcile.drift.cancel', () => all().forEach((f) => f.controller.cancel())),
    vscode.commands.registerCommand('reconcile.drift.showOnlyDrifted', () => setOnlyDrifted(true)),
    vscode.commands.registerCommand('reconcile.drift.showAll', () => setOnlyDrifted(false)),
    vscode.commands.registerCommand(OPEN_DIFF_COMMAND, async (node?: DriftNode) => {
      const f = folderOf(node)?.value;
      const entry = node && f ? f.controller.current?.objects.get(node.id) : undefined;
      if (!f || !entry) return undefined;
      const { desired, live } = f.documents.uris(entry.node.id, entry.object);
      await vscode.commands.executeCommand('vscode.diff', desired, live, diffTitle(entry.object), { preview: true });
      return { desired: desired.toString(), live: live.toString() };
    }),
    vscode.commands.registerCommand(ADOPT_COMMAND, (node?: DriftNode) => {
      const f = folderOf(node);
      return f ? guarded(f.services, 'Adopt Live Values', () => adoptLiveValuesCommand(f.services, f.value.controller, node)) : undefined;
    }),
    connection.onDidChange((state) => {
      void vscode.commands.executeCommand('setContext', 'reconcile.clusterState', state.kind);
      if (state.kind === 'none') all().forEach((f) => f.controller.clear());
      else if ((state.kind === 'connected' || state.kind === 'error') && !all().some((f) => f.controller.waitingForConnection)) refreshIfShown(all());
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible && (stale || all().some((f) => !f.controller.current))) {
        stale = false;
        all().forEach((f) => void f.controller.refresh());
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('reconcile.drift.refreshIntervalSeconds')) setInterval_();
      if (e.affectsConfiguration('reconcile.drift.watch') && !vscode.workspace.getConfiguration('reconcile').get<boolean>('drift.watch', false)) all().forEach((f) => f.controller.stopWatch());
      if (['ignoreDifferences', 'serverSideDryRun', 'watch'].some((k) => e.affectsConfiguration(`reconcile.drift.${k}`))) refreshIfShown(all());
    }),
    // A folder added while the view shows results is compared too.
    folders.onDidChange(({ added }) => {
      const fresh = added.map((s) => perFolder.get(s)).filter((f): f is DriftFolder => !!f);
      if (fresh.length && all().some((f) => f.controller.current)) refreshIfShown(fresh);
      badge();
    }),
  );
  function setOnlyDrifted(on: boolean): void {
    for (const f of all()) f.controller.setOnlyDrifted(on);
    shownView.message = on ? 'Only drifted objects are shown (counts include the rest).' : undefined;
  }
  void vscode.commands.executeCommand('setContext', 'reconcile.drift.onlyDrifted', false);
  void vscode.commands.executeCommand('setContext', 'reconcile.clusterState', connection.current.kind);
  // Connecting loads @kubernetes/client-node (seconds): only once the view is shown or a command asks.
  if (view.visible) all().forEach((f) => void f.controller.refresh());
}
