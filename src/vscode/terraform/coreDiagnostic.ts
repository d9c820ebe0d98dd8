// A core Diagnostic (plain data, 0-based line/character positions) as a VS Code diagnostic, for the Terraform and
// Atlantis problem collections.
import * as vscode from 'vscode';
import { Diagnostic as CoreDiagnostic, Severity } from '../../core/types';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** `source` is what the Problems panel shows beside the code: `Reconcile (Terraform)`, `Reconcile (Atlantis)`. */
export function toVscodeDiagnostic(d: CoreDiagnostic, source: string): vscode.Diagnostic {
  const range = new vscode.Range(d.range.startPos.line, d.range.startPos.character, d.range.endPos.line, d.range.endPos.character);
  const out = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  out.code = d.code;
  out.source = source;
  return out;
}
