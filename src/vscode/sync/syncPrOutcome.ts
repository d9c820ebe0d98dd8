// Runs the core sync under a cancellable progress notification and tells the user how it went: the PR with
// "Open PR" / "Copy URL", or the failure with "Retry" (when a branch was kept: push it if needed and open its
// pull request, without committing again) and "Copy retry command" (the CLI equivalent).
import * as vscode from 'vscode';
import { createGitRunner } from '../../core/sync/git/gitRunner';
import { currentBranch } from '../../core/sync/git/createSyncBranch';
import { openSyncPullRequest, SyncPrRequest, SyncPrResult } from '../../core/sync/openSyncPr';
import { Result } from '../../core/sync/result';
import type { Services } from '../services';
import { COPY_RETRY, RETRY, retryButtons } from './retryButtons';

export type SyncRun = Omit<SyncPrRequest, 'cancellation' | 'progress'>;

export function runSync(req: SyncRun): Thenable<Result<SyncPrResult>> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Open Sync PR', cancellable: true }, (progress, cancellation) =>
    openSyncPullRequest({ ...req, cancellation, progress: (_done, total, message) => progress.report({ message, increment: total ? 100 / total : undefined }) }),
  );
}

/** The base the first run used: as given, else the current branch (what the core chose). */
async function baseOf(req: SyncRun): Promise<Result<string>> {
  if (req.base) return { ok: true, value: req.base };
  const top = await createGitRunner(req.repoDir, req.env ?? process.env).run(['rev-parse', '--show-toplevel']);
  return currentBranch(createGitRunner(top.ok ? top.stdout.trim() : req.repoDir, req.env ?? process.env));
}

/** Shows the outcome; resolves with the PR, or undefined on failure (a retry the user picks later reports itself). */
export function reportOutcome(services: Services, req: SyncRun, result: Result<SyncPrResult>): SyncPrResult | undefined {
  if (result.ok) {
    const { url, number, branch, created } = result.value;
    services.logger.info(`Open Sync PR: ${created ? 'opened' : 'updated'} #${number} ${url} from ${branch}`);
    if (result.value.warning) services.logger.warn(`Open Sync PR: ${result.value.warning}`);
    void vscode.window
      .showInformationMessage(`${created ? 'Opened' : 'Updated the existing'} pull request #${number} from ${branch}: ${url}`, 'Open PR', 'Copy URL')
      .then(async (choice) => {
        if (choice === 'Open PR') await vscode.env.openExternal(vscode.Uri.parse(url));
        else if (choice === 'Copy URL') await vscode.env.clipboard.writeText(url);
      });
    return result.value;
  }
  const { code, message, retry } = result.error;
  services.logger.error(`Open Sync PR failed (${code}): ${message}`);
  const { resumeBranch: resumable, buttons } = retryButtons(result.error);
  void vscode.window.showErrorMessage(message, ...buttons).then(async (choice) => {
    if (choice === COPY_RETRY && retry) await vscode.env.clipboard.writeText(retry);
    if (choice !== RETRY || !resumable) return;
    const base = await baseOf(req);
    if (!base.ok) {
      services.logger.error(`Open Sync PR retry: ${base.error.message}`);
      void vscode.window.showErrorMessage(base.error.message);
      return;
    }
    services.logger.info(`Open Sync PR: retrying with the kept branch ${resumable} (base ${base.value})`);
    const again: SyncRun = { ...req, base: base.value, resumeBranch: resumable };
    reportOutcome(services, again, await runSync(again));
  });
  return undefined;
}
