// Hover on a key or value: the field's type, whether it is required, allowed values and the schema description.
import * as vscode from 'vscode';
import { fieldHelp } from '../../core/validate/editor/schemaHelp';
import { pathAtOffset } from '../../core/validate/editor/pathAt';
import { formatPath } from '../../core/validate/problem';
import type { Services } from '../services';
import type { ValidationController } from './validationController';

export class SchemaHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly services: Services,
    private readonly controller: ValidationController,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const validator = await this.controller.validator();
    const rel = this.services.paths.toRelative(document.uri);
    if (!validator || !rel) return undefined;
    await this.services.sync.ensureFresh(document);
    const offset = document.offsetAt(position);
    const doc = this.services.index.getFile(rel)?.documents.find((d) => offset >= d.start && offset <= d.end);
    if (!doc) return undefined;
    const at = pathAtOffset(document.getText(), doc.index, offset);
    if (!at || at.path.length === 0) return undefined;
    const help = fieldHelp(validator, doc, at.path);
    if (!help) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${formatPath(at.path)}**: \`${help.type}\`${help.required ? ' (required)' : ''}\n\n`);
    if (help.enum) md.appendMarkdown(`One of: ${help.enum.map((v) => `\`${v}\``).join(', ')}\n\n`);
    if (help.description) md.appendText(help.description);
    return new vscode.Hover(md);
  }
}
