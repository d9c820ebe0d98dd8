// "Reconcile: Choose Plan Base": what the Change Impact view compares the working tree with (HEAD, a
// local or remote branch, a tag, or any revision typed in), stored in `reconcile.plan.base`.
import * as vscode from 'vscode';
import { runGit } from '../../core/history/candidateCommits';
import { isPlausibleRevision } from './planSettings';

const TYPE_IN = 'Another revision…';

/** `arg`: a revision to use without asking (tests, other features). Returns the base now set. */
export async function chooseBase(top: string | undefined, current: string, arg?: unknown): Promise<string | undefined> {
  let chosen = typeof arg === 'string' ? arg.trim() : undefined;
  if (chosen === undefined) {
    const refs = top ? await runGit(top, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads', 'refs/remotes', 'refs/tags']) : undefined;
    const names = (refs?.ok ? refs.stdout.split('\n') : []).filter((r) => r && !r.endsWith('/HEAD')).slice(0, 200);
    const all: vscode.QuickPickItem[] = [{ label: 'HEAD', description: 'the last commit of the current branch (default)' }, ...names.map((n) => ({ label: n })), { label: TYPE_IN, alwaysShow: true }];
    const items = all.map((i) => (i.label === current ? { ...i, picked: true, description: `${i.description ?? ''} (current)`.trim() } : i));
    const pick = await vscode.window.showQuickPick(items, { title: 'Change Impact: compare the working tree with…', placeHolder: `Current base: ${current}` });
    if (!pick) return undefined;
    chosen =
      pick.label === TYPE_IN
        ? (await vscode.window.showInputBox({ title: 'Change Impact: base revision', prompt: 'A branch, tag, commit id or expression such as HEAD~3', value: current, validateInput: (v) => (isPlausibleRevision(v.trim()) ? undefined : 'Not a revision name') }))?.trim()
        : pick.label;
    if (!chosen) return undefined;
  }
  if (!isPlausibleRevision(chosen)) {
    void vscode.window.showErrorMessage(`"${chosen}" is not a branch, tag or commit name.`);
    return undefined;
  }
  if (top) {
    const ok = await runGit(top, ['rev-parse', '--verify', '--quiet', `${chosen}^{commit}`]);
    if (!ok.ok) {
      void vscode.window.showErrorMessage(`"${chosen}" is not a commit in this repository.`);
      return undefined;
    }
  }
  // HEAD is the default: clear the setting rather than pin it.
  await vscode.workspace.getConfiguration('reconcile.plan').update('base', chosen === 'HEAD' ? undefined : chosen, vscode.ConfigurationTarget.Workspace);
  return chosen;
}
