// Runs drift for the Drift view: one run at a time (a new one cancels the old), progress in the view,
// a Cancel button while running, errors as tree items, the badge with the number of drifted objects.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import type { Services } from '../services';
import { ClusterConnection } from '../cluster/clusterConnection';
import { AppDrift, driftTargets, runDriftForApps } from './driftApps';
import { DriftDocuments } from './driftDocuments';
import { buildDriftModel, DriftModel, errorModel } from './driftModel';
import { parseIgnoreDifferences } from './driftSettings';
import { DriftTreeProvider } from './driftTreeProvider';
import { DriftWatch, watchForDrift } from './driftWatch';

export const DRIFT_VIEW = 'reconcile.drift';

/** What the refresh command returns (tests read the view's model from it). */
export interface DriftRefreshResult {
  root: DriftModel['root'];
  drifted: number;
}

export class DriftController implements vscode.Disposable {
  private model: DriftModel | undefined;
  private last: { context: string; apps: AppDrift[]; skipped: string[] } | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  private onlyDrifted = false;
  view: vscode.TreeView<unknown> | undefined;
  private watch: DriftWatch | undefined;
  /** Called when the cluster changed something the view shows (`reconcile.drift.watch`); the caller debounces. */
  onLiveChange: ((why: string) => void) | undefined;

  constructor(
    private readonly services: Services,
    private readonly connection: ClusterConnection,
    readonly tree: DriftTreeProvider,
    readonly documents: DriftDocuments,
  ) {
    void this.setState('idle');
  }

  get current(): DriftModel | undefined {
    return this.model;
  }

  private setState(state: 'idle' | 'running'): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'reconcile.drift.running', state === 'running');
  }

  setOnlyDrifted(on: boolean): void {
    this.onlyDrifted = on;
    void vscode.commands.executeCommand('setContext', 'reconcile.drift.onlyDrifted', on);
    if (this.view) this.view.message = on ? 'Only drifted objects are shown (counts include the rest).' : undefined;
    if (this.last) this.publish(buildDriftModel(this.last.context, this.last.apps, this.last.skipped, on));
  }

  cancel(): void {
    this.userCancelled = true;
    this.running?.cancel();
  }

  /** Clears the view (no cluster): the welcome text shows again. */
  clear(): void {
    this.running?.cancel();
    this.stopWatch();
    this.last = undefined;
    this.publish(undefined);
  }

  /** True while a run waits for the connection: the connection's own change event need not start another. */
  get waitingForConnection(): boolean {
    return this.waiting;
  }
  private waiting = false;
  private latest: Promise<DriftRefreshResult | undefined> | undefined;
  private userCancelled = false;

  /** Resolves with the model shown at the end; a run superseded by a newer one resolves with the newer one's. */
  refresh(): Promise<DriftRefreshResult | undefined> {
    this.running?.cancel();
    this.userCancelled = false;
    const cts = new vscode.CancellationTokenSource();
    this.running = cts;
    const run = (async () => {
      await this.setState('running');
      try {
        return await vscode.window.withProgress({ location: { viewId: DRIFT_VIEW }, title: 'Comparing Git with the cluster' }, (progress) => this.run(cts.token, progress));
      } finally {
        if (this.running === cts) {
          this.running = undefined;
          await this.setState('idle');
        }
        cts.dispose();
      }
    })();
    this.latest = run;
    return run.then((r) => (cts.token.isCancellationRequested && !this.userCancelled && this.latest && this.latest !== run ? this.latest : r));
  }

  stopWatch(): void {
    this.watch?.stop();
    this.watch = undefined;
  }

  private async run(token: vscode.CancellationToken, progress: vscode.Progress<{ message?: string; increment?: number }>): Promise<DriftRefreshResult | undefined> {
    this.stopWatch();
    this.waiting = true;
    const state = await this.connection.whenSettled().finally(() => (this.waiting = false));
    if (token.isCancellationRequested) return undefined;
    if (state.kind === 'none') {
      this.clear();
      return undefined;
    }
    if (state.kind !== 'connected') {
      return this.publish(errorModel(state.kind === 'error' ? state.context ?? '' : '', state.kind === 'error' ? state.message : 'Connecting…'));
    }
    const client = state.client;
    if (this.services.workspaceRoot.scheme !== 'file') {
      return this.publish(errorModel(client.context, 'Drift needs a local folder (the workspace is virtual).'));
    }
    await this.services.indexing.whenReady();
    const config = vscode.workspace.getConfiguration('reconcile', this.services.workspaceRoot);
    const { rules, problems } = parseIgnoreDifferences(config.get('drift.ignoreDifferences'));
    for (const p of problems) this.services.logger.warn(`drift: ${p}`);
    const { targets, skipped } = driftTargets(this.services.index.apps());
    const notes = [...skipped, ...problems];
    if (!targets.length) notes.push('No apps found (Flux Kustomizations, Argo CD Applications or kustomization directories).');
    const started = Date.now();
    const outcome = await runDriftForApps({
      client,
      targets,
      fs: nodeFileSystem,
      root: this.services.workspaceRoot.fsPath.split(path.sep).join('/'),
      index: this.services.index,
      ignore: rules,
      dryRun: config.get<boolean>('drift.serverSideDryRun', true) ? 'auto' : 'off',
      token: { get isCancellationRequested() { return token.isCancellationRequested; } },
      progress: (message, increment) => progress.report({ message, increment }),
    });
    if (!outcome.ok) {
      if (outcome.error.kind === 'cancelled') return undefined;
      const hint = outcome.error.kind === 'unauthorized' ? ' Check the credentials of this context.' : '';
      this.services.logger.warn(`drift: ${outcome.error.message}`);
      return this.publish(errorModel(client.context, `${outcome.error.message}${hint}`));
    }
    this.services.logger.info(`drift: ${targets.length} app(s) compared in ${Date.now() - started} ms (context ${client.context})`);
    this.last = { context: client.context, apps: outcome.apps, skipped: notes };
    if (config.get<boolean>('drift.watch', false) && !token.isCancellationRequested) {
      this.stopWatch();
      this.watch = watchForDrift(
        client,
        outcome.apps,
        (why) => this.onLiveChange?.(why),
        (message) => this.services.logger.warn(`drift: ${message}`),
      );
    }
    return this.publish(buildDriftModel(client.context, outcome.apps, notes, this.onlyDrifted));
  }

  private publish(model: DriftModel | undefined): DriftRefreshResult | undefined {
    this.model = model;
    this.tree.setModel(model);
    this.documents.setModel(model);
    if (this.view) {
      this.view.badge = model && model.drifted > 0 ? { value: model.drifted, tooltip: `${model.drifted} drifted object(s)` } : undefined;
    }
    return model ? { root: model.root, drifted: model.drifted } : undefined;
  }

  dispose(): void {
    this.running?.cancel();
    this.stopWatch();
  }
}
