// One mapping from HTTP failures to the sentences users read, shared by every forge provider.
import { SyncError } from '../result';

export interface HttpFailure {
  status: number;
  headers: Record<string, string | undefined>;
  /** Message from the forge's error body, if any. */
  message?: string;
}

export interface ForgeContext {
  forge: string;
  repoPath: string;
  apiUrl: string;
  /** Where the user manages tokens for this forge (for 401/403 hints). */
  tokenHint: string;
}

function header(h: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  return key ? h[key] : undefined;
}

/** A 403/429 is a rate limit when the forge says so through its headers. */
export function rateLimitReset(f: HttpFailure, now: Date = new Date()): { limited: boolean; resetAt?: Date } {
  const remaining = header(f.headers, 'x-ratelimit-remaining') ?? header(f.headers, 'ratelimit-remaining');
  const retryAfter = header(f.headers, 'retry-after');
  const reset = header(f.headers, 'x-ratelimit-reset') ?? header(f.headers, 'ratelimit-reset');
  const limited = f.status === 429 || ((f.status === 403 || f.status === 429) && (remaining === '0' || retryAfter !== undefined));
  if (!limited) return { limited: false };
  if (retryAfter && /^\d+$/.test(retryAfter)) return { limited, resetAt: new Date(now.getTime() + Number(retryAfter) * 1000) };
  if (reset && /^\d+$/.test(reset)) {
    const n = Number(reset);
    // Epoch seconds (GitHub, GitLab) vs seconds-from-now (IETF draft header).
    return { limited, resetAt: n > 1e9 ? new Date(n * 1000) : new Date(now.getTime() + n * 1000) };
  }
  return { limited };
}

export function mapHttpFailure(f: HttpFailure, ctx: ForgeContext, now: Date = new Date()): SyncError {
  const said = f.message ? ` ${ctx.forge} said: "${f.message}".` : '';
  const rl = rateLimitReset(f, now);
  if (rl.limited) {
    const when = rl.resetAt ? ` It resets at ${rl.resetAt.toISOString().slice(11, 16)} UTC (in about ${Math.max(1, Math.ceil((rl.resetAt.getTime() - now.getTime()) / 60000))} min).` : '';
    return { code: 'rate-limited', message: `${ctx.forge}'s API rate limit is used up for this token.${when} Try again after that; the pushed branch is kept.` };
  }
  switch (f.status) {
    case 401:
      return { code: 'auth', message: `${ctx.forge} rejected the token (401 Unauthorized): it is missing, expired or revoked. ${ctx.tokenHint}` };
    case 403:
      return {
        code: 'forbidden',
        message: `${ctx.forge} refused the request (403 Forbidden) for ${ctx.repoPath}: the token lacks permission to open pull requests there.${said} ${ctx.tokenHint}`,
      };
    case 404:
      return {
        code: 'repo-not-found',
        message: `${ctx.forge} has no repository ${ctx.repoPath} at ${ctx.apiUrl}, or the token cannot see it (404). Check --repo / --api-url and the token's access.`,
      };
    case 409:
    case 422:
      return { code: 'validation', message: `${ctx.forge} rejected the pull request (${f.status}).${said}` };
  }
  if (f.status >= 500) {
    return { code: 'server-error', message: `${ctx.forge} had a server error (${f.status}). The branch is pushed; try again in a few minutes.${said}` };
  }
  return { code: 'forge-failed', message: `${ctx.forge} answered ${f.status}.${said}` };
}

/** Fetch-level failures (DNS, refused connection, TLS, timeouts) become a network error. */
export function mapNetworkFailure(err: unknown, ctx: ForgeContext): SyncError {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return {
    code: 'network',
    message: `Could not reach ${ctx.forge} at ${ctx.apiUrl} (${detail}). Check the network or the API URL; the pushed branch is kept, so running the command again only opens the pull request.`,
  };
}
