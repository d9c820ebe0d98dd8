// Typed outcomes for the sync stage. Every failure carries the sentence a user reads, and, when
// work was already done (a local commit, a pushed branch), how to pick up from there.

export type SyncErrorCode =
  | 'not-a-repo'
  | 'no-remote'
  | 'detached-head'
  | 'base-not-found'
  | 'no-files'
  | 'file-outside-repo'
  | 'nothing-to-commit'
  | 'merge-conflict'
  | 'branch-exists'
  | 'branch-not-found'
  | 'git-identity'
  | 'push-rejected-non-fast-forward'
  | 'push-rejected-protected'
  | 'push-auth'
  | 'network'
  | 'git-failed'
  | 'unknown-forge'
  | 'no-token'
  | 'auth'
  | 'forbidden'
  | 'repo-not-found'
  | 'pr-exists'
  | 'validation'
  | 'rate-limited'
  | 'server-error'
  | 'forge-failed'
  | 'cancelled'
  | 'secret-refused'
  | 'path-not-found'
  | 'yaml-invalid'
  | 'unexpected';

export interface SyncError {
  code: SyncErrorCode;
  /** Shown to the user as is: says what happened and what to do. */
  message: string;
  /** Present when a local commit or branch survives the failure: the command that resumes. */
  retry?: string;
  /** Branch left in place by a failure after the local commit. */
  branch?: string;
  /** HTTP status of a forge failure, when there was one. */
  httpStatus?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: SyncError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(code: SyncErrorCode, message: string, extra?: { retry?: string; branch?: string }): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}
