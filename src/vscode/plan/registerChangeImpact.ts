// Registers the Change Impact view (what the working tree, unsaved buffers included, changes once rendered,
// against HEAD or a chosen base): the tree, its virtual documents, its commands, and what re-plans it
// (typing, files and settings changing, the branch moving, trust being granted), only while it is shown.
// Each workspace folder plans its own repository (its own controller and cache); with several folders the
// view groups by folder and the badge and status item add the folders' counts up.
import * as vscode from 'vscode';
import { FolderRegistry, mapPerFolder } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
import { FolderGroupedTreeProvider } from '../folderTree';
import type { Services } from '../services';
import { guarded } from '../guarded';
import { chooseBase } from './chooseBaseCommand';
import { openImpactDiff, revealField, revealFinding } from './impactActions';
import { CHANGE_IMPACT_VIEW, ImpactController, ImpactSnapshot, ImpactState, STATE_KEY } from './impactController';
import { impactDocuments, PLAN_SCHEME } from './impactDocuments';
import { ImpactTreeProvider, OPEN_DIFF_COMMAND, REVEAL_FIELD_COMMAND, REVEAL_FINDING_COMMAND } from './impactTreeProvider';

/** With several folders the snapshot adds each folder's own. */
export type ImpactViewSnapshot = ImpactSnapshot & { folders?: Array<ImpactSnapshot & { folder: string; name: string }> };

/** The state the welcome texts key on, for several folders: content anywhere wins, then the first folder's. */
function combinedState(states: ImpactState[]): ImpactState {
  for (const s of ['ready', 'error', 'empty'] as const) if (states.includes(s)) return s;
  return states[0] ?? 'idle';
}

interface ImpactFolder {
  controller: ImpactController;
  tree: ImpactTreeProvider;
  dispose(): void;
}

