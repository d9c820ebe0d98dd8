// Hover and completion in a folder's root atlantis.yaml (the only one Atlantis reads), from our JSON Schema
// (src/core/atlantis/repoConfigHelp.ts). Paths under the cursor come from the same helpers as the Kubernetes
// schema hover and completion: the parsed document for hover, indentation alone while a line is half-typed.
import * as vscode from 'vscode';
import { configFieldHelp, configKeyCompletions, configValueCompletions } from '../../core/atlantis/repoConfigHelp';
import { mappingPathAtLine, pathAtOffset } from '../../core/validate/editor/pathAt';
import { FolderRegistry, folderSchemes } from '../folderRegistry';
import { siblingKeys } from '../validation/schemaCompletion';

const CONFIG_FILE = 'atlantis.yaml';

export function registerAtlantisAssist(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const selector: vscode.DocumentSelector = folderSchemes(folders).map((scheme) => ({ scheme, pattern: `**/${CONFIG_FILE}` }));
  const isRootConfig = (document: vscode.TextDocument) => folders.forUri(document.uri)?.paths.toRelative(document.uri) === CONFIG_FILE;
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(selector, {
      provideHover(document, position) {
        if (!isRootConfig(document)) return undefined;
        const at = pathAtOffset(document.getText(), 0, document.offsetAt(position));
        if (!at || at.path.length === 0) return undefined;
        const help = configFieldHelp(at.path);
        if (!help) return undefined;
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${at.path.join('.')}** (atlantis.yaml): \`${help.type}\`${help.required ? ' (required)' : ''}\n\n`);
        if (help.enum) md.appendMarkdown(`One of: ${help.enum.map((v) => `\`${v}\``).join(', ')}\n\n`);
        if (help.description) md.appendMarkdown(help.description);
        return new vscode.Hover(md);
      },
    }),
    vscode.languages.registerCompletionItemProvider(selector, {
      provideCompletionItems(document, position) {
        if (!isRootConfig(document)) return [];
        const lines = document.getText().split('\n');
        const before = lines[position.line].slice(0, position.character);
        const valueMatch = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?)\s*:\s+\S*$/.exec(before);
        if (valueMatch) {
          const parent = mappingPathAtLine(lines, position.line, valueMatch[1].length, 0);
          return parent ? configValueCompletions([...parent, valueMatch[2]]).map((c) => Object.assign(new vscode.CompletionItem(c.label, vscode.CompletionItemKind.EnumMember), { detail: c.detail })) : [];
        }
        if (!/^\s*(?:-\s+)?[\w.-]*$/.test(before)) return [];
        const parent = mappingPathAtLine(lines, position.line, position.character, 0);
        if (!parent) return [];
        const present = siblingKeys(lines, position.line, before.replace(/-\s+/, (m) => ' '.repeat(m.length)).search(/\S|$/));
        return configKeyCompletions(parent, present).map((c, i) => {
          const item = new vscode.CompletionItem(c.label, vscode.CompletionItemKind.Property);
          item.detail = c.detail;
          if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
          item.insertText = `${c.label}: `;
          item.sortText = String(i).padStart(4, '0');
          return item;
        });
      },
    }),
  );
}
