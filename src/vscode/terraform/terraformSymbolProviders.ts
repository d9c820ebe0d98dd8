// Outline / breadcrumbs for Terraform files (src/core/terraform/terraformOutline.ts) and Ctrl+T over every
// folder's Terraform index (`aws_s3_bucket.logs`, `module.vpc`, ...), beside the manifest symbol providers.
import * as vscode from 'vscode';
import { SourceRange } from '../../core/types';
import { TfOutlineSymbol, TfSymbolKind, terraformOutline } from '../../core/terraform/terraformOutline';
import { terraformFileKind } from '../../core/terraform/model';
import { terraformSymbols } from '../../core/terraform/terraformSymbols';
import type { FolderRegistry, PerFolder } from '../folderRegistry';
import { matchesSymbolQuery, rankSymbol } from '../symbols/symbolNames';
import type { TerraformFolder } from './terraformFolder';
import { loadHclParser } from '../../core/terraform/hclParser';

const KIND: Record<TfSymbolKind, vscode.SymbolKind> = {
  resource: vscode.SymbolKind.Class,
  data: vscode.SymbolKind.Struct,
  module: vscode.SymbolKind.Module,
  variable: vscode.SymbolKind.Variable,
  output: vscode.SymbolKind.Field,
  locals: vscode.SymbolKind.Namespace,
  local: vscode.SymbolKind.Constant,
  terraform: vscode.SymbolKind.Package,
  backend: vscode.SymbolKind.Object,
  cloud: vscode.SymbolKind.Object,
  provider: vscode.SymbolKind.Interface,
  block: vscode.SymbolKind.Object,
  attribute: vscode.SymbolKind.Property,
};

const MAX_RESULTS = 1000;

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.startPos.line, r.startPos.character, r.endPos.line, r.endPos.character);
}

function toDocumentSymbol(s: TfOutlineSymbol): vscode.DocumentSymbol {
  const range = toRange(s.range);
  const selection = toRange(s.selection);
  const out = new vscode.DocumentSymbol(s.name, s.detail, KIND[s.kind], range, range.contains(selection) ? selection : range);
  out.children = s.children.map(toDocumentSymbol);
  return out;
}

/** The outline needs no index: any Terraform file gets one, inside a workspace folder or not. */
export class TerraformDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const kind = terraformFileKind(name);
    if (!kind) return [];
    const parser = kind === 'json' ? undefined : await loadHclParser();
    return terraformOutline(parser, name, document.getText()).map(toDocumentSymbol);
  }
}

/** Every folder's Terraform blocks; with several folders the container names the folder too. */
export class TerraformWorkspaceSymbolProvider implements vscode.WorkspaceSymbolProvider {
  constructor(
    private readonly folders: FolderRegistry,
    private readonly perFolder: PerFolder<TerraformFolder>,
  ) {}

  async provideWorkspaceSymbols(query: string, token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
    const entries = this.perFolder.entries();
    const indexes = (await Promise.all(entries.map(async (e) => ({ services: e.services, index: await e.value.indexIfAny() })))).flatMap((e) => (e.index ? [{ services: e.services, index: e.index }] : []));
    if (token.isCancellationRequested) return [];
    const grouped = this.folders.grouped;
    return indexes
      .flatMap(({ services, index }) => terraformSymbols(index).map((s) => ({ s, services })))
      .filter(({ s }) => matchesSymbolQuery(s.name, query))
      .sort((a, b) => rankSymbol(a.s.name, query) - rankSymbol(b.s.name, query) || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0))
      .slice(0, MAX_RESULTS)
      .map(({ s, services }) => {
        const container = grouped ? `${services.name}/${s.file}` : s.file;
        return new vscode.SymbolInformation(s.name, KIND[s.kind], container, new vscode.Location(services.paths.toUri(s.file), toRange(s.range)));
      });
  }
}