export function registerChangeImpact(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const documents = impactDocuments(context);
  const schemaDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath;
  const status = vscode.window.createStatusBarItem('reconcile.changeImpact', vscode.StatusBarAlignment.Left, 40);
  status.name = 'Reconcile Change Impact';
  status.command = `${CHANGE_IMPACT_VIEW}.focus`;
  let view: vscode.TreeView<unknown> | undefined;
  // Changes while the view is hidden only mark it stale: nobody looks, so nothing renders.
  let stale = true;
  const trigger = (which: ImpactFolder[]): void => {
    if (view?.visible) which.forEach((f) => f.controller.scheduler.schedule());
    else {
      stale = true;
      which.forEach((f) => f.controller.scheduler.cancel());
    }
  };
  const perFolder = folders.perFolder<ImpactFolder>((services) => {
    const tree = new ImpactTreeProvider();
    const controller = new ImpactController(services, tree, schemaDir);
    const folder: ImpactFolder = { controller, tree, dispose: () => subscriptions.forEach((d) => d.dispose()) };
    const git = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(services.workspaceRoot, '.git/{HEAD,packed-refs,refs/**}'));
    const unsubscribe = services.index.onDidChange(() => trigger([folder]));
    const subscriptions: vscode.Disposable[] = [
      git,
      git.onDidChange(() => trigger([folder])),
      git.onDidCreate(() => trigger([folder])),
      git.onDidDelete(() => trigger([folder])),
      { dispose: unsubscribe },
      controller.onDidPublish(() => show()),
      controller,
      tree,
    ];
    return folder;
  });
  const all = (): ImpactFolder[] => perFolder.entries().map((e) => e.value);
  const tree = new FolderGroupedTreeProvider(folders, mapPerFolder(perFolder, (f) => f.tree), {
    describe: (services) => perFolder.get(services)?.tree.current?.summary,
  });
  view = vscode.window.createTreeView(CHANGE_IMPACT_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const shownView = view;

  /** The badge, message, status item and state key, over every folder's last plan. */
  function show(): void {
    const entries = perFolder.entries();
    const n = entries.reduce((sum, e) => sum + (e.value.tree.current?.appsChanged ?? 0), 0);
    const base = entries[0]?.value.controller.settings().base ?? 'HEAD';
    const state = folders.grouped ? combinedState(entries.map((e) => e.value.controller.currentState)) : entries[0]?.value.controller.currentState ?? 'idle';
    void vscode.commands.executeCommand('setContext', STATE_KEY, state);
    shownView.badge = n > 0 ? { value: n, tooltip: `${n} app(s) render differently than ${base}` } : undefined;
    const one = !folders.grouped ? entries[0]?.value : undefined;
    shownView.message = one && one.controller.currentState === 'ready' ? one.tree.current?.summary : undefined;
    if (n > 0) {
      const summary = one ? one.tree.current?.summary ?? '' : entries.filter((e) => e.value.tree.current?.appsChanged).map((e) => `${e.services.name}: ${e.value.tree.current?.summary ?? ''}`).join('\n');
      status.text = `$(git-compare) ${n} app${n === 1 ? '' : 's'}`;
      status.tooltip = `${summary}\nClick to show the Change Impact view.`;
      status.show();
    } else status.hide();
  }

  /** The folder of a node (or a plain `{ id }` from a test). */
  const folderOf = (node: unknown): { services: Services; value: ImpactFolder } | undefined => {
    const entries = perFolder.entries();
    const named = entries.find((e) => e.services.key === folderKeyOf(node));
    if (named) return named;
    const id = (node as { id?: unknown } | undefined)?.id;
    const has = (m: ImpactTreeProvider['current']) => typeof id === 'string' && !!m && (m.objects.has(id) || m.fields.has(id) || m.diagnostics.has(id));
    return entries.find((e) => has(e.value.tree.current)) ?? entries[0];
  };
  const snapshot = (): ImpactViewSnapshot => {
    const entries = perFolder.entries();
    const snaps = entries.map((e) => ({ ...e.value.controller.snapshot(), folder: e.services.key, name: e.services.name }));
    if (!folders.grouped || snaps.length === 0) return entries[0]?.value.controller.snapshot() ?? { state: 'idle', base: 'HEAD', appsChanged: 0, roots: [], runs: { started: 0, cancelled: 0 } };
    return {
      ...snaps[0],
      state: combinedState(snaps.map((s) => s.state)),
      appsChanged: snaps.reduce((n, s) => n + s.appsChanged, 0),
      roots: snaps.flatMap((s) => s.roots),
      summary: snaps.map((s) => s.summary && `${s.name}: ${s.summary}`).filter(Boolean).join('; ') || undefined,
      folders: snaps,
    };
  };
  const guard = <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const services = folders.first();
    return services ? guarded(services, what, fn) : Promise.resolve(undefined);
  };
  const routed = <T>(what: string, node: unknown, fn: (services: Services, controller: ImpactController) => Promise<T>) => {
    const f = folderOf(node);
    return f ? guarded(f.services, what, () => fn(f.services, f.value.controller)) : Promise.resolve(undefined);
  };

  context.subscriptions.push(
    tree,
    view,
    status,
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Every keystroke cancels the plan in flight; the next one starts once typing pauses.
      if (!e.contentChanges.length || e.document.uri.scheme === PLAN_SCHEME) return;
      const f = perFolder.get(folders.forUri(e.document.uri));
      if (f) trigger([f]);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('reconcile.plan') || e.affectsConfiguration('reconcile.validation') || e.affectsConfiguration('reconcile.kubernetesVersion')) trigger(all());
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => trigger(all())),
    view.onDidChangeVisibility((e) => {
      if (e.visible && stale) {
        stale = false;
        all().forEach((f) => void f.controller.scheduler.runNow());
      }
    }),
    folders.onDidChange(({ added }) => {
      trigger(added.map((s) => perFolder.get(s)).filter((f): f is ImpactFolder => !!f));
      show();
    }),
    // Argument `{ peek: true }`: the view's content now, without planning (tests, other features).
    vscode.commands.registerCommand('reconcile.plan.refresh', async (arg?: { peek?: boolean }): Promise<ImpactViewSnapshot> => {
      if (!(arg && typeof arg === 'object' && arg.peek === true)) await guard('Change Impact', () => Promise.all(all().map((f) => f.controller.scheduler.runNow())));
      return snapshot();
    }),
    // The base is one setting for the workspace; the refs offered are those of the active editor's repository.
    vscode.commands.registerCommand('reconcile.plan.chooseBase', (arg?: unknown) => {
      const f = perFolder.get(folders.forActiveEditor() ?? folders.first());
      return guard('Choose Plan Base', async () => chooseBase(vscode.workspace.isTrusted && f ? await f.controller.repoTop() : undefined, f?.controller.settings().base ?? 'HEAD', arg));
    }),
    vscode.commands.registerCommand(OPEN_DIFF_COMMAND, (node?: unknown) => routed('Open rendered diff', node, (services, controller) => openImpactDiff(services, controller, documents, node))),
    vscode.commands.registerCommand(REVEAL_FIELD_COMMAND, (node?: unknown) => routed('Go to source', node, (services, controller) => revealField(services, controller, node))),
    vscode.commands.registerCommand(REVEAL_FINDING_COMMAND, (node?: unknown) => routed('Go to source', node, (services, controller) => revealFinding(services, controller, node))),
  );
  void vscode.commands.executeCommand('setContext', STATE_KEY, vscode.workspace.isTrusted ? 'idle' : 'untrusted');
  if (view.visible) {
    stale = false;
    all().forEach((f) => void f.controller.scheduler.runNow());
  }
}
