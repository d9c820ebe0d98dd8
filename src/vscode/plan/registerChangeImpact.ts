// Registers the Change Impact view (what the working tree, unsaved buffers included, changes once rendered,
// against HEAD or a chosen base): the tree, its virtual documents, its commands, and what re-plans it
// (typing, files and settings changing, the branch moving, trust being granted), only while it is shown.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { guarded } from '../guarded';
import { chooseBase } from './chooseBaseCommand';
import { openImpactDiff, revealField, revealFinding } from './impactActions';
import { CHANGE_IMPACT_VIEW, ImpactController, ImpactSnapshot, STATE_KEY } from './impactController';
import { impactDocuments, PLAN_SCHEME } from './impactDocuments';
import { ImpactNode } from './impactModel';
import { ImpactTreeProvider, OPEN_DIFF_COMMAND, REVEAL_FIELD_COMMAND, REVEAL_FINDING_COMMAND } from './impactTreeProvider';

export function registerChangeImpact(context: vscode.ExtensionContext, services: Services): void {
  const tree = new ImpactTreeProvider();
  const documents = impactDocuments(context);
  const controller = new ImpactController(services, tree, vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath);
  const view = vscode.window.createTreeView<ImpactNode>(CHANGE_IMPACT_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  controller.view = view;

  // Changes while the view is hidden only mark it stale: nobody looks, so nothing renders.
  let stale = true;
  const trigger = (): void => {
    if (view.visible) controller.scheduler.schedule();
    else {
      stale = true;
      controller.scheduler.cancel();
    }
  };
  const inFolder = (uri: vscode.Uri): boolean => uri.scheme === services.workspaceRoot.scheme && services.paths.toRelative(uri) !== undefined;
  const git = new vscode.RelativePattern(services.workspaceRoot, '.git/{HEAD,packed-refs,refs/**}');
  const gitWatcher = vscode.workspace.createFileSystemWatcher(git);
  const unsubscribe = services.index.onDidChange(() => trigger());

  context.subscriptions.push(
    tree,
    controller,
    view,
    gitWatcher,
    { dispose: unsubscribe },
    gitWatcher.onDidChange(trigger),
    gitWatcher.onDidCreate(trigger),
    gitWatcher.onDidDelete(trigger),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Every keystroke cancels the plan in flight; the next one starts once typing pauses.
      if (e.contentChanges.length && e.document.uri.scheme !== PLAN_SCHEME && inFolder(e.document.uri)) trigger();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('reconcile.plan') || e.affectsConfiguration('reconcile.validation') || e.affectsConfiguration('reconcile.kubernetesVersion')) trigger();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => trigger()),
    view.onDidChangeVisibility((e) => {
      if (e.visible && stale) {
        stale = false;
        void controller.scheduler.runNow();
      }
    }),
    // Argument `{ peek: true }`: the view's content now, without planning (tests, other features).
    vscode.commands.registerCommand('reconcile.plan.refresh', async (arg?: { peek?: boolean }): Promise<ImpactSnapshot> => {
      if (!(arg && typeof arg === 'object' && arg.peek === true)) await guarded(services, 'Change Impact', () => controller.scheduler.runNow());
      return controller.snapshot();
    }),
    vscode.commands.registerCommand('reconcile.plan.chooseBase', (arg?: unknown) =>
      guarded(services, 'Choose Plan Base', async () => chooseBase(vscode.workspace.isTrusted ? await controller.repoTop() : undefined, controller.settings().base, arg)),
    ),
    vscode.commands.registerCommand(OPEN_DIFF_COMMAND, (node?: unknown) => guarded(services, 'Open rendered diff', () => openImpactDiff(services, controller, documents, node))),
    vscode.commands.registerCommand(REVEAL_FIELD_COMMAND, (node?: unknown) => guarded(services, 'Go to source', () => revealField(services, controller, node))),
    vscode.commands.registerCommand(REVEAL_FINDING_COMMAND, (node?: unknown) => guarded(services, 'Go to source', () => revealFinding(services, controller, node))),
  );
  void vscode.commands.executeCommand('setContext', STATE_KEY, vscode.workspace.isTrusted ? 'idle' : 'untrusted');
  if (view.visible) {
    stale = false;
    void controller.scheduler.runNow();
  }
}
