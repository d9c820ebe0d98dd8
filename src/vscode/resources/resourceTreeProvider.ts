// GitOps Resources view (`reconcile.resources`): maps the plain tree model to TreeItems and rebuilds it when the
// index changes (debounced, so a burst of edits or a scan's file events costs one rebuild).
import * as vscode from 'vscode';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import { buildResourceTree, ResourceTreeNode } from './resourceTreeModel';
import { REVEAL_RESOURCE_COMMAND } from '../commands/revealResource';

const REBUILD_DEBOUNCE_MS = 200;

const KIND_ICONS: Record<string, string> = {
  Deployment: 'rocket',
  StatefulSet: 'database',
  DaemonSet: 'server-process',
  Service: 'plug',
  Ingress: 'globe',
  ConfigMap: 'settings-gear',
  Secret: 'lock',
  Namespace: 'symbol-namespace',
  Kustomization: 'layers',
  GitRepository: 'repo',
  HelmRelease: 'package',
  HelmRepository: 'package',
  Application: 'layers',
  CustomResourceDefinition: 'symbol-interface',
};

export class ResourceTreeProvider implements vscode.TreeDataProvider<ResourceTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ResourceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ResourceTreeNode[] | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly index: RepositoryIndex) {}

  /** Drops the cached tree and tells the view; the rebuild happens when the view next asks (only if visible). */
  invalidate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.roots = undefined;
      this.changed.fire(undefined);
    }, REBUILD_DEBOUNCE_MS);
  }

  getChildren(node?: ResourceTreeNode): ResourceTreeNode[] {
    if (!node) {
      this.roots ??= buildResourceTree({
        apps: this.index.apps(),
        appResources: (app) => this.index.appResources(app),
        resources: this.index.resources(),
      });
      return this.roots;
    }
    return node.type === 'resource' ? [] : node.children;
  }

  getTreeItem(node: ResourceTreeNode): vscode.TreeItem {
    if (node.type === 'resource') {
      const r = node.resource;
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(KIND_ICONS[r.kind] ?? 'symbol-object');
      item.contextValue = 'reconcile.resource';
      const tip = new vscode.MarkdownString();
      tip.appendMarkdown(`**${r.kind}/${r.name}**\n\n`);
      tip.appendText(`apiVersion: ${r.apiVersion}\n`);
      if (r.namespace) tip.appendText(`namespace: ${r.namespace}\n`);
      tip.appendText(`${r.file}:${r.line + 1}`);
      item.tooltip = tip;
      item.command = { command: REVEAL_RESOURCE_COMMAND, title: 'Reveal in Editor', arguments: [r] };
      return item;
    }
    // Apps start collapsed (a repo can hold hundreds); inside one, namespaces and kinds open at once.
    const top = node.type === 'app' || node.type === 'other';
    const item = new vscode.TreeItem(node.label, top ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = `reconcile.${node.type}`;
    if (node.type === 'app') {
      const icon = node.app.kind === 'ArgoApplication' ? 'octoface' : node.app.kind === 'HelmRelease' ? 'package' : 'layers';
      item.iconPath = new vscode.ThemeIcon(icon);
      item.tooltip = `${node.app.kind} ${node.app.name} (${node.app.file})`;
    } else if (node.type === 'other') {
      item.iconPath = new vscode.ThemeIcon('files');
    } else if (node.type === 'namespace') {
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    } else {
      item.iconPath = new vscode.ThemeIcon(KIND_ICONS[node.label] ?? 'symbol-class');
    }
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
