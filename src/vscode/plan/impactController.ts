// Runs the plan for the Change Impact view: the working tree with the editor's unsaved buffers against
// the chosen base, debounced and cancellable (planScheduler.ts), with the plan cache kept between runs so
// a keystroke re-renders only the apps it can change. Progress shows in the view; the badge counts the
// changed apps; a context key picks the welcome text (untrusted, off, nothing changed).
import { realpath } from 'node:fs/promises';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { runGit } from '../../core/history/candidateCommits';
import { GitObjectStore } from '../../core/history/gitObjectStore';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { plan } from '../../core/plan/plan';
import { PlanCache } from '../../core/plan/planCache';
import { HeadSpec } from '../../core/plan/planSides';
import { bufferedFileSystem } from '../../core/render/renderApp';
import { SeverityOverrides } from '../../core/validate/ruleCatalog';
import { Validator } from '../../core/validate/validator';
import { VERSION } from '../../version';
import type { Services } from '../services';
import { readPreviewSettings } from '../preview/previewSettings';
import { readValidationSettings } from '../validation/validationSettings';
import { buildImpactModel, errorImpactModel, ImpactModel, ImpactNode } from './impactModel';
import { ImpactTreeProvider } from './impactTreeProvider';
import { PlanScheduler, RunToken } from './planScheduler';
import { PlanSettings, readPlanSettings } from './planSettings';

export const CHANGE_IMPACT_VIEW = 'reconcile.changeImpact';
export const STATE_KEY = 'reconcile.plan.state';

/** `empty`: planned, nothing changed (the welcome text says so); `error`: the tree shows why. */
export type ImpactState = 'idle' | 'untrusted' | 'disabled' | 'unsupported' | 'ready' | 'empty' | 'error';

/** What `reconcile.plan.refresh` returns: the view's content as plain data (tests read it). */
export interface ImpactSnapshot {
  state: ImpactState;
  base: string;
  summary?: string;
  appsChanged: number;
  roots: ImpactNode[];
  /** Plans started and cancelled by a newer one since activation. */
  runs: { started: number; cancelled: number };
  /** Renders of the last plan that ran, and those the cache answered. */
  renders?: { run: number; cached: number; ms: number };
}

interface Outcome {
  state: ImpactState;
  model?: ImpactModel;
  renders?: ImpactSnapshot['renders'];
}

export class ImpactController implements vscode.Disposable {
  readonly scheduler: PlanScheduler<Outcome>;
  readonly cache = new PlanCache();
  private state: ImpactState = 'idle';
  private renders: ImpactSnapshot['renders'];
  private validator: { key: string; value: Validator | undefined } | undefined;
  private top: { root: string; top: Promise<string | undefined> } | undefined;
  private saidProblems = '';
  private readonly published = new vscode.EventEmitter<void>();
  /** Fires after each plan's outcome is shown in the tree; the view's badge, message and status item follow it (registerChangeImpact.ts). */
  readonly onDidPublish = this.published.event;

  constructor(
    private readonly services: Services,
    readonly tree: ImpactTreeProvider,
    private readonly schemaDir: string,
  ) {
    this.scheduler = new PlanScheduler<Outcome>((token) => this.run(token), () => this.settings().debounceMs, (o) => this.publish(o));
  }

  /** What the last plan came to ('idle' before the first). */
  get currentState(): ImpactState {
    return this.state;
  }

  settings(): PlanSettings {
    const c = vscode.workspace.getConfiguration('reconcile.plan', this.services.workspaceRoot);
    const { settings, problems } = readPlanSettings((k) => c.get(k));
    // Read on every plan: say each problem once, not once per keystroke.
    const said = problems.join('\n');
    if (said !== this.saidProblems) for (const p of problems) this.services.logger.warn(`Change Impact: ${p}`);
    this.saidProblems = said;
    return settings;
  }

  snapshot(): ImpactSnapshot {
    const m = this.tree.current;
    return { state: this.state, base: this.settings().base, summary: m?.summary, appsChanged: m?.appsChanged ?? 0, roots: m?.roots ?? [], runs: { ...this.scheduler.stats }, renders: this.renders };
  }

  /** The git top level of the workspace folder (git asked once per folder). */
  repoTop(): Promise<string | undefined> {
    const root = this.folder();
    if (this.top?.root !== root) {
      const top = runGit(root, ['rev-parse', '--show-toplevel']).then((r) => (r.ok ? r.stdout.trim() : undefined));
      this.top = { root, top };
      // A folder that becomes a repository later (git init) is asked again.
      void top.then((t) => t === undefined && this.top?.top === top && (this.top = undefined));
    }
    return this.top.top;
  }

