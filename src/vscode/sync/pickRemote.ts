// Which remote a sync branch goes to, for the editor's commands (Open Sync PR, Revert Sync): the one the
// arguments name, the one the base branch (else the current branch) tracks, the only one, or the user's pick
// among several. Unattended runs (other features' buttons, tests) do not ask: `origin` if present.
import * as vscode from 'vscode';
import { chooseRemote, remoteWithoutAsking } from '../../core/sync/git/remoteChoice';

/** The remote to push to; undefined lets the core report "no remote"; null when the user dismissed the pick. */
export async function pickRemote(root: string, named: string | undefined, base: string | undefined, unattended: boolean, title: string): Promise<string | undefined | null> {
  if (named) return named;
  const choice = await chooseRemote(root, process.env, base);
  if (choice.kind !== 'ambiguous' || unattended) return remoteWithoutAsking(choice);
  const picked = await vscode.window.showQuickPick(choice.remotes, {
    title,
    placeHolder: 'This branch tracks no remote branch, and the repository has several remotes',
  });
  return picked ?? null;
}
