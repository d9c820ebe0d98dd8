// Runs object-history requests for the view: finds the app the object is rendered from, walks the
// history page by page through the core, and keeps the result the tree, the diff command and the forge
// action read. One request at a time: a new one cancels the one before. One git object store per
// repository is kept across requests (its cache makes a second look at the same object cheap).
import * as vscode from 'vscode';
import { findAppForObject } from '../../core/history/findApp';
import { GitObjectStore } from '../../core/history/gitObjectStore';
import { HistoryEntry, HistoryPage, objectHistory } from '../../core/history/objectHistory';
import { HistoryObject } from '../../core/history/objectState';
import { RenderFunction } from '../../core/history/renderFunction';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { detectForge, ForgeTarget } from '../../core/sync/forge/detect';
import { parseForgeOverrides } from '../../core/sync/forge/overrides';
import { openRepo } from '../../core/sync/git/createSyncBranch';
import { createGitRunner } from '../../core/sync/git/gitRunner';
import type { Services } from '../services';
import { ObjectHistoryRequest } from './historyArgs';
import { objectLabel } from './historyFormat';

export const HISTORY_VIEW_ID = 'reconcile.history';

export type HistoryState =
  | { status: 'idle' }
  | { status: 'loading'; request: ObjectHistoryRequest; message: string }
  | { status: 'error'; request: ObjectHistoryRequest; message: string }
  | {
      status: 'done';
      request: ObjectHistoryRequest;
      object: HistoryObject;
      entries: HistoryEntry[];
      scanned: number;
      nextCursor?: string;
      loadingMore?: boolean;
      /** Where "Open Commit on Forge" goes; undefined when the remote is not a known forge. */
      forge?: ForgeTarget;
      flux?: { file: string; name: string };
    };

/** What the command returns (for other features and tests): the entries without the rendered objects. */
export interface HistoryViewModel {
  object: HistoryObject;
  entries: Array<Omit<HistoryEntry, 'before' | 'after'>>;
  scanned: number;
  more: boolean;
  forge?: { kind: string; webUrl: string; repoPath: string };
}

export type AppChooser = (message: string, candidates: string[]) => Promise<string | undefined>;

export class HistoryController implements vscode.Disposable {
  private stateValue: HistoryState = { status: 'idle' };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private running?: vscode.CancellationTokenSource;
  private latest?: { request: ObjectHistoryRequest; token: vscode.CancellationToken; result: Promise<HistoryViewModel | undefined> };
  private store?: GitObjectStore;
  private render?: RenderFunction;

  constructor(private readonly services: Services) {}

  get state(): HistoryState {
    return this.stateValue;
  }

