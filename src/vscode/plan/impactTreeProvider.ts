// Maps the Change Impact model to TreeItems: created/changed/deleted icons, counts in descriptions, the
// diff editor on an object click, the source line on a field or finding click.
import * as vscode from 'vscode';
import { ObjectChangeKind } from '../../core/plan/types';
import { ImpactModel, ImpactNode } from './impactModel';

export const OPEN_DIFF_COMMAND = 'reconcile.plan.openDiff';
export const REVEAL_FIELD_COMMAND = 'reconcile.plan.revealField';
export const REVEAL_FINDING_COMMAND = 'reconcile.plan.revealFinding';

const CHANGE_ICONS: Record<ObjectChangeKind, [string, string]> = {
  created: ['diff-added', 'gitDecoration.addedResourceForeground'],
  changed: ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  deleted: ['diff-removed', 'gitDecoration.deletedResourceForeground'],
};

function icon(name: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(name, color ? new vscode.ThemeColor(color) : undefined);
}

export class ImpactTreeProvider implements vscode.TreeDataProvider<ImpactNode>, vscode.Disposable {
  private model: ImpactModel | undefined;
  private readonly changed = new vscode.EventEmitter<ImpactNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly parents = new Map<string, ImpactNode>();

  get current(): ImpactModel | undefined {
    return this.model;
  }

  setModel(model: ImpactModel | undefined): void {
    // Re-planning on every pause in typing usually finds what is shown: leave the tree alone then, so
    // expansion, selection and a click in progress survive.
    const same = model !== undefined && this.model !== undefined && JSON.stringify(model.roots) === JSON.stringify(this.model.roots);
    this.model = model;
    if (same) return;
    this.parents.clear();
    const index = (n: ImpactNode): void => n.children.forEach((c) => (this.parents.set(c.id, n), index(c)));
    model?.roots.forEach(index);
    this.changed.fire(undefined);
  }

  getChildren(node?: ImpactNode): ImpactNode[] {
    if (!this.model) return [];
    return node ? node.children : this.model.roots;
  }

  getParent(node: ImpactNode): ImpactNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: ImpactNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0 ? vscode.TreeItemCollapsibleState.None : node.kind === 'object' && node.children.length > 3 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip ?? node.label;
    switch (node.kind) {
      case 'app':
        item.iconPath = node.status === 'error' ? icon('error', 'errorForeground') : node.status === 'added' ? icon('diff-added', 'gitDecoration.addedResourceForeground') : node.status === 'removed' ? icon('diff-removed', 'gitDecoration.deletedResourceForeground') : icon('package');
        item.contextValue = 'reconcile.plan.app';
        break;
      case 'files':
        item.iconPath = icon('files');
        break;
      case 'atlantis':
        item.iconPath = icon('server-process');
        break;
      case 'project':
        item.iconPath = icon('folder-library');
        break;
      case 'trigger':
        item.iconPath = icon('file');
        break;
      case 'object': {
        const [name, color] = CHANGE_ICONS[node.change ?? 'changed'];
        item.iconPath = icon(name, color);
        item.contextValue = `reconcile.plan.object.${node.change}`;
        item.command = { command: OPEN_DIFF_COMMAND, title: 'Open Rendered Diff', arguments: [node] };
        item.accessibilityInformation = { label: `${node.label}, ${node.change}` };
        break;
      }
      case 'field':
        item.iconPath = icon('arrow-swap');
        item.contextValue = 'reconcile.plan.field';
        item.command = { command: REVEAL_FIELD_COMMAND, title: 'Go to Source', arguments: [node] };
        item.accessibilityInformation = { label: `${node.label}: ${node.description ?? ''}` };
        break;
      case 'diagnostic':
        item.iconPath = node.severity === 'error' ? icon('error', 'errorForeground') : node.severity === 'warning' ? icon('warning', 'list.warningForeground') : icon('info');
        item.command = { command: REVEAL_FINDING_COMMAND, title: 'Go to Source', arguments: [node] };
        break;
      case 'note':
        item.iconPath = icon(node.description ? 'warning' : 'info', node.description ? 'list.warningForeground' : undefined);
        break;
      case 'error':
        item.iconPath = icon('error', 'errorForeground');
        break;
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
