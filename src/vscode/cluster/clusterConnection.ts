// The editor's cluster connection: reads `reconcile.kubeconfig` / `reconcile.context`, builds the core's
// read-only client (credential plugins only in trusted workspaces), checks that the server answers, and
// reconnects when the settings or the workspace trust change. The status-bar item shows the context.
import * as vscode from 'vscode';
import { connect, ReadOnlyClusterClient } from '../../core/cluster/client';
import { ContextSummary, loadKubeconfig, peekKubeconfig } from '../../core/cluster/kubeconfig';
import type { Logger } from '../../core/types';
import { ClusterSettings, connectionFiles, connectionProblem, connectOptionsFor, readClusterSettings } from './clusterSettings';

export type ConnectionState =
  /** Not connected yet: @kubernetes/client-node takes seconds to load, so nothing connects until a cluster feature is used. */
  | { kind: 'idle'; context?: string }
  | { kind: 'connecting' }
  /** No kubeconfig anywhere: the Drift view shows its welcome text. */
  | { kind: 'none'; message: string }
  | { kind: 'error'; context?: string; message: string }
  | { kind: 'connected'; client: ReadOnlyClusterClient };

export const SELECT_CONTEXT_COMMAND = 'reconcile.selectContext';
/** A refresh right after a failed attempt (the settings change that caused it) does not try again at once. */
const RETRY_AFTER_MS = 3000;

export class ClusterConnection implements vscode.Disposable {
  private state: ConnectionState = { kind: 'idle' };
  /** Set once a cluster feature was used; from then on setting changes reconnect at once. */
  private active = false;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChange = this.changed.event;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private connecting: Promise<ConnectionState> | undefined;
  private settledAt = 0;

  constructor(
    private readonly workspaceRoot: vscode.Uri,
    private readonly logger: Logger,
  ) {
    this.statusItem = vscode.window.createStatusBarItem('reconcile.clusterContext', vscode.StatusBarAlignment.Left, 0);
    this.statusItem.name = 'Reconcile Cluster Context';
    this.statusItem.command = SELECT_CONTEXT_COMMAND;
    this.disposables.push(
      this.statusItem,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('reconcile.kubeconfig') || e.affectsConfiguration('reconcile.context')) this.settingsChanged();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.settingsChanged()),
    );
    this.peek();
  }

  private settingsChanged(): void {
    if (this.active) void this.reconnect();
    else this.peek();
  }

  /** The status bar's context name before connecting, read cheaply. */
  private peek(): void {
    const settings = this.settings();
    const options = connectOptionsFor(settings, process.env, vscode.workspace.isTrusted);
    const peeked = peekKubeconfig(options);
    if (!peeked.files.length) this.set({ kind: 'none', message: `No kubeconfig found (looked at ${connectionFiles(options).join(', ')}).` });
    else this.set({ kind: 'idle', context: settings.context ?? peeked.currentContext });
  }

  get current(): ConnectionState {
    return this.state;
  }

  settings(): ClusterSettings {
    const config = vscode.workspace.getConfiguration('reconcile', this.workspaceRoot);
    const root = this.workspaceRoot.scheme === 'file' ? this.workspaceRoot.fsPath : undefined;
    return readClusterSettings({ kubeconfig: config.get('kubeconfig'), context: config.get('context') }, root);
  }

  /** The contexts of the configured kubeconfig, for the picker (the `reconcile.context` setting is not applied). */
  async contexts(): Promise<{ ok: true; contexts: ContextSummary[]; current: string; files: string[] } | { ok: false; message: string }> {
    const options = connectOptionsFor(this.settings(), process.env, vscode.workspace.isTrusted);
    // Listing names never runs a credential plugin; `trusted: true` only stops the untrusted check from hiding them.
    const loaded = await loadKubeconfig({ ...options, context: undefined, trusted: true });
    if (!loaded.ok) return { ok: false, message: connectionProblem(loaded.error.kind, loaded.error.message) };
    return { ok: true, contexts: loaded.value.contexts, current: this.state.kind === 'connected' ? this.state.client.context : loaded.value.context, files: loaded.value.files };
  }

  /**
   * Resolves once a connection attempt (started now or already running) has ended. A failed connection is
   * tried again (the user may have fixed the kubeconfig file or started the cluster), unless it just failed.
   */
  whenSettled(): Promise<ConnectionState> {
    if (this.connecting) return this.connecting;
    const failed = this.state.kind === 'error' || this.state.kind === 'none';
    const retry = failed && Date.now() - this.settledAt > RETRY_AFTER_MS;
    return this.state.kind === 'idle' || this.state.kind === 'connecting' || !this.active || retry ? this.reconnect() : Promise.resolve(this.state);
  }

  reconnect(): Promise<ConnectionState> {
    this.active = true;
    const generation = ++this.generation;
    this.set({ kind: 'connecting' });
    const attempt = this.attempt().then((state) => {
      // A newer attempt (settings changed again) wins; this one's result is dropped.
      if (generation === this.generation) {
        this.settledAt = Date.now();
        this.set(state);
        this.connecting = undefined;
      }
      return this.state;
    });
    this.connecting = attempt;
    return attempt;
  }

  private async attempt(): Promise<ConnectionState> {
    const settings = this.settings();
    const client = await connect(connectOptionsFor(settings, process.env, vscode.workspace.isTrusted));
    if (!client.ok) {
      if (client.error.kind === 'config' && settings.kubeconfig.length === 0 && /^No kubeconfig found/.test(client.error.message)) {
        return { kind: 'none', message: client.error.message };
      }
      return { kind: 'error', context: settings.context, message: connectionProblem(client.error.kind, client.error.message) };
    }
    // One cheap call so 401 and "unreachable" show up at once, not at the first refresh.
    const version = await client.value.version();
    if (!version.ok && version.error.kind !== 'forbidden') {
      return { kind: 'error', context: client.value.context, message: connectionProblem(version.error.kind, version.error.message) };
    }
    this.logger.info(`cluster: context ${client.value.context} (${client.value.server})${version.ok && version.value.gitVersion ? `, Kubernetes ${version.value.gitVersion}` : ''}`);
    return { kind: 'connected', client: client.value };
  }

  private set(state: ConnectionState): void {
    this.state = state;
    this.render();
    this.changed.fire(state);
  }

  private render(): void {
    const s = this.state;
    const item = this.statusItem;
    item.backgroundColor = undefined;
    if (s.kind === 'idle') {
      item.text = `$(cloud) ${s.context ?? 'Cluster'}`;
      item.tooltip = `Reconcile cluster context: ${s.context ?? '(none set)'} (not connected yet; the Drift view connects)\nClick to switch.`;
    } else if (s.kind === 'connecting') {
      item.text = '$(sync~spin) Cluster';
      item.tooltip = 'Reconcile: connecting to the cluster…';
    } else if (s.kind === 'none') {
      item.text = '$(cloud) No cluster';
      item.tooltip = `Reconcile: ${s.message}\nClick to pick a kubeconfig and context.`;
    } else if (s.kind === 'error') {
      item.text = `$(warning) ${s.context ?? 'Cluster'}`;
      item.tooltip = `Reconcile: ${s.message}\nClick to select another context.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      item.text = `$(cloud) ${s.client.context}`;
      item.tooltip = `Reconcile cluster context: ${s.client.context}\n${s.client.server} (namespace ${s.client.namespace})\nRead-only: lists and server-side dry-run only. Click to switch.`;
    }
    item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
