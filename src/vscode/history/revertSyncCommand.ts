// `reconcile.revertSync`: roll one commit back as a pull request. From a history entry, the palette
// (a pick of recent commits of the current branch) or an argument `{ commit, title, ... }` for an
// unattended run. The core does the work in a temporary worktree (git revert, or restoring the files
// when it conflicts), pushes and opens the PR with the same forge and token resolution as Open Sync PR.
import * as vscode from 'vscode';
import { parsePullRequestRef } from '../../core/history/pullRequestRef';
import { publishRevert, revertSync, RevertOutcome } from '../../core/history/revert';
import { parseForgeOverrides } from '../../core/sync/forge/overrides';
import { createGitRunner } from '../../core/sync/git/gitRunner';
import type { Services } from '../services';
import { VERSION } from '../../version';
import { resolveForgeToken } from '../sync/forgeToken';
import { RevertSyncArgs } from './historyArgs';
import { pickRemote } from '../sync/pickRemote';
import { HistoryContentProvider } from './historyContentProvider';
import { relativeDate, shortHash } from './historyFormat';

const RECENT_COMMITS = 50;

async function pickCommit(root: string): Promise<{ commit: string; subject: string } | undefined> {
  const git = createGitRunner(root, process.env);
  const log = await git.run(['log', '--first-parent', `-n${RECENT_COMMITS}`, '--format=%H%x00%s%x00%an%x00%aI%x00%B%x1e', 'HEAD']);
  if (!log.ok) {
    void vscode.window.showErrorMessage(`Revert Sync: cannot read the commits of this branch: ${log.stderr.trim()}`);
    return undefined;
  }
  const commits = log.stdout
    .split('\x1e')
    .map((rec) => rec.replace(/^\n/, '').split('\0'))
    .filter((f) => f.length >= 5 && f[0])
    .map(([commit, subject, author, date, body]) => ({ commit, subject, author, date, pr: parsePullRequestRef(body) }));
  const items = commits.map((c) => ({
    label: `${shortHash(c.commit)} ${c.subject}`,
    description: `${c.author}, ${relativeDate(c.date)}${c.pr ? ` · ${c.pr.kind === 'pull' ? '#' : '!'}${c.pr.number}` : ''}`,
    commit: c.commit,
    subject: c.subject,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Revert Sync: commit to roll back', placeHolder: 'Merged sync PRs show their number', matchOnDescription: true });
  return picked && { commit: picked.commit, subject: picked.subject };
}

function failed(services: Services, message: string, code: string): undefined {
  services.logger.error(`Revert Sync failed (${code}): ${message}`);
  void vscode.window.showErrorMessage(`Revert Sync: ${message}`);
  return undefined;
}

async function subjectOf(root: string, commit: string): Promise<string | undefined> {
  const r = await createGitRunner(root, process.env).run(['log', '-1', '--format=%s', commit]);
  return r.ok ? r.stdout.trim() : undefined;
}

const MAX_PREVIEW_FILES = 5;

/** A restore undoes later edits too: each changed file, base ↔ restored, in read-only diff editors. */
async function showRestore(root: string, v: RevertOutcome, documents: HistoryContentProvider): Promise<void> {
  const git = createGitRunner(root, process.env);
  const at = async (rev: string, file: string) => {
    const r = await git.run(['show', `${rev}:${file}`]);
    return r.ok ? r.stdout : `# ${file} does not exist here\n`;
  };
  for (const file of v.files.slice(0, MAX_PREVIEW_FILES)) {
    const base = documents.put(`${file} @ ${v.base}`, `${v.commit}-base`, await at(v.baseCommit, file));
    const restored = documents.put(`${file} @ ${v.branch}`, `${v.commit}-restore`, await at(v.commit, file));
    await vscode.commands.executeCommand('vscode.diff', base, restored, `${file} (${v.base} ↔ restore of ${shortHash(v.reverted)})`, { preview: false });
  }
}

/** Resolves with the outcome once the branch is pushed (and the PR opened), else undefined. */
export async function revertSyncCommand(context: vscode.ExtensionContext, services: Services, documents: HistoryContentProvider, args: RevertSyncArgs): Promise<RevertOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Revert Sync runs git, which Restricted Mode does not allow. Trust this workspace to use it.');
    return undefined;
  }
  if (services.workspaceRoot.scheme !== 'file') {
    void vscode.window.showWarningMessage('Revert Sync needs a local folder with a git repository.');
    return undefined;
  }
  const root = services.workspaceRoot.fsPath;
  const unattended = !!(args.commit && args.title);
  let commit = args.commit;
  let subject: string | undefined;
  if (!commit) {
    const picked = await pickCommit(root);
    if (!picked) return undefined;
    ({ commit, subject } = picked);
  }
  subject ??= await subjectOf(root, commit);
  if (subject === undefined) {
    void vscode.window.showErrorMessage(`Revert Sync: '${commit}' is not a commit in this repository.`);
    return undefined;
  }
  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: `Revert Sync: pull request title (rolls back ${shortHash(commit)})`,
      value: `Revert "${subject}"`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A title is required'),
    }));
  if (!title) return undefined;
  const config = vscode.workspace.getConfiguration('reconcile', services.workspaceRoot);
  const { overrides, problems } = parseForgeOverrides(config.get<unknown>('sync.forges'));
  for (const p of problems) services.logger.warn(p);
  const base = args.base ?? (config.get<string>('sync.defaultBase', '').trim() || undefined);
  const remote = await pickRemote(root, args.remote, base, unattended, 'Revert Sync: remote to push the revert branch to');
  if (remote === null) return undefined;
  if (!unattended) {
    const go = await vscode.window.showInformationMessage(
      `Roll back ${shortHash(commit)} ("${subject}")? A new branch with the revert is pushed${remote ? ` to '${remote}'` : ''} and a pull request opened; your branch and working tree are not touched.`,
      { modal: true },
      'Revert Sync',
    );
    if (go !== 'Revert Sync') return undefined;
  }

  const token = (target: Parameters<typeof resolveForgeToken>[0]) => resolveForgeToken(target, context.secrets);
  const draft = args.draft ?? false;
  // Two steps: the branch is made locally first (nothing leaves the machine), so a restore can be shown
  // and confirmed before it is pushed and proposed.
  const made = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Revert Sync', cancellable: true }, (progress, cancellation) =>
    revertSync({
      repoDir: root,
      commit: commit!,
      title: title.trim(),
      base,
      remote,
      draft,
      forge: { overrides },
      token,
      push: false,
      toolVersion: VERSION,
      cancellation,
      progress: (_done, total, message) => progress.report({ message, increment: total ? 100 / total : undefined }),
    }),
  );
  if (!made.ok) return failed(services, made.error.message, made.error.code);
  if (made.value.mode === 'restore' && !unattended) {
    const v = made.value;
    await showRestore(root, v, documents);
    const go = await vscode.window.showWarningMessage(
      `${shortHash(v.reverted)} no longer reverts cleanly (conflicts in ${v.conflicts.join(', ')}). The branch ${v.branch} restores the files it changed as they were before it, which also undoes later changes to them (see the diff). Push it and open the pull request?`,
      { modal: true },
      'Push and Open PR',
    );
    if (go !== 'Push and Open PR') {
      await createGitRunner(root, process.env).run(['update-ref', '-d', `refs/heads/${v.branch}`, v.commit]);
      void vscode.window.showInformationMessage('Revert Sync: nothing was pushed; the local branch was removed.');
      return undefined;
    }
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Revert Sync', cancellable: true }, (progress, cancellation) =>
    publishRevert({
      repoDir: root,
      outcome: made.value,
      token,
      draft,
      cancellation,
      progress: (_done, total, message) => progress.report({ message, increment: total ? 100 / total : undefined }),
    }),
  );
  if (!result.ok) return failed(services, result.error.message, result.error.code);
  const v = result.value;
  const how = v.mode === 'revert' ? 'Reverted' : `Restored (it no longer reverts cleanly; conflicts in ${v.conflicts.join(', ')}; review later changes to those files)`;
  const pr = v.pullRequest;
  services.logger.info(`Revert Sync: ${v.mode} of ${v.reverted} on ${v.branch}${pr ? `, ${pr.created ? 'opened' : 'updated'} #${pr.number} ${pr.url}` : ''}`);
  const text = pr
    ? `${how} ${shortHash(v.reverted)} on ${v.branch}: pull request #${pr.number} ${pr.url}`
    : `${how} ${shortHash(v.reverted)} on ${v.branch} (pushed; no pull request opened).`;
  const buttons = pr ? ['Open PR', 'Copy URL'] : [];
  const shown = v.mode === 'revert' ? vscode.window.showInformationMessage(text, ...buttons) : vscode.window.showWarningMessage(text, ...buttons);
  void shown.then(async (choice) => {
    if (!pr) return;
    if (choice === 'Open PR') await vscode.env.openExternal(vscode.Uri.parse(pr.url));
    else if (choice === 'Copy URL') await vscode.env.clipboard.writeText(pr.url);
  });
  return v;
}
