// GitOps Resources view (`reconcile.resources`): maps the plain tree model to TreeItems and rebuilds it when the
// index changes (debounced, so a burst of edits or a scan's file events costs one rebuild). The folder's Terraform
// index, once built, adds a "Terraform" group last (terraformTreeModel.ts); the view never starts that scan.
import * as vscode from 'vscode';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import type { TerraformIndex } from '../../core/terraform/terraformIndex';
import { buildResourceTree, ResourceTreeNode } from './resourceTreeModel';
import { buildTerraformTree, TerraformTreeNode, TfCategory } from './terraformTreeModel';
import { REVEAL_RESOURCE_COMMAND } from '../commands/revealResource';

export type ResourceViewNode = ResourceTreeNode | TerraformTreeNode;

/** Opens a Terraform block of the Resources view: `{ file, line, character }` (0-based), with the item's `folder`. */
export const OPEN_TERRAFORM_BLOCK_COMMAND = 'reconcile.resources.openTerraformBlock';

const TF_ICONS: Record<TfCategory | 'file', string> = {
  resource: 'symbol-class',
  data: 'symbol-struct',
  module: 'symbol-module',
  variable: 'symbol-variable',
  output: 'symbol-field',
  file: 'file-code',
};

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

export class ResourceTreeProvider implements vscode.TreeDataProvider<ResourceViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ResourceViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ResourceTreeNode[] | undefined;
  /** null: built, and the folder has no Terraform group. */
  private terraformGroup: TerraformTreeNode | null | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly pendingDrops: Array<() => void> = [];

  constructor(
    private readonly index: RepositoryIndex,
    /** The folder's Terraform index if built (undefined in a repository without Terraform files). */
    private readonly terraform: () => TerraformIndex | undefined = () => undefined,
  ) {}

  /** Drops the cached tree and tells the view; the rebuild happens when the view next asks (only if visible). */
  invalidate(): void {
    this.later(() => {
      this.roots = undefined;
      this.terraformGroup = undefined;
    });
  }

  /** Only the Terraform group changed (an edit of a .tf file): the Kubernetes part is kept as built. */
  invalidateTerraform(): void {
    this.later(() => (this.terraformGroup = undefined));
  }

  private later(drop: () => void): void {
    // One pending rebuild drops whatever any of the calls it stands for asked to drop.
    const pending = this.pendingDrops;
    pending.push(drop);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const d of pending.splice(0)) d();
      this.changed.fire(undefined);
    }, REBUILD_DEBOUNCE_MS);
  }

  getChildren(node?: ResourceViewNode): ResourceViewNode[] {
    if (!node) {
      this.roots ??= buildResourceTree({
        apps: this.index.apps(),
        appResources: (app) => this.index.appResources(app),
        resources: this.index.resources(),
      });
      if (this.terraformGroup === undefined) {
        const tf = this.terraform();
        this.terraformGroup = (tf && buildTerraformTree(tf)) ?? null;
      }
      return this.terraformGroup ? [...this.roots, this.terraformGroup] : this.roots;
    }
    return node.type === 'resource' || node.type === 'tfBlock' ? [] : node.children;
  }

  getTreeItem(node: ResourceViewNode): vscode.TreeItem {
    if (node.type === 'terraform' || node.type === 'tfDir' || node.type === 'tfCategory' || node.type === 'tfBlock') return terraformItem(node);
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
    const top = node.type === 'app' || node.type === 'other' || node.type === 'appset';
    const item = new vscode.TreeItem(node.label, top ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = `reconcile.${node.type}`;
    if (node.type === 'app') {
      const icon = node.app.kind === 'ArgoApplication' ? 'octoface' : node.app.kind === 'HelmRelease' ? 'package' : 'layers';
      item.iconPath = new vscode.ThemeIcon(icon);
      item.tooltip = node.app.generatedBy
        ? `Argo CD Application ${node.app.name}, generated by ApplicationSet ${node.app.generatedBy.name} (${node.app.file})`
        : `${node.app.kind} ${node.app.name} (${node.app.file})`;
    } else if (node.type === 'appset') {
      item.iconPath = new vscode.ThemeIcon('octoface');
      item.tooltip = `ApplicationSet ${node.appSet.namespace ? `${node.appSet.namespace}/` : ''}${node.appSet.name} (${node.appSet.file})`;
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

function terraformItem(node: TerraformTreeNode): vscode.TreeItem {
  if (node.type === 'tfBlock') {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.iconPath = new vscode.ThemeIcon(TF_ICONS[node.category]);
    item.contextValue = `reconcile.terraform.${node.category}`;
    item.tooltip = `${node.label}${node.detail !== undefined ? ` (source ${node.detail})` : ''}\n${node.file}:${node.line + 1}`;
    item.command = { command: OPEN_TERRAFORM_BLOCK_COMMAND, title: 'Open', arguments: [{ file: node.file, line: node.line, character: node.character }] };
    return item;
  }
  // The group and directories start collapsed (a monorepo has hundreds of directories); categories open at once.
  const state = node.type === 'tfCategory' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = `reconcile.${node.type}`;
  if (node.type === 'terraform') item.iconPath = new vscode.ThemeIcon('cloud');
  else if (node.type === 'tfDir') {
    item.iconPath = new vscode.ThemeIcon(node.problems ? 'warning' : node.root ? 'root-folder' : 'folder-library');
    item.tooltip = node.root ? `${node.label}: a root module (no local module call leads here)` : `${node.label}: a module called from ${node.calledFrom.map((d) => d || '.').join(', ')}`;
  } else item.iconPath = new vscode.ThemeIcon(TF_ICONS[node.category]);
  return item;
}
