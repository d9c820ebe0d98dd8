// Read-only documents (scheme `reconcile-history`) holding one side of a history diff. The text is put
// in when the diff opens and dropped when VS Code closes the document; nothing is written anywhere.
import * as vscode from 'vscode';

export const HISTORY_SCHEME = 'reconcile-history';

export class HistoryContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === HISTORY_SCHEME) this.texts.delete(d.uri.toString());
    });
  }

  /** A URI whose path names the object and side (shown in the tab), with the text behind it. */
  put(pathName: string, key: string, text: string): vscode.Uri {
    // The query keeps URIs of different history runs apart; the path keeps `.yaml` for highlighting.
    const uri = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${pathName}.yaml`, query: key });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This history version is no longer available: run Show Object History again.\n';
  }

  dispose(): void {
    this.closing.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
