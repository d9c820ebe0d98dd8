// Read-only documents (scheme `reconcile-plan`) for the Change Impact view: the two sides of an object's
// diff (rendered, normalized, Secret values replaced by the core) and plan bodies in markdown. The text
// is put in when the editor opens and dropped when VS Code closes the document; nothing is written.
import * as vscode from 'vscode';

export const PLAN_SCHEME = 'reconcile-plan';

export class ImpactDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === PLAN_SCHEME) this.texts.delete(d.uri.toString());
    });
  }

  /** `pathName` names the document in its tab and gives its language by extension (`.yaml`, `.md`). */
  put(pathName: string, text: string, key = ''): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${pathName}`, query: key });
    this.texts.set(uri.toString(), text);
    // An editor already showing this URI (the same object opened again after an edit) follows.
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# No longer available: open it again from the Change Impact view.\n';
  }

  dispose(): void {
    this.closing.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}

let shared: ImpactDocuments | undefined;

/** The one provider of the scheme, registered on first use (the view and Open Sync PR's "Show plan" share it). */
export function impactDocuments(context: vscode.ExtensionContext): ImpactDocuments {
  if (!shared) {
    const docs = new ImpactDocuments();
    shared = docs;
    context.subscriptions.push(docs, vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, docs), {
      dispose: () => {
        if (shared === docs) shared = undefined;
      },
    });
  }
  return shared;
}
