// Quick fixes the rules computed (apiVersion moves, quoting, kind spelling) and "suppress" actions that write a
// `# reconcile-ignore RCxxxx` comment on the line or at the head of the document.
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ValidationController } from './validationController';

export class ValidationCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly services: Services,
    private readonly controller: ValidationController,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const rel = this.services.paths.toRelative(document.uri);
    if (!rel) return [];
    const ours = context.diagnostics.filter((d) => d.source === 'reconcile');
    if (ours.length === 0) return [];
    const core = this.controller.diagnosticsFor(rel);
    const actions: vscode.CodeAction[] = [];
    for (const vd of ours) {
      const code = typeof vd.code === 'object' ? String(vd.code.value) : String(vd.code);
      const match = core.find((c) => c.code === code && c.range.startPos.line === vd.range.start.line && c.range.startPos.character === vd.range.start.character);
      for (const fix of match?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [vd];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) {
          action.edit.replace(document.uri, new vscode.Range(e.range.startPos.line, e.range.startPos.character, e.range.endPos.line, e.range.endPos.character), e.newText);
        }
        actions.push(action);
      }
      actions.push(this.suppressLine(document, vd, code), this.suppressDocument(document, vd, code));
    }
    return actions;
  }

  private suppressLine(document: vscode.TextDocument, vd: vscode.Diagnostic, code: string): vscode.CodeAction {
    const line = document.lineAt(vd.range.start.line);
    const action = new vscode.CodeAction(`Suppress ${code} on this line`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [vd];
    action.edit = new vscode.WorkspaceEdit();
    // Inside an existing comment the marker still counts (it only has to follow a `#`).
    const text = line.text.includes('#') ? ` reconcile-ignore ${code}` : ` # reconcile-ignore ${code}`;
    action.edit.insert(document.uri, line.range.end, text);
    return action;
  }

  private suppressDocument(document: vscode.TextDocument, vd: vscode.Diagnostic, code: string): vscode.CodeAction {
    const rel = this.services.paths.toRelative(document.uri) ?? '';
    const offset = document.offsetAt(vd.range.start);
    const doc = this.services.index.getFile(rel)?.documents.find((d) => offset >= d.start && offset <= d.end);
    const line = doc?.startLine ?? 0;
    const action = new vscode.CodeAction(`Suppress ${code} for this document`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [vd];
    action.edit = new vscode.WorkspaceEdit();
    action.edit.insert(document.uri, new vscode.Position(line, 0), `# reconcile-ignore ${code}\n`);
    return action;
  }
}
