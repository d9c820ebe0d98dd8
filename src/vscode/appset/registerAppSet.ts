// ApplicationSets in the editor: a hover on `kind: ApplicationSet` or its generators lists the Applications
// it generates, and "Reconcile: Show Generated Applications" opens them as read-only YAML (a virtual
// document that follows index changes).
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import type { Services } from '../services';
import { guarded } from '../guarded';
import { appSetAtLine, generatedYaml, hoverMarkdown, isHoverLine } from './generatedApplications';

export const SHOW_GENERATED_APPLICATIONS_COMMAND = 'reconcile.showGeneratedApplications';
export const APPSET_SCHEME = 'reconcile-appset';

/**
 * Virtual documents `reconcile-appset://<folder tag>/<file>.generated.yaml?<documentIndex>`; the tag (the URI's
 * authority) names the workspace folder: empty for the first folder, `f1`, `f2`... for folders after it.
 */
class GeneratedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();
  private readonly tags = new Map<string, Services>();

  constructor(folders: FolderRegistry) {
    folders.eachFolder((services) => {
      this.tags.set(this.tags.size === 0 ? '' : `f${this.tags.size}`, services);
      const unsubscribe = services.index.onDidChange(() => {
        for (const u of this.open) this.changed.fire(vscode.Uri.parse(u));
      });
      return { dispose: unsubscribe };
    });
  }

  uriFor(services: Services, file: string, documentIndex: number): vscode.Uri {
    const tag = [...this.tags].find(([, s]) => s === services)?.[0] ?? '';
    const uri = vscode.Uri.from({ scheme: APPSET_SCHEME, authority: tag, path: `/${file}.generated.yaml`, query: String(documentIndex) });
    this.open.add(uri.toString());
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const file = uri.path.replace(/^\//, '').replace(/\.generated\.yaml$/, '');
    const documentIndex = Number(uri.query) || 0;
    const index = this.tags.get(uri.authority)?.index;
    const result = index?.applicationSet(file, documentIndex);
    if (!index || !result) return `# ${file} has no ApplicationSet at document ${documentIndex + 1} (any more).\n`;
    const name = index.getFile(file)?.documents.find((d) => d.index === documentIndex)?.name ?? '';
    return generatedYaml(name, file, result);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function showGenerated(services: Services, documents: GeneratedDocuments, arg: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = arg instanceof vscode.Uri ? arg : editor?.document.uri;
  const file = uri ? services.paths.toRelative(uri) : undefined;
  if (!file) {
    void vscode.window.showInformationMessage('Open an ApplicationSet file of the workspace first.');
    return undefined;
  }
  if (editor && editor.document.uri.toString() === uri?.toString()) await services.sync.ensureFresh(editor.document, true);
  const line = editor && editor.document.uri.toString() === uri?.toString() ? editor.selection.active.line : 0;
  const docs = services.index.getFile(file)?.documents.filter((d) => d.kind === 'ApplicationSet') ?? [];
  const doc = docs.find((d) => line >= d.startLine && line <= d.endLine) ?? docs[0];
  if (!doc) {
    void vscode.window.showInformationMessage(`${file} defines no ApplicationSet.`);
    return undefined;
  }
  const target = documents.uriFor(services, file, doc.index);
  const shown = await vscode.workspace.openTextDocument(target);
  await vscode.languages.setTextDocumentLanguage(shown, 'yaml');
  await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return target.toString();
}

export function registerAppSet(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const documents = new GeneratedDocuments(folders);
  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(APPSET_SCHEME, documents),
    // The folder of the file given or the active editor (an ApplicationSet file is always in one).
    vscode.commands.registerCommand(SHOW_GENERATED_APPLICATIONS_COMMAND, (arg?: unknown) => {
      const services = folders.forUri(arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri) ?? folders.first();
      return services ? guarded(services, 'Show Generated Applications', () => showGenerated(services, documents, arg)) : undefined;
    }),
    vscode.languages.registerHoverProvider({ language: 'yaml', scheme: 'file' }, {
      async provideHover(document, position) {
        const services = folders.forUri(document.uri);
        const file = services?.paths.toRelative(document.uri);
        if (!services || !file) return undefined;
        if (!file) return undefined;
        await services.sync.ensureFresh(document, true);
        const at = appSetAtLine(services.index, file, position.line);
        if (!at || !(await isHoverLine(services.index, at, position.line, document.lineAt(position.line).text))) return undefined;
        const md = new vscode.MarkdownString(hoverMarkdown(at.doc.name ?? '', at.result));
        return new vscode.Hover(md, document.lineAt(position.line).range);
      },
    }),
  );
}
