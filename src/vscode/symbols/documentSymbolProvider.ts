// Outline / breadcrumbs: one symbol per Kubernetes document, named `Kind/name`.
import * as vscode from 'vscode';
import type { IndexedDocument } from '../../core/index/model';
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
      symbols.push(new vscode.DocumentSymbol(name, detail, symbolKindFor(doc), range, selection));
    }
    return symbols;
  }
}

export function registerDocumentSymbols(context: vscode.ExtensionContext, services: Services): void {
  const selector: vscode.DocumentSelector = [
    { language: 'yaml', scheme: services.workspaceRoot.scheme },
    { language: 'json', scheme: services.workspaceRoot.scheme },
    { scheme: services.workspaceRoot.scheme, pattern: '**/Kustomization' },
  ];
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(selector, new ManifestDocumentSymbolProvider(services), { label: 'Reconcile' }),
  );
}
