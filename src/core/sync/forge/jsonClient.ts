// Minimal JSON-over-fetch client for forges without a maintained Node client (Gitea, Bitbucket).
// Errors come back as values; the token only ever goes into the Authorization header.
import { fail, ok, Result } from '../result';
import { ForgeContext, mapHttpFailure, mapNetworkFailure } from './httpErrors';

export interface JsonResponse<T> {
  status: number;
  data: T;
}

export class JsonClient {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
    private readonly ctx: ForgeContext,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async request<T>(method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<Result<JsonResponse<T>>> {
    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + path, {
        method,
        headers: {
          Authorization: this.authorization,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          'User-Agent': 'reconcile-gitops',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      const e = mapNetworkFailure(err, this.ctx);
      return fail(e.code, e.message);
    }
    const text = await res.text();
    let data: unknown = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    if (res.ok || okStatuses.includes(res.status)) return ok({ status: res.status, data: data as T });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const e = mapHttpFailure({ status: res.status, headers, message: errorMessage(data) }, this.ctx);
    return { ok: false, error: { ...e, httpStatus: res.status } };
  }
}

/** Pulls a readable message out of the error bodies the forges send. */
export function errorMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.slice(0, 300) || undefined;
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const err = d.error;
  if (err && typeof err === 'object' && typeof (err as Record<string, unknown>).message === 'string') return (err as Record<string, string>).message;
  if (typeof d.message === 'string') return d.message;
  if (Array.isArray(d.message)) return d.message.join('; ');
  if (typeof err === 'string') return err;
  return undefined;
}
