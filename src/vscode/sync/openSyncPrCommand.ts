// `reconcile.openSyncPr`: pick changed manifest files, title, base and draft, then branch, commit,
// push and open the pull request through the core. The user's branch and working tree stay as
// they are; syncPrOutcome.ts runs it and shows the result.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseForgeOverrides } from '../../core/sync/forge/overrides';
import { changedManifestFiles } from '../../core/sync/git/changedFiles';
import { SyncPrResult } from '../../core/sync/openSyncPr';
import { ValidationSummary } from '../../core/sync/prBody';
import { validateChosenFiles } from '../../core/sync/validateChosenFiles';
import type { Services } from '../services';
import { VERSION } from '../../version';
import { pickPrState } from '../plan/showPlanBody';
import { resolveForgeToken } from './forgeToken';
import { OpenSyncPrArgs } from './openSyncPrArgs';
import { pickRemote } from './pickRemote';
import { reportOutcome, runSync, SyncRun } from './syncPrOutcome';

function defaultTitle(files: string[]): string {
  if (files.length === 1) return `Update ${path.posix.basename(files[0])}`;
  const dirs = [...new Set(files.map((f) => path.posix.dirname(f)))];
  return dirs.length === 1 ? `Update ${files.length} manifests in ${dirs[0]}` : `Update ${files.length} manifests`;
}

/** Resolves with the PR once it is open (the notification's buttons do not hold it up), else undefined. */
export async function openSyncPr(context: vscode.ExtensionContext, services: Services, args: OpenSyncPrArgs = {}): Promise<SyncPrResult | undefined> {
  const preselected = args.files;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Open Sync PR runs git, which Restricted Mode does not allow. Trust this workspace to use it.');
    return;
  }
  if (services.workspaceRoot.scheme !== 'file') {
    void vscode.window.showWarningMessage('Open Sync PR needs a local folder with a git repository.');
    return;
  }
  const root = services.workspaceRoot.fsPath;
  const changed = await changedManifestFiles(root);
  if (!changed.ok) {
    void vscode.window.showErrorMessage(changed.error.message);
    return;
  }
  const candidates = [...new Set([...(preselected ?? []), ...changed.value.files])];
  if (!candidates.length) {
    void vscode.window.showInformationMessage('No changed manifest files to propose: the working tree matches HEAD.');
    return;
  }
  const unattended = !!(args.title && preselected?.length);
  let files: string[];
  if (unattended) files = preselected!;
  else {
    const picked = await vscode.window.showQuickPick(
      candidates.map((f) => ({ label: f, picked: !preselected || preselected.includes(f) })),
      { canPickMany: true, title: 'Open Sync PR: files to propose (only these are committed)', ignoreFocusOut: true },
    );
    if (!picked?.length) return;
    files = picked.map((p) => p.label);
  }
  const config = vscode.workspace.getConfiguration('reconcile', services.workspaceRoot);
  const title =
    args.title ??
    (await vscode.window.showInputBox({ title: 'Open Sync PR: title', value: defaultTitle(files), ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'A title is required') }));
  if (!title) return;
  const base =
    args.base ??
    (unattended
      ? config.get<string>('sync.defaultBase', '')
      : await vscode.window.showInputBox({
          title: 'Open Sync PR: base branch',
          prompt: 'Branch on the remote the pull request targets; empty = your current branch.',
          value: config.get<string>('sync.defaultBase', ''),
          ignoreFocusOut: true,
        }));
  if (base === undefined) return;
  const remote = await pickRemote(root, args.remote, base.trim() || undefined, unattended, 'Open Sync PR: remote to push the sync branch to');
  if (remote === null) return;
  const schemaDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath;
  // "Show plan…" beside ready/draft opens the body the PR will carry before anything is committed.
  const draft = args.draft ?? (unattended ? false : await pickPrState(context, { top: changed.value.topLevel, files, title, toolVersion: VERSION, schemaDir }));
  if (draft === undefined) return;
  // Validation errors in the chosen files block the PR unless the user overrides them explicitly.
  const checked = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Open Sync PR: validating' }, () =>
    validateChosenFiles({ root: changed.value.topLevel, files, schemaDir }),
  );
  let validation: ValidationSummary | undefined;
  if (!checked.ran) services.logger.warn(`Open Sync PR: validation skipped: ${checked.reason}`);
  else {
    validation = checked.summary;
    if (checked.summary.errors > 0) {
      for (const d of checked.summary.details ?? []) services.logger.warn(`Open Sync PR: ${d}`);
      const choice = await vscode.window.showWarningMessage(
        `Validation found ${checked.summary.errors} error(s) in the chosen files (see the Reconcile log). Open the pull request anyway? The PR body will say so.`,
        { modal: true },
        'Open Anyway',
      );
      if (choice !== 'Open Anyway') return;
      validation = { ...checked.summary, overridden: true };
    }
  }
  const { overrides, problems } = parseForgeOverrides(config.get<unknown>('sync.forges'));
  for (const p of problems) services.logger.warn(p);

  const request: SyncRun = {
    repoDir: root,
    files: files.map((f) => path.join(changed.value.topLevel, f)),
    title: title.trim(),
    base: base.trim() || undefined,
    remote,
    draft,
    forge: { overrides },
    token: (target) => resolveForgeToken(target, context.secrets),
    bodyInput: validation ? { validation } : undefined,
    // The body is the plan of the commit, its head rendering validated, churn folded as the setting says.
    plan: { schemaDir: vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath, churn: config.get<string[]>('plan.churn') },
    toolVersion: VERSION,
  };
  return reportOutcome(services, request, await runSync(request));
}
