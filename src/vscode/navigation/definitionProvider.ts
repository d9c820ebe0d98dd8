// Go to definition on references the index recorded: kustomization `resources`/`components`/`patches` paths,
// Flux `sourceRef`/`path`/`dependsOn`, ConfigMap/Secret/ServiceAccount/PVC names.
import * as vscode from 'vscode';
import { FolderRegistry, folderSchemes } from '../folderRegistry';
import type { Services } from '../services';
import { definitionTargets, rangeContains } from './definitionTargets';

export class ReferenceDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly services: Services) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.LocationLink[]> {
    const { index, paths, sync } = this.services;
    const rel = paths.toRelative(document.uri);
    if (!rel) return [];
    await sync.ensureFresh(document, true);
    const offset = document.offsetAt(position);
    const doc = index.getFile(rel)?.documents.find((d) => offset >= d.start && offset <= d.end);
    if (!doc) return [];
    const text = document.getText();
    const links: vscode.LocationLink[] = [];
    for (const ref of index.referencesFrom(rel)) {
      if (token.isCancellationRequested) return [];
      if (ref.source.documentIndex !== doc.index) continue;
      const at = await index.locate(rel, doc.index, ref.source.path, 'value', text);
      if (!at || !rangeContains(at, offset)) continue;
      const origin = new vscode.Range(document.positionAt(at.start), document.positionAt(at.end));
      for (const target of definitionTargets(index, ref)) {
        let range = new vscode.Range(target.line, 0, target.line, 0);
        if (target.documentIndex !== undefined) {
          const whole = await index.locate(target.file, target.documentIndex, []);
          if (whole) range = new vscode.Range(whole.startPos.line, whole.startPos.character, whole.endPos.line, whole.endPos.character);
        }
        links.push({
          originSelectionRange: origin,
          targetUri: paths.toUri(target.file),
          targetRange: range,
          targetSelectionRange: new vscode.Range(range.start, range.start),
        });
      }
    }
    return links;
  }
}

/** References resolve inside the document's own folder: each folder's index knows only its repository. */
export function registerDefinitions(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const selector = folderSchemes(folders).flatMap((scheme) => [{ language: 'yaml', scheme }, { language: 'json', scheme }, { scheme, pattern: '**/Kustomization' }]);
  const perFolder = folders.perFolder((services) => Object.assign(new ReferenceDefinitionProvider(services), { dispose: () => undefined }));
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition: (document, position, token) => perFolder.get(folders.forUri(document.uri))?.provideDefinition(document, position, token) ?? [],
    }),
  );
}
