// "Reconcile: Select Cluster Context": a quick pick of the kubeconfig's contexts (plus picking another
// kubeconfig file). The choice is stored in the workspace settings, which reconnects.
import * as vscode from 'vscode';
import { ClusterConnection, SELECT_CONTEXT_COMMAND } from './clusterConnection';

type Pick = vscode.QuickPickItem & { context?: string; action?: 'file' | 'default' };

function target(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function chooseKubeconfig(): Promise<boolean> {
  const files = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Use as kubeconfig', title: 'Reconcile: kubeconfig file(s)' });
  if (!files?.length) return false;
  const paths = files.map((f) => f.fsPath);
  const config = vscode.workspace.getConfiguration('reconcile');
  await config.update('kubeconfig', paths.length === 1 ? paths[0] : paths, target());
  await config.update('context', undefined, target());
  return true;
}

/** Argument (tests, other features): a context name to switch to without the picker. */
export function registerSelectContextCommand(connection: ClusterConnection): vscode.Disposable {
  return vscode.commands.registerCommand(SELECT_CONTEXT_COMMAND, async (name?: unknown): Promise<string | undefined> => {
    const config = vscode.workspace.getConfiguration('reconcile');
    if (typeof name === 'string' && name) {
      await config.update('context', name, target());
      await connection.reconnect();
      return name;
    }
    const listed = await connection.contexts();
    const items: Pick[] = [];
    if (listed.ok) {
      for (const c of listed.contexts) {
        items.push({
          label: `${c.name === listed.current ? '$(check) ' : ''}${c.name}`,
          description: `${c.cluster}${c.namespace ? ` · ${c.namespace}` : ''}`,
          detail: `user ${c.user}`,
          context: c.name,
        });
      }
      if (config.get<string>('context')) items.push({ label: '$(discard) Use the kubeconfig\'s current-context', action: 'default' });
    }
    items.push({ label: '$(folder-opened) Choose kubeconfig file…', action: 'file' });
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Reconcile: Select Cluster Context',
      placeHolder: listed.ok ? `Contexts in ${listed.files.join(', ')}` : listed.message,
    });
    if (!picked) return undefined;
    if (picked.action === 'file') {
      await chooseKubeconfig();
      return undefined;
    }
    await config.update('context', picked.action === 'default' ? undefined : picked.context, target());
    return picked.context;
  });
}
