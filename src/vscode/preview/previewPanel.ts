// One preview panel per target: renders, sends the view to the webview, re-renders (debounced) when a file
// of the render closure changes (unsaved edits included: the index follows the buffers), and opens sources
// when the webview asks. What the webview last reported is kept for `reconcile.previewState` (tests).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { isFromWebview, PreviewFinding, PreviewView, ToWebview } from '../../webview/protocol';
import { previewHtml } from './previewHtml';
import { closureAffected, PreviewResult, PreviewTarget, renderPreview, RenderClosure, targetLabel } from './renderPreview';
import type { PreviewSettings } from './renderPreview';
import type { ObjectRules } from '../../core/render/validateRendered';
import type { SeverityOverrides } from '../../core/validate/ruleCatalog';
import type { FileSystem } from '../../core/types';
import type { SchemaRegistry } from '../../core/validate/schemas/schemaRegistry';
import { hoverSchemas, kindsKey } from './previewSchemas';
import { PREVIEW_VIEW_TYPE } from './previewRestore';

const RERENDER_DEBOUNCE_MS = 300;

export interface PreviewEnvironment {
  services: Services;
  fs: FileSystem;
  webviewRoot: vscode.Uri;
  settings(): PreviewSettings;
  rules(): { rules?: ObjectRules; severityOverrides?: SeverityOverrides; registry?: SchemaRegistry };
  /** Where each panel's findings also go: the Problems view (renderedDiagnostics.ts). */
  problems?: { update(key: string, app: string, findings: PreviewFinding[]): void; remove(key: string): void };
}

/** Plain data about a panel, for tests and other callers. */
export interface PreviewState {
  key: string;
  target: string;
  generation: number;
  objects: number;
  error?: string;
  engine?: string;
  findings: number;
  /** What the webview reported after showing a render: generation, objects counted in the editor, lines. */
  webview?: { generation: number; objects: number; lines: number };
}

export class PreviewPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;
  private last: PreviewView | undefined;
  private closure: RenderClosure = { reads: new Map(), everything: false };
  private webviewReady = false;
  private schemasKey: string | undefined;
  private reported: PreviewState['webview'];
  private timer: NodeJS.Timeout | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  /** `restored`: a panel VS Code brought back after a reload (see previewSerializer.ts), reused as is. */
  constructor(
    readonly key: string,
    private target: PreviewTarget,
    private readonly env: PreviewEnvironment,
    restored?: vscode.WebviewPanel,
  ) {
    const title = `Preview: ${targetLabel(target)}`;
    const options = { enableScripts: true, localResourceRoots: [env.webviewRoot] };
    if (restored) {
      restored.webview.options = options;
      restored.title = title;
      this.panel = restored;
    } else {
      this.panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { ...options, retainContextWhenHidden: true });
    }
    this.panel.webview.html = previewHtml(this.panel.webview, env.webviewRoot, title);
    const offIndex = env.services.index.onDidChange((changed) => {
      if (closureAffected(this.closure, changed)) this.schedule();
    });
    this.disposables.push(
      { dispose: offIndex },
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get state(): PreviewState {
    const v = this.last;
    return {
      key: this.key,
      target: targetLabel(this.target),
      generation: this.generation,
      objects: v?.objects.length ?? 0,
      ...(v?.error ? { error: v.error } : {}),
      ...(v ? { engine: v.engine } : {}),
      findings: v?.findings.length ?? 0,
      ...(this.reported ? { webview: this.reported } : {}),
    };
  }

  reveal(target: PreviewTarget): void {
    this.target = target;
    this.panel.reveal(undefined, true);
  }

  /** Debounced re-render (edits, settings, trust). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.render();
    }, RERENDER_DEBOUNCE_MS);
  }

  async render(): Promise<PreviewResult | undefined> {
    this.running?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.running = cts;
    const generation = ++this.generation;
    this.post({ type: 'rendering' });
    try {
      const { rules, severityOverrides, registry } = this.env.rules();
      const result = await renderPreview({
        index: this.env.services.index,
        fs: this.env.fs,
        target: this.target,
        settings: this.env.settings(),
        trusted: vscode.workspace.isTrusted,
        rules,
        severityOverrides,
        token: cts.token,
        // External engines read the disk; these buffers are rendered from a temporary copy (renderPreview.ts).
        unsaved: vscode.workspace.textDocuments.filter((d) => d.isDirty).flatMap((d) => this.env.services.paths.toRelative(d.uri) ?? []),
      });
      // A newer render started meanwhile: its result is the one to show.
      if (cts.token.isCancellationRequested || generation !== this.generation) return undefined;
      this.closure = result.closure;
      this.last = { ...result.view, generation };
      this.env.problems?.update(this.key, targetLabel(this.target), result.view.findings);
      this.post({ type: 'view', view: this.last });
      this.sendSchemas(registry);
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.env.services.logger.error(`preview of ${targetLabel(this.target)} failed: ${message}`);
      this.last = { target: targetLabel(this.target), engine: this.env.settings().engine, durationMs: 0, yaml: '', objects: [], warnings: [], error: message, findings: [], generation };
      this.env.problems?.remove(this.key);
      this.post({ type: 'view', view: this.last });
      return undefined;
    } finally {
      if (this.running === cts) this.running = undefined;
      cts.dispose();
    }
  }

  /** Hover schemas for the kinds on screen; sent again only when the set of kinds changes. */
  private sendSchemas(registry: SchemaRegistry | undefined): void {
    if (!registry || !this.last || !this.webviewReady) return;
    const key = kindsKey(this.last.objects);
    if (key === this.schemasKey) return;
    this.schemasKey = key;
    this.post({ type: 'schemas', ...hoverSchemas(registry, this.last.objects) });
  }

  private post(m: ToWebview): void {
    if (this.webviewReady) void this.panel.webview.postMessage(m);
  }

  private onMessage(raw: unknown): void {
    if (!isFromWebview(raw)) return;
    switch (raw.type) {
      case 'ready':
        this.webviewReady = true;
        this.schemasKey = undefined;
        if (this.last) this.post({ type: 'view', view: this.last });
        this.sendSchemas(this.env.rules().registry);
        break;
      case 'rendered':
        this.reported = { generation: raw.generation, objects: raw.objects, lines: raw.lines };
        break;
      case 'openSource':
        void this.openSource(raw.file, raw.line);
        break;
      case 'log':
        if (raw.level === 'error') this.env.services.logger.error(raw.message);
        else this.env.services.logger.info(raw.message);
        break;
    }
  }

  private async openSource(file: string, line: number): Promise<void> {
    const uri = this.env.services.paths.toUri(file);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const pos = new vscode.Position(Math.max(0, Math.min(line - 1, doc.lineCount - 1)), 0);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
    } catch (err) {
      void vscode.window.showWarningMessage(`Cannot open ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private isDisposed = false;

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.running?.cancel();
    this.env.problems?.remove(this.key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
