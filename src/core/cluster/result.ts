// Typed results for everything that talks to a cluster: errors are values, never exceptions past this module.

export type ClusterErrorKind =
  | 'config' // kubeconfig missing, unreadable or without the context asked for
  | 'untrusted' // the context needs a credential plugin and the workspace is not trusted
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404 (a kind or an object the server does not serve/have)
  | 'conflict' // 409
  | 'invalid' // 400/422
  | 'too-many-requests' // 429 after the retries we allow
  | 'server-error' // 5xx
  | 'unreachable' // connection refused, DNS, TLS handshake
  | 'timeout'
  | 'cancelled'
  | 'bad-response'; // not the JSON we expected

export interface ClusterError {
  kind: ClusterErrorKind;
  message: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** `reason` of the server's Status object. */
  reason?: string;
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ClusterError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: ClusterErrorKind, message: string, extra: Partial<ClusterError> = {}): Result<T> {
  return { ok: false, error: { kind, message, ...extra } };
}

/** Errors that make every further call pointless: report once, stop. */
export function isFatal(e: ClusterError): boolean {
  return e.kind === 'unauthorized' || e.kind === 'unreachable' || e.kind === 'cancelled' || e.kind === 'config' || e.kind === 'untrusted';
}

export function kindForStatus(status: number): ClusterErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422 || status === 415) return 'invalid';
  if (status === 429) return 'too-many-requests';
  return status >= 500 ? 'server-error' : 'bad-response';
}
