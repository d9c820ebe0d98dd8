// `reconcile.openAppDefinition`: opens where an app of the GitOps Resources tree is defined (the Flux
// Kustomization / Argo CD Application / HelmRelease document, or the kustomization file).
import * as vscode from 'vscode';
import type { ResourceTreeNode } from '../resources/resourceTreeModel';
import type { FolderRegistry } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
import { REVEAL_RESOURCE_COMMAND } from './revealResource';

export function registerOpenAppDefinitionCommand(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('reconcile.openAppDefinition', async (node?: ResourceTreeNode) => {
      if (!node || node.type !== 'app') return;
      const { file, documentIndex } = node.app;
      const folder = folderKeyOf(node);
      const services = folders.byKey(folder) ?? folders.first();
      const line = services?.index.getFile(file)?.documents.find((d) => d.index === documentIndex)?.startLine ?? 0;
      await vscode.commands.executeCommand(REVEAL_RESOURCE_COMMAND, { file, documentIndex, line, ...(folder ? { folder } : {}) });
    }),
  );
}
