// The "Terraform Plan" view: maps the core's plan tree (src/core/terraform/plan/planTree.ts) to TreeItems, with
// action icons, the diff editor on a resource click, and a context value for "Go to HCL Source".
import * as vscode from 'vscode';
import { PlanTreeNode } from '../../core/terraform/plan/planTree';
import { PlanAction } from '../../core/terraform/plan/planView';

export const TERRAFORM_PLAN_VIEW = 'reconcile.terraformPlan';
export const OPEN_RESOURCE_DIFF_COMMAND = 'reconcile.terraform.openResourceDiff';

const ICONS: Record<PlanAction, [string, string]> = {
  create: ['diff-added', 'gitDecoration.addedResourceForeground'],
  update: ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  delete: ['diff-removed', 'gitDecoration.deletedResourceForeground'],
  replace: ['arrow-swap', 'gitDecoration.conflictingResourceForeground'],
  read: ['eye', 'foreground'],
  forget: ['circle-slash', 'disabledForeground'],
  'no-op': ['circle-outline', 'disabledForeground'],
};

function icon(action: PlanAction): vscode.ThemeIcon {
  const [id, color] = ICONS[action];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

export class PlanTreeProvider implements vscode.TreeDataProvider<PlanTreeNode>, vscode.Disposable {
  private nodes: PlanTreeNode[] = [];
  private readonly changed = new vscode.EventEmitter<PlanTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  setNodes(nodes: PlanTreeNode[]): void {
    this.nodes = nodes;
    this.changed.fire(undefined);
  }

  getChildren(node?: PlanTreeNode): PlanTreeNode[] {
    if (!node) return this.nodes;
    return 'children' in node ? node.children : [];
  }

  getTreeItem(node: PlanTreeNode): vscode.TreeItem {
    const hasChildren = 'children' in node && node.children.length > 0;
    const item = new vscode.TreeItem(node.label, hasChildren ? (node.kind === 'resource' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded) : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    switch (node.kind) {
      case 'summary':
        item.iconPath = new vscode.ThemeIcon('info');
        break;
      case 'group':
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.id === 'outputs' ? 'symbol-constant' : node.id === 'drift' ? 'warning' : 'package');
        break;
      case 'resource': {
        const c = node.change;
        item.description = node.description;
        item.iconPath = icon(node.action);
        item.tooltip = new vscode.MarkdownString(`**${c.address}**  \n${c.action}${c.actionReason ? ` (${c.actionReason})` : ''}${c.source ? `  \ndeclared in \`${c.source.file}:${c.source.line}\`` : ''}`);
        item.contextValue = c.source ? 'reconcile.tfplan.resource.source' : 'reconcile.tfplan.resource';
        item.command = { command: OPEN_RESOURCE_DIFF_COMMAND, title: 'Open Diff', arguments: [node] };
        break;
      }
      case 'attribute':
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.attribute.kind === 'added' ? 'add' : node.attribute.kind === 'removed' ? 'remove' : 'edit');
        break;
      case 'output':
        item.description = node.description;
        item.iconPath = icon(node.output.action);
        break;
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
