// What every forge provider offers the sync: open a pull request for a pushed branch, or update
// the open one for that branch and say so.
import { CancellationToken } from '../../types';
import { fail, Result, SyncError } from '../result';
import { ForgeKind, ForgeTarget } from './detect';

export interface PullRequestRequest {
  /** Branch with the changes (already pushed). */
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

export interface PullRequestResult {
  url: string;
  number: number;
  branch: string;
  /** false when an open PR for the branch existed and was updated instead. */
  created: boolean;
}

/** A comment on a pull request (GitHub issue comment, GitLab note, Gitea issue comment, Bitbucket comment). */
export interface ForgeComment {
  id: number;
  body: string;
}

export interface ForgeProvider {
  readonly kind: ForgeKind;
  /** Human name for messages (`GitHub`, `GitLab`, ...). */
  readonly displayName: string;
  openPullRequest(req: PullRequestRequest, cancellation?: CancellationToken): Promise<Result<PullRequestResult>>;
  /** Every comment of the pull request, oldest first (all pages). */
  listComments(pr: number): Promise<Result<ForgeComment[]>>;
  createComment(pr: number, body: string): Promise<Result<ForgeComment>>;
  updateComment(pr: number, id: number, body: string): Promise<Result<void>>;
  deleteComment(pr: number, id: number): Promise<Result<void>>;
}

export interface ForgeConnection {
  target: ForgeTarget;
  /** Never logged or put into messages. */
  token: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export const FORGE_NAMES: Record<ForgeKind, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  gitea: 'Gitea/Forgejo',
  bitbucket: 'Bitbucket',
};

/** The steps one forge needs for "open or update the PR of this branch". */
export interface PullRequestSteps<T> {
  forge: string;
  head: string;
  findOpen(): Promise<Result<T | undefined>>;
  update(existing: T): Promise<Result<PullRequestResult>>;
  create(): Promise<Result<PullRequestResult>>;
  /** The forge's "a PR for this branch already exists" answer to create (GitHub 422, GitLab/Gitea 409). */
  isDuplicate(error: SyncError): boolean;
}

/**
 * Updates the open PR of the branch, or creates one. A create that loses a race with another
 * client gets the forge's duplicate answer; then the PR is looked up again and updated.
 */
export async function openOrUpdatePullRequest<T>(steps: PullRequestSteps<T>): Promise<Result<PullRequestResult>> {
  const existing = await steps.findOpen();
  if (!existing.ok) return existing;
  if (existing.value) return steps.update(existing.value);
  const created = await steps.create();
  if (created.ok || !steps.isDuplicate(created.error)) return created;
  const again = await steps.findOpen();
  if (again.ok && again.value) return steps.update(again.value);
  return fail('pr-exists', `${steps.forge} says a pull request for ${steps.head} already exists, but it could not be found to update it. ${created.error.message}`);
}
