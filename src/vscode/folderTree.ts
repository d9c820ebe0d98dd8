// One tree view over per-folder tree providers (GitOps Resources, Drift, Change Impact, Object History): with one
// workspace folder the view is that folder's tree, unchanged; with several, a top level of folder nodes holds each
// folder's tree, and item ids get the folder's key in front so two repositories' identical ids do not collide.
// Every node handed out carries its folder's key as a hidden `folder` property, which commands read (folderKeyOf).
import * as vscode from 'vscode';
import type { FolderRegistry, PerFolder } from './folderRegistry';
import { scopedId } from './folderRouting';
import type { Services } from './services';

/** The node of a workspace folder (only when the view groups by folder). */
export interface FolderNode {
  readonly type: 'workspaceFolder';
  readonly services: Services;
  /** The folder's key, like every node below it. */
  readonly folder: string;
}

export function isFolderNode(node: unknown): node is FolderNode {
  return !!node && typeof node === 'object' && (node as { type?: unknown }).type === 'workspaceFolder';
}

/**
 * Marks a node with its folder without changing what it serialises to: views compare models with JSON.stringify
 * to skip no-op refreshes, so the mark is not enumerable.
 */
export function markFolder<T extends object>(node: T, key: string): T {
  if ((node as { folder?: unknown }).folder !== key) Object.defineProperty(node, 'folder', { value: key, enumerable: false, configurable: true, writable: true });
  return node;
}

export interface FolderTreeOptions {
  /** The folder node's description (a count, a state), if any. */
  describe?: (services: Services) => string | undefined;
}

export class FolderGroupedTreeProvider<T extends object> implements vscode.TreeDataProvider<T | FolderNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | FolderNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly owners = new WeakMap<object, Services>();
  private readonly folderNodes = new Map<string, FolderNode>();
  private readonly subscriptions = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly folders: FolderRegistry,
    private readonly inner: PerFolder<vscode.TreeDataProvider<T>>,
    private readonly options: FolderTreeOptions = {},
  ) {
    this.follow();
    this.disposables.push(this.changed, folders.onDidChange(() => (this.follow(), this.refresh())));
  }

  /** Redraws the whole view (a folder's tree changed, or folders came or went). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  private follow(): void {
    const live = new Set<string>();
    for (const { services, value } of this.inner.entries()) {
      live.add(services.key);
      if (this.subscriptions.has(services.key) || !value.onDidChangeTreeData) continue;
      this.subscriptions.set(services.key, value.onDidChangeTreeData(() => this.refresh()));
    }
    for (const [key, sub] of this.subscriptions) {
      if (live.has(key)) continue;
      sub.dispose();
      this.subscriptions.delete(key);
      this.folderNodes.delete(key);
    }
  }

  /** The folder a node of this view belongs to. */
  ownerOf(node: unknown): Services | undefined {
    if (isFolderNode(node)) return node.services;
    return node && typeof node === 'object' ? this.owners.get(node) : undefined;
  }

  private folderNode(services: Services): FolderNode {
    let n = this.folderNodes.get(services.key);
    if (!n || n.services !== services) this.folderNodes.set(services.key, (n = { type: 'workspaceFolder', services, folder: services.key }));
    return n;
  }

  private async own(services: Services, nodes: vscode.ProviderResult<T[]>): Promise<T[]> {
    const list = (await nodes) ?? [];
    for (const n of list) {
      this.owners.set(n, services);
      markFolder(n, services.key);
    }
    return list;
  }

  async getChildren(node?: T | FolderNode): Promise<Array<T | FolderNode>> {
    if (node === undefined) {
      const entries = this.inner.entries();
      if (!this.folders.grouped) return entries.length ? this.own(entries[0].services, entries[0].value.getChildren()) : [];
      // Folders with nothing to show are left out, so the view's welcome text shows when no folder has anything.
      const out: FolderNode[] = [];
      for (const { services, value } of entries) if (((await value.getChildren()) ?? []).length > 0) out.push(this.folderNode(services));
      return out;
    }
    if (isFolderNode(node)) {
      const provider = this.inner.get(node.services);
      return provider ? this.own(node.services, provider.getChildren()) : [];
    }
    const services = this.owners.get(node);
    const provider = this.inner.get(services);
    return services && provider ? this.own(services, provider.getChildren(node)) : [];
  }

  async getTreeItem(node: T | FolderNode): Promise<vscode.TreeItem> {
    if (isFolderNode(node)) {
      const item = new vscode.TreeItem(node.services.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `workspaceFolder|${node.folder}`;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.resourceUri = node.services.workspaceRoot;
      item.description = this.options.describe?.(node.services) ?? '';
      item.tooltip = `${node.services.name} (${node.services.workspaceRoot.fsPath || node.services.workspaceRoot.toString()})`;
      item.contextValue = 'reconcile.workspaceFolder';
      return item;
    }
    const services = this.owners.get(node);
    const provider = this.inner.get(services);
    if (!services || !provider) return new vscode.TreeItem('(folder closed)');
    const item = await provider.getTreeItem(node);
    if (this.folders.grouped && item.id !== undefined) item.id = scopedId(services.key, item.id);
    // Commands of items get the folder too (the Resources view passes the plain index entry; "Load more" nothing).
    if (item.command) {
      const args: unknown[] = item.command.arguments ?? [node];
      item.command.arguments = args.map((a) => (a && typeof a === 'object' ? markFolder(a, services.key) : a));
    }
    return item;
  }

  getParent(node: T | FolderNode): vscode.ProviderResult<T | FolderNode> {
    if (isFolderNode(node)) return undefined;
    const services = this.owners.get(node);
    const provider = this.inner.get(services);
    if (!services || !provider) return undefined;
    const parent = provider.getParent?.(node);
    return Promise.resolve(parent).then((p) => {
      if (p) {
        this.owners.set(p, services);
        return markFolder(p, services.key);
      }
      return this.folders.grouped ? this.folderNode(services) : undefined;
    });
  }

  dispose(): void {
    for (const s of this.subscriptions.values()) s.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
