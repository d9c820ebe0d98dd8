// Publishes RenderedProblems into their own DiagnosticCollection ("Reconcile (rendered)"), apart from
// the index validation's, so clearing one never touches the other.
import * as vscode from 'vscode';
import type { PreviewFinding } from '../../webview/protocol';
import type { WorkspacePaths } from '../workspacePaths';
import { RenderedProblem, RenderedProblems } from './renderedProblems';

const SEVERITY: Record<RenderedProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export class RenderedDiagnostics implements vscode.Disposable {
  private readonly model = new RenderedProblems();
  private readonly collection = vscode.languages.createDiagnosticCollection('reconcile-rendered');

  constructor(private readonly paths: Pick<WorkspacePaths, 'toUri'>) {}

  update(key: string, app: string, findings: PreviewFinding[]): void {
    this.publish(this.model.set(key, app, findings));
  }

  remove(key: string): void {
    this.publish(this.model.delete(key));
  }

  private disposed = false;

  private publish(files: string[]): void {
    if (this.disposed) return;
    for (const file of files) {
      const diagnostics = this.model.forFile(file).map((p) => {
        // The finding names a line; the whole line is marked (VS Code clamps the end to the line's length).
        const d = new vscode.Diagnostic(new vscode.Range(p.line, 0, p.line, Number.MAX_SAFE_INTEGER), p.message, SEVERITY[p.severity]);
        d.code = p.code;
        d.source = 'Reconcile (rendered)';
        return d;
      });
      this.collection.set(this.paths.toUri(file), diagnostics);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.collection.dispose();
  }
}
