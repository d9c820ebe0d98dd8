// What every forge provider offers the sync: open a pull request for a pushed branch, or update
// the open one for that branch and say so.
import { CancellationToken } from '../../types';
import { Result } from '../result';
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

export interface ForgeProvider {
  readonly kind: ForgeKind;
  /** Human name for messages (`GitHub`, `GitLab`, ...). */
  readonly displayName: string;
  openPullRequest(req: PullRequestRequest, cancellation?: CancellationToken): Promise<Result<PullRequestResult>>;
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
