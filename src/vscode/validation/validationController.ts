// Keeps the Problems panel in step with the index: after any index change (unsaved edits arrive debounced
// from IndexSync), re-validates. Unchanged files come from the validator's per-file cache, so only the edited
// file and files whose references changed do real work.
import * as vscode from 'vscode';
import { Diagnostic as CoreDiagnostic, Severity } from '../../core/types';
import { EditorValidation } from '../../core/validate/editor/editorValidation';
import { Validator } from '../../core/validate/validator';
import type { Services } from '../services';
import { readValidationSettings, ValidationSettings } from './validationSettings';

const REVALIDATE_DEBOUNCE_MS = 60;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export class ValidationController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('reconcile');
  // Built after the first scan, in the background and in slices (loading the schemas at once held the extension
  // host for about a second); hover or completion before then wait for it (one schema registry per folder).
  private validation: EditorValidation;
  private settings: ValidationSettings;
  /** Last core diagnostics per repo-relative file, for code actions. */
  private readonly current = new Map<string, CoreDiagnostic[]>();
  private timer: NodeJS.Timeout | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    private readonly schemaDir: string,
    private readonly docsUri: vscode.Uri,
  ) {
    this.settings = readValidationSettings(services.workspaceRoot, services.logger);
    this.validation = this.newValidation();
    const off = services.index.onDidChange(() => this.schedule());
    this.disposables.push(
      this.collection,
      { dispose: off },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('reconcile.kubernetesVersion') && !e.affectsConfiguration('reconcile.validation')) return;
        this.settings = readValidationSettings(services.workspaceRoot, services.logger);
        this.validation = this.newValidation();
        this.schedule();
      }),
    );
    void services.indexing.whenReady().then(() => this.schedule());
  }

  /** The folder's validator for hover and completion: the background one, waited for if it is still being built. */
  validator(): Promise<Validator | undefined> {
    return this.settings.enabled ? this.validation.validator() : Promise.resolve(undefined);
  }

  diagnosticsFor(rel: string): CoreDiagnostic[] {
    return this.current.get(rel) ?? [];
  }

  private newValidation(): EditorValidation {
    return new EditorValidation({
      schemaDir: this.schemaDir,
      kubernetesVersion: this.settings.kubernetesVersion,
      severity: this.settings.severity,
      schemaFolders: this.settings.schemaFolders,
      workspaceRoot: this.services.workspaceRoot.fsPath,
      logger: this.services.logger,
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.revalidate(), REVALIDATE_DEBOUNCE_MS);
  }

  private async revalidate(): Promise<void> {
    this.running?.cancel();
    const cts = (this.running = new vscode.CancellationTokenSource());
    try {
      const validator = this.settings.enabled ? await this.validation.validator() : undefined;
      if (cts.token.isCancellationRequested) return;
      if (!validator) {
        this.collection.clear();
        this.current.clear();
        return;
      }
      const report = await validator.validateIndex(this.services.index, { token: cts.token });
      if (cts.token.isCancellationRequested) return;
      for (const [file, diags] of report.byFile) {
        // Cached files return the same array: nothing to republish.
        if (this.current.get(file) === diags) continue;
        this.current.set(file, diags);
        this.collection.set(this.services.paths.toUri(file), diags.map((d) => this.toVscode(d)));
      }
      for (const file of [...this.current.keys()]) {
        if (report.byFile.has(file)) continue;
        this.current.delete(file);
        this.collection.delete(this.services.paths.toUri(file));
      }
    } catch (e) {
      if (!cts.token.isCancellationRequested) this.services.logger.error(`validation failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      cts.dispose();
      if (this.running === cts) this.running = undefined;
    }
  }

  private toVscode(d: CoreDiagnostic): vscode.Diagnostic {
    const range = new vscode.Range(d.range.startPos.line, d.range.startPos.character, d.range.endPos.line, d.range.endPos.character);
    const out = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
    out.source = 'reconcile';
    out.code = { value: d.code, target: this.docsUri.with({ fragment: d.code.toLowerCase() }) };
    return out;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.running?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}
