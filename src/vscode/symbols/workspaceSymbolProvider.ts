// Ctrl+T: every indexed Kubernetes object as `Kind/name` (e.g. `Deployment/web`).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { matchesSymbolQuery, rankSymbol, resourceSymbolName } from './symbolNames';

const MAX_RESULTS = 1000;

export class ResourceWorkspaceSymbolProvider implements vscode.WorkspaceSymbolProvider {
  constructor(private readonly services: Services) {}

  async provideWorkspaceSymbols(query: string, token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
    await this.services.indexing.whenReady();
    if (token.isCancellationRequested) return [];
    const matches = this.services.index
      .resources()
      .map((r) => ({ r, name: resourceSymbolName(r) }))
      .filter((m) => matchesSymbolQuery(m.name, query))
      .sort((a, b) => rankSymbol(a.name, query) - rankSymbol(b.name, query) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, MAX_RESULTS);
    return matches.map(({ r, name }) => {
      const uri = this.services.paths.toUri(r.file);
      const container = r.namespace ? `${r.namespace} · ${r.file}` : r.file;
      return new vscode.SymbolInformation(name, vscode.SymbolKind.Class, container, new vscode.Location(uri, new vscode.Position(r.line, 0)));
    });
  }
}

export function registerWorkspaceSymbols(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.languages.registerWorkspaceSymbolProvider(new ResourceWorkspaceSymbolProvider(services)));
}
