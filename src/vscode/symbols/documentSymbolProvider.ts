// Outline / breadcrumbs: one symbol per Kubernetes document, named `Kind/name`.
import * as vscode from 'vscode';
import type { IndexedDocument } from '../../core/index/model';
import { FolderRegistry, folderSchemes } from '../folderRegistry';
import type { Services } from '../services';
import { documentSymbolName } from './symbolNames';

export function symbolKindFor(doc: Pick<IndexedDocument, 'classification' | 'kind'>): vscode.SymbolKind {
  switch (doc.classification) {
    case 'kustomization':
    case 'kustomize-component':
      return vscode.SymbolKind.Package;
    case 'crd':
      return vscode.SymbolKind.Interface;
    case 'flux':
    case 'argocd':
      return vscode.SymbolKind.Module;
    default:
      return doc.kind === 'Namespace' ? vscode.SymbolKind.Namespace : vscode.SymbolKind.Class;
  }
}

/**
 * Top-level keys become children only for documents up to this size: exact key ranges need the `yaml` parser
 * (about 2 MB/s), and the outline must stay quick on huge generated files (CRD bundles).
 */
const MAX_CHILDREN_DOCUMENT_CHARS = 256 * 1024;

function childKind(value: unknown): vscode.SymbolKind {
  if (Array.isArray(value)) return vscode.SymbolKind.Array;
  if (value !== null && typeof value === 'object') return vscode.SymbolKind.Object;
  return vscode.SymbolKind.Property;
}

function childDetail(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value !== null && typeof value === 'object') return '';
  return String(value);
}

export class ManifestDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly services: Services) {}

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const rel = this.services.paths.toRelative(document.uri);
    if (!rel) return [];
    await this.services.sync.ensureFresh(document);
    const file = this.services.index.getFile(rel);
    if (!file) return [];
    const last = document.lineCount - 1;
    const symbols: vscode.DocumentSymbol[] = [];
    for (const doc of file.documents) {
      const name = documentSymbolName(doc);
      if (!name) continue;
      const startLine = Math.min(doc.startLine, last);
      const endLine = Math.min(Math.max(doc.endLine, startLine), last);
      const range = new vscode.Range(startLine, 0, endLine, document.lineAt(endLine).text.length);
      const selection = new vscode.Range(startLine, 0, startLine, document.lineAt(startLine).text.length);
      const detail = [doc.namespace, doc.apiVersion].filter(Boolean).join(' · ');
      const symbol = new vscode.DocumentSymbol(name, detail, symbolKindFor(doc), range, selection);
      if (doc.end - doc.start <= MAX_CHILDREN_DOCUMENT_CHARS) symbol.children = await this.topLevelKeys(rel, doc.index, doc.value, document, range);
      symbols.push(symbol);
    }
    return symbols;
  }

  private async topLevelKeys(rel: string, documentIndex: number, value: unknown, document: vscode.TextDocument, parent: vscode.Range): Promise<vscode.DocumentSymbol[]> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    const text = document.getText();
    const children: vscode.DocumentSymbol[] = [];
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const keyRange = await this.services.index.locate(rel, documentIndex, [key], 'key', text);
      if (!keyRange) continue;
      const valueRange = await this.services.index.locate(rel, documentIndex, [key], 'value', text);
      const start = document.positionAt(keyRange.start);
      const end = document.positionAt(Math.max(keyRange.end, valueRange?.end ?? keyRange.end));
      const range = parent.intersection(new vscode.Range(start, end));
      if (!range) continue;
      const selection = new vscode.Range(start, document.positionAt(keyRange.end));
      children.push(new vscode.DocumentSymbol(key, childDetail(child), childKind(child), range, range.contains(selection) ? selection : range));
    }
    return children;
  }
}

export function registerDocumentSymbols(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const selector: vscode.DocumentSelector = folderSchemes(folders).flatMap((scheme) => [
    { language: 'yaml', scheme },
    { language: 'json', scheme },
    { scheme, pattern: '**/Kustomization' },
  ]);
  const perFolder = folders.perFolder((services) => Object.assign(new ManifestDocumentSymbolProvider(services), { dispose: () => undefined }));
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(
      selector,
      { provideDocumentSymbols: (document) => perFolder.get(folders.forUri(document.uri))?.provideDocumentSymbols(document) ?? [] },
      { label: 'Reconcile' },
    ),
  );
}
