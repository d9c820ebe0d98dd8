// Completion of keys (from the schema of the mapping under the cursor) and of values (enums, booleans).
import * as vscode from 'vscode';
import { keyCompletions, valueCompletions } from '../../core/validate/editor/schemaHelp';
import { mappingPathAtLine } from '../../core/validate/editor/pathAt';
import type { Services } from '../services';
import type { ValidationController } from './validationController';

export class SchemaCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly services: Services,
    private readonly controller: ValidationController,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const validator = await this.controller.validator();
    const rel = this.services.paths.toRelative(document.uri);
    if (!validator || !rel) return [];
    await this.services.sync.ensureFresh(document);
    const docs = this.services.index.getFile(rel)?.documents ?? [];
    // The document the cursor is in (or the last one starting above it, while the line is being typed).
    const doc = [...docs].reverse().find((d) => d.startLine <= position.line);
    if (!doc) return [];
    const lines = document.getText().split('\n');
    const before = lines[position.line].slice(0, position.character);
    const valueMatch = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?)\s*:\s+\S*$/.exec(before);
    if (valueMatch) {
      const parent = mappingPathAtLine(lines, position.line, valueMatch[1].length, doc.startLine);
      if (!parent) return [];
      return valueCompletions(validator, doc, [...parent, valueMatch[2]]).map((c) => {
        const item = new vscode.CompletionItem(c.label, vscode.CompletionItemKind.EnumMember);
        item.detail = c.detail;
        return item;
      });
    }
    if (!/^\s*(?:-\s+)?[\w.-]*$/.test(before)) return [];
    const parent = mappingPathAtLine(lines, position.line, position.character, doc.startLine);
    if (!parent) return [];
    const present = siblingKeys(lines, position.line, before.replace(/-\s+/, (m) => ' '.repeat(m.length)).search(/\S|$/));
    return keyCompletions(validator, doc, parent, present).map((c, i) => {
      const item = new vscode.CompletionItem(c.label, vscode.CompletionItemKind.Property);
      item.detail = c.detail;
      if (c.documentation) item.documentation = new vscode.MarkdownString().appendText(c.documentation);
      item.insertText = `${c.label}: `;
      item.sortText = String(i).padStart(4, '0');
      return item;
    });
  }
}

/** Keys already written at the same indentation in the same block, so they are not proposed again. */
export function siblingKeys(lines: string[], line: number, col: number): Set<string> {
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i].replace(/^(\s*)-\s/, (_m, s: string) => s + '  ');
      if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
      const indent = l.search(/\S/);
      if (indent < col || l.startsWith('---')) break;
      const m = indent === col ? /^\s*([^\s:#][^:#]*?)\s*:/.exec(l) : null;
      if (m) out.add(m[1]);
      if (lines[i].trimStart().startsWith('- ') && step < 0 && indent === col) break;
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return out;
}