  /** The workspace folder as an absolute path with forward slashes (what git prints). */
  private folder(): string {
    return this.services.workspaceRoot.fsPath.replace(/\\/g, '/').replace(/\/+$/, '');
  }

  /** The head as the editor sees it: the working tree with every unsaved buffer of the folder overlaid. */
  async head(top: string): Promise<HeadSpec> {
    let prefix = posix.relative(top, this.folder());
    // git prints the real path; the folder may have been opened through a symbolic link.
    if (prefix.startsWith('..')) prefix = posix.relative(top, (await realpath(this.folder()).catch(() => this.folder())).replace(/\\/g, '/'));
    const dirtyDocs = vscode.workspace.textDocuments.filter((d) => d.isDirty && this.services.paths.toRelative(d.uri) !== undefined);
    // The index takes buffers after a short debounce: flush them so the plan reads what is on screen.
    await Promise.all(dirtyDocs.map((d) => this.services.sync.ensureFresh(d)));
    const dirty = dirtyDocs.map((d) => posix.join(prefix, this.services.paths.toRelative(d.uri) as string));
    const fs = bufferedFileSystem(nodeFileSystem, this.services.index);
    // The editor's index covers the workspace folder; a folder below the repository top needs the plan's own.
    return prefix === '' ? { kind: 'working-tree', fs, index: this.services.index, dirty } : { kind: 'working-tree', fs, dirty };
  }

  private rules(): { rules?: Validator; severityOverrides?: SeverityOverrides } {
    const s = readValidationSettings(this.services.workspaceRoot, this.services.logger);
    if (!s.enabled) return {};
    const key = `${s.kubernetesVersion}|${JSON.stringify(s.severity)}`;
    if (this.validator?.key !== key) {
      const created = Validator.create(this.schemaDir, s.kubernetesVersion, { severityOverrides: s.severity });
      if (!created.ok) this.services.logger.error(`Change Impact: the head rendering is not validated: ${created.error}`);
      this.validator = { key, value: created.ok ? created.value : undefined };
    }
    return this.validator.value ? { rules: this.validator.value, severityOverrides: s.severity } : {};
  }

  private async run(token: RunToken): Promise<Outcome | undefined> {
    const settings = this.settings();
    if (!vscode.workspace.isTrusted) return { state: 'untrusted' };
    if (!settings.enabled) return { state: 'disabled' };
    if (this.services.workspaceRoot.scheme !== 'file') return { state: 'unsupported' };
    await this.services.indexing.whenReady();
    if (token.isCancellationRequested) return undefined;
    const top = await this.repoTop();
    if (!top) return { state: 'error', model: errorImpactModel('Change Impact needs a git repository: the workspace folder is not in one.') };
    const head = await this.head(top);
    if (token.isCancellationRequested) return undefined;
    const { rules, severityOverrides } = this.rules();
    const preview = readPreviewSettings(this.services.workspaceRoot);
    const store = new GitObjectStore(top);
    try {
      const result = await vscode.window.withProgress({ location: { viewId: CHANGE_IMPACT_VIEW }, title: `Planning against ${settings.base}` }, (progress) =>
        plan({
          repoRoot: top,
          base: settings.base,
          head,
          churn: settings.churn,
          rules,
          severityOverrides,
          helm: { trusted: true, helmPath: preview.helmPath },
          cache: this.cache,
          store,
          toolVersion: VERSION,
          token,
          progress: (_done, _total, message) => progress.report({ message }),
        }),
      );
      if (!result.ok) {
        if (result.cancelled || token.isCancellationRequested) return undefined;
        this.services.logger.warn(`Change Impact: ${result.message}`);
        const unborn = /is not a commit/.test(result.message) && settings.base === 'HEAD';
        return { state: 'error', model: errorImpactModel(unborn ? 'No commit yet: Change Impact compares with HEAD once the repository has one.' : result.message) };
      }
      const p = result.plan;
      this.services.logger.info(`Change Impact: ${p.stats.appsAffected}/${p.stats.appsTotal} app(s) affected, ${p.stats.rendersRun} render(s) run, ${p.stats.rendersCached} cached, ${p.stats.ms} ms`);
      const model = buildImpactModel(p, settings.base);
      return { state: model.roots.length ? 'ready' : 'empty', model, renders: { run: p.stats.rendersRun, cached: p.stats.rendersCached, ms: p.stats.ms } };
    } finally {
      store.dispose();
    }
  }

  private publish(o: Outcome): void {
    this.state = o.state;
    if (o.renders) this.renders = o.renders;
    void vscode.commands.executeCommand('setContext', 'reconcile.plan.customBase', this.settings().base !== 'HEAD');
    this.tree.setModel(o.model && o.model.roots.length ? o.model : undefined);
    this.published.fire();
  }

  dispose(): void {
    this.scheduler.dispose();
    this.published.dispose();
  }
}
