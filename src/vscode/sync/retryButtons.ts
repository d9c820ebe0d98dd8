// Which buttons a failed Open Sync PR offers; no `vscode` import so it is unit-testable.
import { SyncError } from '../../core/sync/result';

export const RETRY = 'Retry';
export const COPY_RETRY = 'Copy retry command';

/** "Retry" resumes a branch the failed run kept; "Copy retry command" copies the CLI/git equivalent. */
export function retryButtons(error: Pick<SyncError, 'code' | 'branch' | 'retry'>): { resumeBranch?: string; buttons: string[] } {
  // 'branch-exists' names a branch this run did not make: resuming it would propose somebody else's commit.
  const resumeBranch = error.branch && error.code !== 'branch-exists' ? error.branch : undefined;
  return { resumeBranch, buttons: [...(resumeBranch ? [RETRY] : []), ...(error.retry ? [COPY_RETRY] : [])] };
}
