// Chart templates are Go templates that happen to produce YAML: opened as plain YAML they drown in
// false syntax errors from every YAML tool. The index knows which files are templates of a chart (a
// `templates/` folder next to a Chart.yaml), so their editors switch to the `helm-template` language:
// by the chart's layout, not by a file-name pattern that would also catch unrelated `templates/` folders.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import type { Services } from '../services';

export const HELM_TEMPLATE_LANGUAGE = 'helm-template';

export function registerHelmTemplateLanguage(_context: vscode.ExtensionContext, folders: FolderRegistry): void {
  folders.eachFolder((services) => followChartTemplates(services));
}

function followChartTemplates(services: Services): vscode.Disposable[] {
  const apply = (doc: vscode.TextDocument): void => {
    if (doc.languageId === HELM_TEMPLATE_LANGUAGE || (doc.languageId !== 'yaml' && doc.languageId !== 'plaintext')) return;
    const rel = services.paths.toRelative(doc.uri);
    if (rel === undefined || services.index.getFile(rel)?.role !== 'helm-template') return;
    vscode.languages.setTextDocumentLanguage(doc, HELM_TEMPLATE_LANGUAGE).then(undefined, (err: unknown) => {
      services.logger.warn(`could not switch ${rel} to ${HELM_TEMPLATE_LANGUAGE}: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  const applyAll = (): void => vscode.workspace.textDocuments.forEach(apply);
  const unsubscribe = services.index.onDidChange(() => applyAll());
  void services.indexing.whenReady().then(applyAll);
  return [vscode.workspace.onDidOpenTextDocument(apply), { dispose: unsubscribe }];
}
