// The one "Reconcile Index" status bar item of the window: every folder's IndexController reports its phase to a
// slot here, and the item shows them together (indexStatus.ts decides the words).
import * as vscode from 'vscode';
import { FolderIndexPhase, indexStatusView } from './indexStatus';

/** Context key for `when` clauses (view welcome content): 'scanning' | 'ready' | 'failed' | 'cancelled'. */
const STATE_KEY = 'reconcile.indexState';

export interface IndexStatusSlot {
  report(phase: FolderIndexPhase): void;
  dispose(): void;
}

export class IndexStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('reconcile.indexStatus', vscode.StatusBarAlignment.Left, 10);
  private readonly slots: Array<{ name: string; status: FolderIndexPhase }> = [];
  private lastState: string | undefined;

  constructor() {
    this.item.name = 'Reconcile Index';
  }

  /** A folder's place in the item, in the order folders were added; disposing it removes the folder's share. */
  slot(name: string): IndexStatusSlot {
    const entry: { name: string; status: FolderIndexPhase } = { name, status: { phase: 'hidden' } };
    this.slots.push(entry);
    return {
      report: (phase) => {
        entry.status = phase;
        this.show();
      },
      dispose: () => {
        const i = this.slots.indexOf(entry);
        if (i >= 0) this.slots.splice(i, 1);
        this.show();
      },
    };
  }

  private show(): void {
    const v = indexStatusView(this.slots);
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.command = v.command;
    if (v.visible) this.item.show();
    else this.item.hide();
    if (v.state && v.state !== this.lastState) void vscode.commands.executeCommand('setContext', STATE_KEY, v.state);
    this.lastState = v.state;
  }

  dispose(): void {
    this.item.dispose();
  }
}
