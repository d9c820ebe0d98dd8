// Runs index scans off the activation path: progress in the window's status area, a status bar item with the
// resource count (click while indexing cancels), and a `whenReady()` for features that need a first full index.
import * as vscode from 'vscode';
import type { IndexSummary } from '../../core/index/model';
import type { Logger } from '../../core/types';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';

export const CANCEL_INDEXING_COMMAND = 'reconcile.cancelIndexing';
export const FOCUS_RESOURCES_COMMAND = 'reconcile.resources.focus';
/** Context key for `when` clauses (view welcome content): 'scanning' | 'ready' | 'failed' | 'cancelled'. */
const STATE_KEY = 'reconcile.indexState';

export class IndexController implements vscode.Disposable {
  private cts: vscode.CancellationTokenSource | undefined;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly didScan = new vscode.EventEmitter<IndexSummary>();
  /** Fires after each completed full scan. */
  readonly onDidScan = this.didScan.event;
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private lastScanMs: number | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly index: RepositoryIndex, private readonly logger: Logger) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.statusItem = vscode.window.createStatusBarItem('reconcile.indexStatus', vscode.StatusBarAlignment.Left, 10);
    this.statusItem.name = 'Reconcile Index';
    this.unsubscribe = this.index.onDidChange(() => this.showCount());
  }

  /** Resolves once the first scan has ended (successfully or not), so callers never wait forever. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  get lastScanDurationMs(): number | undefined {
    return this.lastScanMs;
  }

  cancel(): void {
    this.cts?.cancel();
  }

  /** Full (re)scan; a scan already running is cancelled first. Never throws: failures are logged and shown. */
  async scan(reason: string): Promise<IndexSummary | undefined> {
    this.cts?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.cts = cts;
    void vscode.commands.executeCommand('setContext', STATE_KEY, 'scanning');
    this.statusItem.text = '$(sync~spin) Reconcile: indexing';
    this.statusItem.tooltip = 'Indexing Kubernetes manifests. Click to cancel.';
    this.statusItem.command = CANCEL_INDEXING_COMMAND;
    this.statusItem.show();
    const started = Date.now();
    this.logger.info(`index scan started (${reason})`);
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Reconcile: indexing' },
        async (progress) => {
          let lastReport = 0;
          return this.index.scan(cts.token, (done, total) => {
            const now = Date.now();
            if (now - lastReport < 100 && done < total) return;
            lastReport = now;
            progress.report({ message: `${done}/${total} files` });
            this.statusItem.text = `$(sync~spin) Reconcile: indexing ${done}/${total}`;
          });
        },
      );
      if (cts.token.isCancellationRequested) throw new vscode.CancellationError();
      this.lastScanMs = Date.now() - started;
      this.logger.info(
        `index scan done in ${this.lastScanMs} ms: ${summary.files} files, ${summary.documents} documents, ` +
          `${summary.resources} resources, ${summary.errors} errors, ${summary.skipped} skipped`,
      );
      void vscode.commands.executeCommand('setContext', STATE_KEY, 'ready');
      this.cts = undefined; // before showCount, which leaves the status to a running scan
      this.markReady();
      this.showCount();
      this.didScan.fire(summary);
      return summary;
    } catch (err) {
      if (this.cts !== cts) return undefined; // superseded by a newer scan, which owns the status now
      const cancelled = cts.token.isCancellationRequested || (err instanceof Error && err.name === 'CancelledError');
      void vscode.commands.executeCommand('setContext', STATE_KEY, cancelled ? 'cancelled' : 'failed');
      if (cancelled) {
        this.logger.info('index scan cancelled');
        this.statusItem.text = '$(circle-slash) Reconcile: indexing cancelled';
        this.statusItem.tooltip = 'Click to index the workspace again.';
        this.statusItem.command = 'reconcile.refreshIndex';
      } else {
        const message = err instanceof Error ? err.message : String(err);
        this.logger.error(`index scan failed: ${err instanceof Error && err.stack ? err.stack : message}`);
        this.statusItem.text = '$(error) Reconcile: indexing failed';
        this.statusItem.tooltip = `${message}\nClick to show the log.`;
        this.statusItem.command = 'reconcile.showLog';
      }
      return undefined;
    } finally {
      if (this.cts === cts) {
        this.cts = undefined;
        this.markReady();
      }
      cts.dispose();
    }
  }

  private showCount(): void {
    if (this.cts) return; // the scan shows progress instead
    const s = this.index.summary();
    this.statusItem.text = `$(symbol-class) ${s.resources} resource${s.resources === 1 ? '' : 's'}`;
    const problems = s.errors > 0 ? `, ${s.errors} problem${s.errors === 1 ? '' : 's'}` : '';
    const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
    this.statusItem.tooltip = `Reconcile: ${s.resources} Kubernetes resources in ${s.files} files (${s.documents} documents${problems}${skipped}). Click to show them.`;
    this.statusItem.command = FOCUS_RESOURCES_COMMAND;
    this.statusItem.show();
  }

  dispose(): void {
    this.cts?.cancel();
    this.unsubscribe();
    this.statusItem.dispose();
    this.didScan.dispose();
  }
}
