// The Object History view (`reconcile.history`): one row per commit that changed the object's rendered
// form, newest first; a row while computing, the error when it failed, and "Load more" when more
// commits remain. The view's welcome text shows when nothing was asked yet.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/history/objectHistory';
import { HistoryController } from './historyController';
import { entryDescription, entryLabel, entryTooltip, pageSummary } from './historyFormat';

export const OPEN_DIFF_COMMAND = 'reconcile.history.openDiff';
export const LOAD_MORE_COMMAND = 'reconcile.history.loadMore';

export type HistoryNode = { type: 'entry'; entry: HistoryEntry; forge: boolean } | { type: 'status'; label: string; icon: string; tooltip?: string } | { type: 'more' };

const CHANGE_ICONS: Record<HistoryEntry['change'], string> = {
  modified: 'git-commit',
  added: 'diff-added',
  removed: 'diff-removed',
  'render-broken': 'warning',
  'render-fixed': 'pass',
};

export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly controller: HistoryController, private readonly view: () => vscode.TreeView<HistoryNode> | undefined) {
    this.subscription = controller.onDidChange(() => {
      this.updateMessage();
      this.changed.fire(undefined);
    });
  }

  private updateMessage(): void {
    const view = this.view();
    if (!view) return;
    const s = this.controller.state;
    view.message = s.status === 'done' ? pageSummary(s.object, s.entries.length, s.scanned, !!s.nextCursor) : undefined;
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (node) return [];
    const s = this.controller.state;
    switch (s.status) {
      case 'idle':
        return [];
      case 'loading':
        return [{ type: 'status', label: s.message, icon: 'loading~spin' }];
      case 'error':
        return [{ type: 'status', label: s.message, icon: 'error', tooltip: s.message }];
      case 'done': {
        const rows: HistoryNode[] = s.entries.map((entry) => ({ type: 'entry', entry, forge: !!s.forge }));
        if (!s.entries.length) rows.push({ type: 'status', label: `No commit changed it in the ${s.scanned} commits scanned.`, icon: 'info' });
        if (s.loadingMore) rows.push({ type: 'status', label: 'Loading more commits…', icon: 'loading~spin' });
        else if (s.nextCursor) rows.push({ type: 'more' });
        return rows;
      }
    }
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.type === 'status') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.tooltip;
      return item;
    }
    if (node.type === 'more') {
      const item = new vscode.TreeItem('Load more commits…', vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: LOAD_MORE_COMMAND, title: 'Load More' };
      return item;
    }
    const e = node.entry;
    const item = new vscode.TreeItem(entryLabel(e), vscode.TreeItemCollapsibleState.None);
    item.id = e.commit;
    item.description = entryDescription(e);
    item.tooltip = entryTooltip(e);
    item.iconPath = new vscode.ThemeIcon(CHANGE_ICONS[e.change]);
    // `.forge` turns on "Open Commit on Forge" (package.json menus match on it).
    item.contextValue = node.forge ? 'reconcile.historyEntry.forge' : 'reconcile.historyEntry';
    item.command = { command: OPEN_DIFF_COMMAND, title: 'Open Rendered Diff', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
