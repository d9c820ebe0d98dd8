// Runs index scans off the activation path: progress in the window's status area, a status bar item with the
// resource count (click while indexing cancels), and a `whenReady()` for features that need a first full index.
import * as vscode from 'vscode';
import type { IndexSummary } from '../../core/index/model';
import type { Logger } from '../../core/types';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import type { IndexStatusSlot } from './indexStatusBar';

export { CANCEL_INDEXING_COMMAND, FOCUS_RESOURCES_COMMAND } from './indexStatus';

export class IndexController implements vscode.Disposable {
  private cts: vscode.CancellationTokenSource | undefined;
  /** This folder's share of the window's one status bar item (indexStatusBar.ts). */
  private readonly status: IndexStatusSlot;
  private readonly didScan = new vscode.EventEmitter<IndexSummary>();
  /** Fires after each completed full scan. */
  readonly onDidScan = this.didScan.event;
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private lastScanMs: number | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly index: RepositoryIndex, private readonly logger: Logger, status: IndexStatusSlot) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.status = status;
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
    this.status.report({ phase: 'scanning' });
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
            this.status.report({ phase: 'scanning', done, total });
          });
        },
      );
      if (cts.token.isCancellationRequested) throw new vscode.CancellationError();
      this.lastScanMs = Date.now() - started;
      this.logger.info(
        `index scan done in ${this.lastScanMs} ms: ${summary.files} files, ${summary.documents} documents, ` +
          `${summary.resources} resources, ${summary.errors} errors, ${summary.skipped} skipped`,
      );
      this.cts = undefined; // before showCount, which leaves the status to a running scan
      this.markReady();
      this.showCount();
      this.didScan.fire(summary);
      return summary;
    } catch (err) {
      if (this.cts !== cts) return undefined; // superseded by a newer scan, which owns the status now
      const cancelled = cts.token.isCancellationRequested || (err instanceof Error && err.name === 'CancelledError');
      if (cancelled) {
        this.logger.info('index scan cancelled');
        this.status.report({ phase: 'cancelled' });
      } else {
        const message = err instanceof Error ? err.message : String(err);
        this.logger.error(`index scan failed: ${err instanceof Error && err.stack ? err.stack : message}`);
        this.status.report({ phase: 'failed', message });
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
    this.status.report({ phase: 'ready', summary: this.index.summary() });
  }

  dispose(): void {
    this.cts?.cancel();
    this.unsubscribe();
    this.status.dispose();
    this.didScan.dispose();
  }
}
