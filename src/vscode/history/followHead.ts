// Wires HeadFollower to VS Code: file watchers on the repository's HEAD and branch refs (in the git
// dirs git itself reports, so linked worktrees work), refreshing the Object History view. Runs git,
// so it waits for workspace trust like the rest of the history features.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { gitDirsOf, headReader, HeadFollower } from './headFollower';
import { HistoryController } from './historyController';

export function followHead(services: Services, controller: HistoryController): vscode.Disposable {
  const owned: vscode.Disposable[] = [];
  let disposed = false;
  const start = async (): Promise<void> => {
    if (services.workspaceRoot.scheme !== 'file') return;
    const root = services.workspaceRoot.fsPath;
    const dirs = await gitDirsOf(root);
    if (!dirs || disposed) return;
    const watchers = [
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirs.gitDir), 'HEAD')),
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirs.commonDir), '{packed-refs,refs/heads/**}')),
    ];
    const follower = new HeadFollower({
      events: watchers.flatMap((w) => [w.onDidChange, w.onDidCreate, w.onDidDelete]),
      readHead: headReader(root),
      // A result, or one being computed from the old HEAD; an error (a cancelled run, no app chosen) waits for the user.
      isShowing: () => controller.state.status === 'done' || controller.state.status === 'loading',
      refresh: () => {
        services.logger.info('Object history: HEAD moved, refreshing');
        return controller.refresh();
      },
    });
    owned.push(...watchers, follower);
  };
  if (vscode.workspace.isTrusted) void start();
  else owned.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void start()));
  return {
    dispose() {
      disposed = true;
      for (const d of owned) d.dispose();
    },
  };
}
