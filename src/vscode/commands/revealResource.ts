// `reconcile.revealResource`: opens the file of a tree/quick-pick resource with the cursor on its first line.
import * as vscode from 'vscode';
import type { ResourceEntry } from '../../core/index/model';
import type { FolderRegistry } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';

export const REVEAL_RESOURCE_COMMAND = 'reconcile.revealResource';

/** `folder`: the workspace folder's key, as tree items carry it; without it, the folder whose index has the file. */
export function registerRevealResourceCommand(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(REVEAL_RESOURCE_COMMAND, async (resource?: Pick<ResourceEntry, 'file' | 'documentIndex' | 'line'> & { folder?: string }) => {
      if (!resource || typeof resource.file !== 'string') {
        void vscode.window.showInformationMessage('Reconcile: pick a resource in the GitOps Resources view to reveal it.');
        return;
      }
      const holding = folders.all().filter((f) => f.index.getFile(resource.file)).map((f) => f.key);
      const services = await folders.choose({ folder: folderKeyOf(resource), holding }, `Reveal ${resource.file}`);
      if (!services) return;
      const uri = services.paths.toUri(resource.file);
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        // `line` is the object's own first line (an item of a List starts inside its document).
        const line = Math.min(Math.max(resource.line, 0), document.lineCount - 1);
        const doc = services.index.getFile(resource.file)?.documents.find((d) => d.index === resource.documentIndex);
        const endLine = Math.min(Math.max(doc?.endLine ?? line, line), document.lineCount - 1);
        const editor = await vscode.window.showTextDocument(document, { preview: true });
        const cursor = new vscode.Position(line, 0);
        editor.selection = new vscode.Selection(cursor, cursor);
        editor.revealRange(new vscode.Range(line, 0, endLine, 0), vscode.TextEditorRevealType.AtTop);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        services.logger.error(`reveal ${resource.file}: ${message}`);
        void vscode.window.showErrorMessage(`Reconcile: cannot open ${resource.file}: ${message}`);
      }
    }),
  );
}
