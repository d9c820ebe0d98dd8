// Shared plumbing of the forge API test servers: an HTTP server on 127.0.0.1, a request log for
// assertions, token checks, and injected failures (status, headers, body, or a dropped connection).
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Whether the request carried the expected token (the token itself is not kept). */
  authorized: boolean;
  /** Schema problems found in the request; empty when it matched the API description. */
  problems: string[];
  status: number;
}

export interface Injection {
  method?: string;
  /** Matches the request path (without query). */
  path?: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get this answer (default 1). */
  times?: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  headers: http.IncomingHttpHeaders;
  log: LoggedRequest;
}

export type Router = (ctx: RouteContext) => Reply;

export class ForgeTestServer {
  readonly requests: LoggedRequest[] = [];
  private readonly injections: Injection[] = [];
  private server?: http.Server;
  baseUrl = '';

  constructor(private readonly router: Router) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next matching request(s) get this answer instead of the normal one. */
  inject(i: Injection): void {
    this.injections.push({ times: 1, ...i });
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown = undefined;
    const problems: string[] = [];
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        problems.push('body is not JSON');
        body = raw;
      }
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const log: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query, body, authorized: false, problems, status: 0 };
    this.requests.push(log);
    const inj = this.injections.find((i) => (!i.method || i.method === log.method) && (!i.path || i.path.test(log.path)));
    let reply: Reply;
    if (inj) {
      inj.times = (inj.times ?? 1) - 1;
      if (inj.times <= 0) this.injections.splice(this.injections.indexOf(inj), 1);
      if (inj.status === 0) {
        req.socket.destroy(); // a dropped connection, as when the network goes away mid-call
        return;
      }
      reply = { status: inj.status, headers: inj.headers, body: inj.body };
    } else {
      reply = this.router({ method: log.method, path: log.path, query, body, authorization: req.headers.authorization, headers: req.headers, log });
    }
    log.status = reply.status;
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) });
    res.end(payload);
  }
}
