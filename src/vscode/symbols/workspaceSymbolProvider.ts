// Ctrl+T: every indexed Kubernetes object as `Kind/name` (e.g. `Deployment/web`).
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import { matchesSymbolQuery, rankSymbol, resourceSymbolName } from './symbolNames';

const MAX_RESULTS = 1000;

/** Every folder's objects; with several folders the container names the folder too. */
export class ResourceWorkspaceSymbolProvider implements vscode.WorkspaceSymbolProvider {
  constructor(private readonly folders: FolderRegistry) {}

  async provideWorkspaceSymbols(query: string, token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
    const all = this.folders.all();
    await Promise.all(all.map((f) => f.indexing.whenReady()));
    if (token.isCancellationRequested) return [];
    const matches = all
      .flatMap((services) => services.index.resources().map((r) => ({ r, services, name: resourceSymbolName(r) })))
      .filter((m) => matchesSymbolQuery(m.name, query))
      .sort((a, b) => rankSymbol(a.name, query) - rankSymbol(b.name, query) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, MAX_RESULTS);
    const grouped = this.folders.grouped;
    return matches.map(({ r, services, name }) => {
      const uri = services.paths.toUri(r.file);
      const file = grouped ? `${services.name}/${r.file}` : r.file;
      const container = r.namespace ? `${r.namespace} · ${file}` : file;
      return new vscode.SymbolInformation(name, vscode.SymbolKind.Class, container, new vscode.Location(uri, new vscode.Position(r.line, 0)));
    });
  }
}

export function registerWorkspaceSymbols(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(vscode.languages.registerWorkspaceSymbolProvider(new ResourceWorkspaceSymbolProvider(folders)));
}
