// Wires the GitOps Resources view to the folders' indexes: one tree per folder, grouped by folder when the
// workspace has several (folderTree.ts). A folder's Terraform index (when it has Terraform files) adds its group.
import * as vscode from 'vscode';
import { FolderRegistry, mapPerFolder } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
import { FolderGroupedTreeProvider } from '../folderTree';
import { terraformFolders } from '../terraform/terraformFolders';
import { OPEN_TERRAFORM_BLOCK_COMMAND, ResourceTreeProvider } from './resourceTreeProvider';

export function registerResourceTree(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const terraform = terraformFolders(folders);
  const perFolder = folders.perFolder((services) => {
    const provider = new ResourceTreeProvider(services.index, () => terraform.get(services)?.current());
    const unsubscribe = services.index.onDidChange(() => provider.invalidate());
    const scanned = services.indexing.onDidScan(() => provider.invalidate());
    const tf = terraform.get(services)?.onDidChange(() => provider.invalidateTerraform());
    return { provider, dispose: () => (unsubscribe(), scanned.dispose(), tf?.dispose(), provider.dispose()) };
  });
  const provider = new FolderGroupedTreeProvider(folders, mapPerFolder(perFolder, (f) => f.provider), {
    describe: (services) => {
      const n = services.index.summary().resources;
      return `${n} resource${n === 1 ? '' : 's'}`;
    },
  });
  const view = vscode.window.createTreeView('reconcile.resources', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand(OPEN_TERRAFORM_BLOCK_COMMAND, async (block?: { file?: unknown; line?: unknown; character?: unknown; folder?: string }) => {
      if (!block || typeof block.file !== 'string') return undefined;
      const file = block.file;
      const holding = folders.all().filter((f) => terraform.get(f)?.current()?.files.has(file)).map((f) => f.key);
      const services = await folders.choose({ folder: folderKeyOf(block), holding }, `Open ${file}`);
      if (!services) return undefined;
      const line = typeof block.line === 'number' ? Math.max(0, block.line) : 0;
      const character = typeof block.character === 'number' ? Math.max(0, block.character) : 0;
      const editor = await vscode.window.showTextDocument(services.paths.toUri(file), { preview: true, selection: new vscode.Range(line, character, line, character) });
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return { file: editor.document.uri.toString(), line: editor.selection.active.line };
    }),
    // Internal (tests): the view's top two levels as labels, as a user sees them. With `path` (labels from the top),
    // the node there and its children instead, each child with the command its item runs on click.
    vscode.commands.registerCommand('reconcile.resources.peek', async (path?: string[]) => {
      const describe = async (node: Parameters<typeof provider.getTreeItem>[0]) => {
        const item = await provider.getTreeItem(node);
        return {
          label: typeof item.label === 'string' ? item.label : item.label?.label ?? '',
          description: typeof item.description === 'string' ? item.description : '',
          ...(item.command ? { command: { command: item.command.command, arguments: item.command.arguments ?? [] } } : {}),
        };
      };
      const top = await provider.getChildren();
      if (!Array.isArray(path) || path.length === 0) {
        return Promise.all(top.map(async (n) => ({ ...(await describe(n)), children: await Promise.all((await provider.getChildren(n)).map(describe)) })));
      }
      let level = top;
      let node: (typeof top)[number] | undefined;
      for (const label of path) {
        node = undefined;
        for (const n of level) if ((await describe(n)).label === label) node = n;
        if (!node) return undefined;
        level = await provider.getChildren(node);
      }
      return node ? [{ ...(await describe(node)), children: await Promise.all(level.map(describe)) }] : undefined;
    }),
  );
}
