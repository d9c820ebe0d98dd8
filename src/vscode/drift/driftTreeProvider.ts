// Maps the core's drift nodes to TreeItems: status icons, counts as descriptions, the diff editor on
// object click, and context values the inline "Adopt Live Values" action keys on.
import * as vscode from 'vscode';
import { DriftNode } from '../../core/diff/driftTree';
import { DriftStatus } from '../../core/diff/types';
import { notAdoptable } from './adoptPlan';
import { DriftModel } from './driftModel';

export const OPEN_DIFF_COMMAND = 'reconcile.drift.openDiff';

/** Kinds holding these open by themselves, so drifted objects are in sight without clicking. */
const DRIFTED = new Set<DriftStatus | undefined>(['modified', 'missing', 'extra']);

const ICONS: Record<DriftStatus, [string, string]> = {
  'in-sync': ['pass', 'testing.iconPassed'],
  modified: ['diff-modified', 'gitDecoration.modifiedResourceForeground'],
  missing: ['diff-removed', 'gitDecoration.deletedResourceForeground'],
  extra: ['diff-added', 'gitDecoration.untrackedResourceForeground'],
  unknown: ['question', 'disabledForeground'],
};

const STATUS_TEXT: Record<DriftStatus, string> = {
  'in-sync': 'in sync',
  modified: 'modified: Git and the cluster differ',
  missing: 'missing: in Git, not in the cluster',
  extra: 'extra: in the cluster (labelled as this app), not in Git',
  unknown: 'unknown: could not be read from the cluster',
};

function statusIcon(status: DriftStatus | undefined, fallback: string): vscode.ThemeIcon {
  if (!status) return new vscode.ThemeIcon(fallback);
  const [icon, color] = ICONS[status];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}

export class DriftTreeProvider implements vscode.TreeDataProvider<DriftNode>, vscode.Disposable {
  private model: DriftModel | undefined;
  private readonly changed = new vscode.EventEmitter<DriftNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly parents = new Map<string, DriftNode>();

  setModel(model: DriftModel | undefined): void {
    // A comparison that found exactly what is shown leaves the tree alone: re-rendering it would drop a
    // click the user makes meanwhile (VS Code forgets the replaced items' commands) and reset scrolling.
    const same = model !== undefined && this.model !== undefined && JSON.stringify(model) === JSON.stringify(this.model);
    this.model = model;
    if (same) return;
    this.parents.clear();
    const index = (n: DriftNode): void => n.children.forEach((c) => (this.parents.set(c.id, n), index(c)));
    if (model) index(model.root);
    this.changed.fire(undefined);
  }

  getChildren(node?: DriftNode): DriftNode[] {
    if (!this.model) return [];
    return node ? node.children : [this.model.root];
  }

  getParent(node: DriftNode): DriftNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: DriftNode): vscode.TreeItem {
    const collapsible =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.kind === 'object' || (node.kind === 'kind' && !DRIFTED.has(node.status))
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    switch (node.kind) {
      case 'context':
        item.iconPath = new vscode.ThemeIcon('cloud');
        item.tooltip = `Context ${node.label}: ${node.description ?? ''}`;
        item.contextValue = 'reconcile.drift.context';
        break;
      case 'app':
        item.iconPath = statusIcon(node.status, 'package');
        item.contextValue = 'reconcile.drift.app';
        break;
      case 'namespace':
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        break;
      case 'kind':
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        break;
      case 'object': {
        const o = node.object!;
        item.iconPath = statusIcon(node.status, 'symbol-object');
        const where = o.origin ? `\n${o.origin.file}:${o.origin.range.startPos.line + 1}` : '';
        const how = o.comparison === 'client-side' ? '\nCompared client-side (no server-side dry-run).' : '';
        item.tooltip = `${o.apiVersion} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}\n${STATUS_TEXT[o.status]}${o.reason ? ` (${o.reason})` : ''}${where}${how}`;
        item.contextValue = `reconcile.drift.object.${o.status}${notAdoptable(o) ? '' : '.adoptable'}`;
        item.command = { command: OPEN_DIFF_COMMAND, title: 'Open Diff (Git ↔ live)', arguments: [node] };
        item.accessibilityInformation = { label: `${o.kind} ${o.name}, ${STATUS_TEXT[o.status]}` };
        break;
      }
      case 'change': {
        const entry = this.model?.changes.get(node.id);
        item.iconPath = new vscode.ThemeIcon('arrow-swap');
        item.tooltip = `${node.label}\nGit → live: ${node.description ?? ''}`;
        item.contextValue = `reconcile.drift.change${entry && !notAdoptable(entry.entry.object) ? '.adoptable' : ''}`;
        item.accessibilityInformation = { label: `${node.label}: ${node.description ?? ''}` };
        break;
      }
      case 'note':
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.label;
        break;
      case 'error':
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = node.label;
        break;
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