  private set(state: HistoryState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'reconcile.historyState', state.status === 'done' && state.loadingMore ? 'loading' : state.status);
    this.changed.fire();
  }

  entry(commit: string): HistoryEntry | undefined {
    const s = this.stateValue;
    return s.status === 'done' ? s.entries.find((e) => e.commit === commit || e.commit.startsWith(commit)) : undefined;
  }

  viewModel(): HistoryViewModel | undefined {
    const s = this.stateValue;
    if (s.status !== 'done') return undefined;
    return {
      object: s.object,
      entries: s.entries.map(({ before: _b, after: _a, ...rest }) => rest),
      scanned: s.scanned,
      more: !!s.nextCursor,
      ...(s.forge ? { forge: { kind: s.forge.kind, webUrl: s.forge.webUrl, repoPath: s.forge.repoPath } } : {}),
    };
  }

  cancel(): void {
    this.running?.cancel();
  }

  private begin(): vscode.CancellationTokenSource {
    this.running?.cancel();
    this.running?.dispose();
    this.running = new vscode.CancellationTokenSource();
    return this.running;
  }

  private storeFor(root: string): GitObjectStore {
    if (!this.store || this.store.repoDir !== root) {
      this.store?.dispose();
      this.store = new GitObjectStore(root);
    }
    return this.store;
  }

  private pageSize(): number {
    const n = vscode.workspace.getConfiguration('reconcile', this.services.workspaceRoot).get<number>('history.pageSize', 50);
    return Number.isInteger(n) && n > 0 ? n : 50;
  }

  /**
   * Computes the first page for `request`; resolves with the view model, or undefined (cancelled, failed).
   * When the same request is started again while this one runs (HEAD moved: followHead refreshes a loading
   * view), the caller gets the newer run's result rather than undefined.
   */
  show(request: ObjectHistoryRequest, chooseApp?: AppChooser): Promise<HistoryViewModel | undefined> {
    const token = this.begin().token;
    const result = this.compute(request, chooseApp, token);
    this.latest = { request, token, result };
    return result;
  }

  /** The run that replaced a cancelled one for the same request (a refresh), else the cancellation's undefined. */
  private stoppedOrNewer(request: ObjectHistoryRequest, token: vscode.CancellationToken): Promise<HistoryViewModel | undefined> | undefined {
    const latest = this.latest;
    if (latest && latest.token !== token && latest.request === request) return latest.result;
    return this.stopped(request);
  }

  private async compute(request: ObjectHistoryRequest, chooseApp: AppChooser | undefined, token: vscode.CancellationToken): Promise<HistoryViewModel | undefined> {
    const root = this.services.workspaceRoot.fsPath;
    this.set({ status: 'loading', request, message: `Computing the history of ${objectLabel(request.target)}…` });
    return vscode.window.withProgress({ location: { viewId: HISTORY_VIEW_ID }, title: `History of ${objectLabel(request.target)}` }, async () => {
      await this.services.indexing.whenReady();
      if (token.isCancellationRequested) return this.stoppedOrNewer(request, token);
      const found = await this.findApp(request, chooseApp, token);
      if (token.isCancellationRequested) return this.stoppedOrNewer(request, token);
      if (!found.ok) {
        this.set({ status: 'error', request, message: found.message });
        return undefined;
      }
      this.render = found.render;
      const head = await this.headCommit(root);
      const r = await objectHistory({
        repoDir: root,
        appPath: found.app,
        target: found.target,
        closureFiles: found.closureFiles,
        render: found.render,
        rev: head,
        includeObjects: true,
        pageSize: this.pageSize(),
        store: this.storeFor(root),
        token,
        progress: (done, total, message) => {
          if (!token.isCancellationRequested && this.stateValue.status === 'loading') this.set({ status: 'loading', request, message: `${message ?? 'Rendering'} (${done}/${total})` });
        },
      });
      if (token.isCancellationRequested) return this.stoppedOrNewer(request, token);
      if (!r.ok) {
        if (r.error.code === 'git-failed') this.dropStore();
        this.set({ status: 'error', request, message: r.error.message });
        this.services.logger.warn(`Object history of ${objectLabel(request.target)}: ${r.error.message}`);
        return undefined;
      }
      const forge = await this.forgeTarget(root);
      this.set({ status: 'done', request, ...this.fromPage(r.value), forge, ...(found.flux ? { flux: found.flux } : {}) });
      return this.viewModel();
    });
  }

  /** Computes the shown object's history again from the current HEAD (new commits, another branch). */
  async refresh(chooseApp?: AppChooser): Promise<HistoryViewModel | undefined> {
    const s = this.stateValue;
    if (s.status === 'idle') return undefined;
    if (s.status !== 'done') return this.show(s.request, chooseApp);
    // The app found last time is kept, so a refresh never asks again.
    const { app, ...target } = s.object;
    return this.show({ target, app }, chooseApp);
  }

  /** Appends the next page (when there is one). */
  async loadMore(): Promise<HistoryViewModel | undefined> {
    const s = this.stateValue;
    if (s.status !== 'done' || !s.nextCursor || s.loadingMore) return this.viewModel();
    const source = this.begin();
    const token = source.token;
    const root = this.services.workspaceRoot.fsPath;
    this.set({ ...s, loadingMore: true });
    return vscode.window.withProgress({ location: { viewId: HISTORY_VIEW_ID } }, async () => {
      const r = await objectHistory({
        repoDir: root,
        appPath: s.object.app,
        target: { kind: s.object.kind, name: s.object.name, ...(s.object.namespace ? { namespace: s.object.namespace } : {}), ...(s.object.apiVersion ? { apiVersion: s.object.apiVersion } : {}) },
        render: this.render,
        cursor: s.nextCursor,
        includeObjects: true,
        pageSize: this.pageSize(),
        store: this.storeFor(root),
        token,
      });
      const now = this.stateValue;
      // A new request replaced this result while the page was computed: leave it alone.
      if (now.status !== 'done' || now.request !== s.request) return undefined;
      if (!r.ok) {
        this.set({ ...s, loadingMore: false });
        if (r.error.code !== 'cancelled') void vscode.window.showErrorMessage(`Object history: ${r.error.message}`);
        return undefined;
      }
      this.set({ ...s, loadingMore: false, entries: [...s.entries, ...r.value.entries], scanned: s.scanned + r.value.scanned, nextCursor: r.value.nextCursor });
      return this.viewModel();
    });
  }

  /** A request cancelled from the view (not replaced by a newer one) says so instead of spinning on. */
  private stopped(request: ObjectHistoryRequest): undefined {
    const s = this.stateValue;
    if (s.status === 'loading' && s.request === request) this.set({ status: 'error', request, message: 'Cancelled.' });
    return undefined;
  }

  private fromPage(page: HistoryPage) {
    return { object: page.object, entries: page.entries, scanned: page.scanned, nextCursor: page.nextCursor };
  }

  /** The app, trying the namespace as written first and then without it (an overlay may move the object). */
  private async findApp(request: ObjectHistoryRequest, chooseApp: AppChooser | undefined, token: vscode.CancellationToken) {
    const index = this.services.index;
    let target = request.target;
    let found = await findAppForObject(index, nodeFileSystem, target, { app: request.app, token });
    if (!found.ok && found.reason === 'not-found' && target.namespace && request.app === undefined) {
      const { namespace: _ns, ...withoutNamespace } = target;
      const again = await findAppForObject(index, nodeFileSystem, withoutNamespace, { token });
      if (again.ok || again.reason === 'ambiguous') {
        found = again;
        target = withoutNamespace;
      }
    }
    if (!found.ok && found.reason === 'ambiguous' && chooseApp) {
      const app = await chooseApp(found.message.replace(/ Pick one with --app.*$/, ''), found.candidates);
      if (app === undefined) return { ok: false as const, message: 'No app chosen.' };
      found = await findAppForObject(index, nodeFileSystem, target, { app, token });
    }
    if (!found.ok) return { ok: false as const, message: found.message.replace(/ ?Name the folder it is rendered from with --app\.| Pick one with --app.*$/, '') };
    return { ...found, target };
  }

  private async headCommit(root: string): Promise<string | undefined> {
    // Resolved here, not by the long-lived object store, so commits made since the last run are seen.
    const r = await createGitRunner(root, process.env).run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return r.ok && r.stdout.trim() ? r.stdout.trim() : undefined;
  }

  private async forgeTarget(root: string): Promise<ForgeTarget | undefined> {
    const repo = await openRepo(root, undefined, process.env);
    if (!repo.ok) return undefined;
    const { overrides } = parseForgeOverrides(vscode.workspace.getConfiguration('reconcile', this.services.workspaceRoot).get<unknown>('sync.forges'));
    const detected = detectForge(repo.value.remoteUrl, { overrides });
    return detected.ok ? detected.target : undefined;
  }

  private dropStore(): void {
    this.store?.dispose();
    this.store = undefined;
  }

  dispose(): void {
    this.running?.cancel();
    this.running?.dispose();
    this.dropStore();
    this.changed.dispose();
  }
}
