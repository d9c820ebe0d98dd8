// The only code that sends HTTP to a cluster. It can express exactly two things: a GET, and a PATCH that is
// a server-side apply with dryRun=All. No other method can be written through it, which is what makes the
// client read-only by construction.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { CancellationToken, NEVER_CANCELLED } from '../types';
import { ClusterError, fail, kindForStatus, ok, Result } from './result';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface TransportOptions {
  /** Per-request timeout (ms). Default 30 s. */
  timeoutMs?: number;
  /** Retries on 429 (honouring Retry-After, capped at maxRetryWaitMs). Default 3. */
  maxRetries?: number;
  maxRetryWaitMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

interface Prepared {
  agent?: http.Agent;
  headers: Record<string, string>;
  expires: number;
}

export class ReadOnlyTransport {
  private prepared?: Prepared;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;

  constructor(
    private readonly config: KubeConfig,
    readonly server: string,
    options: TransportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 10_000;
  }

  get(path: string, query: Query = {}, accept = 'application/json', token?: CancellationToken): Promise<Result<HttpResponse>> {
    return this.send('GET', path, query, undefined, accept, token);
  }

  /** Server-side apply, dry run only: the query parameters that make it harmless are fixed here. */
  applyDryRun(path: string, yamlOrJsonBody: string, token?: CancellationToken): Promise<Result<HttpResponse>> {
    const query = { dryRun: 'All', fieldManager: 'reconcile', force: 'true' };
    return this.send('PATCH', path, query, yamlOrJsonBody, 'application/json', token);
  }

  /** A streaming GET (watch): lines are handed to `onLine` until the server ends the stream or `stop` is called. */
  async stream(path: string, query: Query, onLine: (line: string) => void, token?: CancellationToken): Promise<Result<{ stop: () => void; done: Promise<Result<void>> }>> {
    const prep = await this.prepare();
    if (!prep.ok) return prep;
    return new Promise((resolve) => {
      const url = this.url(path, query);
      const req = this.module(url).request(url, { method: 'GET', agent: prep.value.agent, headers: { ...prep.value.headers, Accept: 'application/json' } }, (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          readAll(res).then((body) => resolve({ ok: false, error: statusError(res.statusCode ?? 0, body, res.headers['retry-after']) }));
          return;
        }
        let buffer = '';
        let settle: (r: Result<void>) => void = () => undefined;
        const done = new Promise<Result<void>>((r) => (settle = r));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) onLine(line);
          }
        });
        res.on('end', () => settle(ok(undefined)));
        res.on('error', () => settle(ok(undefined)));
        res.on('close', () => settle(ok(undefined)));
        const cancelWatch = onCancel(token, () => req.destroy());
        done.then(cancelWatch);
        resolve(ok({ stop: () => req.destroy(), done }));
      });
      req.on('error', (err) => resolve(fail('unreachable', `Cannot reach ${this.server}: ${err.message}`)));
      req.end();
    });
  }

  private module(url: URL): typeof https | typeof http {
    return url.protocol === 'http:' ? http : https;
  }

  private url(path: string, query: Query): URL {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url;
  }

  private async prepare(): Promise<Result<Prepared>> {
    if (this.prepared && this.prepared.expires > Date.now()) return ok(this.prepared);
    const opts: https.RequestOptions = {};
    try {
      await this.config.applyToHTTPSOptions(opts);
    } catch (err) {
      return fail('config', `Cannot prepare credentials for ${this.server}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (opts.auth) headers.Authorization = 'Basic ' + Buffer.from(opts.auth).toString('base64');
    const user = this.config.getCurrentUser();
    // Plugin credentials expire; static ones do not. Re-asking the plugin each minute is what kubectl's cache does too.
    const dynamic = Boolean(user && (user.exec || user.authProvider));
    // One agent for every call, kept alive: a list per kind should not pay a TLS handshake each.
    if (typeof opts.agent === 'object' && opts.agent && 'keepAlive' in opts.agent) (opts.agent as http.Agent & { keepAlive: boolean }).keepAlive = true;
    this.prepared = { agent: opts.agent as http.Agent | undefined, headers, expires: dynamic ? Date.now() + 60_000 : Number.MAX_SAFE_INTEGER };
    return ok(this.prepared);
  }

  private async send(method: 'GET' | 'PATCH', path: string, query: Query, body: string | undefined, accept: string, token = NEVER_CANCELLED): Promise<Result<HttpResponse>> {
    const prep = await this.prepare();
    if (!prep.ok) return prep;
    for (let attempt = 0; ; attempt++) {
      if (token.isCancellationRequested) return fail('cancelled', 'Cancelled');
      const r = await this.once(method, this.url(path, query), body, accept, prep.value, token);
      if (r.ok || r.error.kind !== 'too-many-requests' || attempt >= this.maxRetries) return r;
      const waitMs = Math.min((r.error.retryAfterSeconds ?? 1) * 1000, this.maxRetryWaitMs);
      await new Promise((res) => setTimeout(res, waitMs));
    }
  }

  private once(method: 'GET' | 'PATCH', url: URL, body: string | undefined, accept: string, prep: Prepared, token: CancellationToken): Promise<Result<HttpResponse>> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: Result<HttpResponse>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopCancel();
        resolve(r);
      };
      const headers: Record<string, string> = { ...prep.headers, Accept: accept, 'User-Agent': 'reconcile/0.1 (read-only)' };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/apply-patch+yaml';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const req = this.module(url).request(url, { method, agent: prep.agent, headers }, (res) => {
        readAll(res).then(
          (text) => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) finish(ok({ status, contentType: String(res.headers['content-type'] ?? ''), body: text }));
            else finish({ ok: false, error: statusError(status, text, res.headers['retry-after']) });
          },
          (err: Error) => finish(fail('unreachable', `Connection to ${this.server} broke: ${err.message}`)),
        );
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish(fail('timeout', `${this.server} did not answer within ${this.timeoutMs / 1000} s (${url.pathname}).`));
      }, this.timeoutMs);
      const stopCancel = onCancel(token, () => {
        req.destroy();
        finish(fail('cancelled', 'Cancelled'));
      });
      req.on('error', (err: NodeJS.ErrnoException) => finish(fail('unreachable', `Cannot reach the cluster at ${this.server}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '))));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** Turn a non-2xx answer (ideally a Status object) into a typed error. */
export function statusError(status: number, body: string, retryAfter?: string | string[]): ClusterError {
  let message = `HTTP ${status}`;
  let reason: string | undefined;
  let retryAfterSeconds: number | undefined;
  try {
    const s = JSON.parse(body) as { kind?: string; message?: string; reason?: string; details?: { retryAfterSeconds?: number } };
    if (s.kind === 'Status') {
      message = s.message || message;
      reason = s.reason;
      retryAfterSeconds = s.details?.retryAfterSeconds;
    }
  } catch {
    if (body.trim()) message = `HTTP ${status}: ${body.trim().slice(0, 200)}`;
  }
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (header && Number.isFinite(Number(header))) retryAfterSeconds = Number(header);
  return { kind: kindForStatus(status), message, status, reason, retryAfterSeconds };
}

/** Call `fn` once when the token is cancelled; returns an unsubscribe. Polls tokens without an event. */
function onCancel(token: CancellationToken | undefined, fn: () => void): () => void {
  if (!token || token === NEVER_CANCELLED) return () => undefined;
  const evented = token as CancellationToken & { onCancellationRequested?: (l: () => void) => { dispose(): void } };
  if (typeof evented.onCancellationRequested === 'function') {
    const d = evented.onCancellationRequested(fn);
    return () => d.dispose();
  }
  const t = setInterval(() => {
    if (token.isCancellationRequested) {
      clearInterval(t);
      fn();
    }
  }, 50);
  return () => clearInterval(t);
}
