// A Kubernetes API test server on 127.0.0.1: real wire format (discovery, list/get/watch, Status errors,
// server-side dry-run apply), bearer-token and client-certificate auth, RBAC deny rules, injected faults
// and delays, and a request log so tests can assert exactly which calls were made.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { aggregated, AGGREGATED_V2, coreVersions, groupList, resourceList, versionInfo } from './discovery';
import { dryRunApply } from './dryRunApply';
import { isObject, JsonObject } from './fields';
import { groupVersion, ServedResource } from './resources';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import * as S from './status';
import { ObjectStore, SeedOptions } from './store';
import { createTestCa, KeyPairPem, TestCa } from './tls';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  accept?: string;
  /** Kubernetes verb: get, list, watch, patch, create, update, delete, deletecollection (or 'discovery'). */
  verb: string;
  user?: string;
  dryRun: boolean;
  status: number;
}

export interface DenyRule {
  user?: string;
  verbs?: string[];
  group?: string;
  resource?: string;
  namespace?: string;
  /** `cluster`: only requests without a namespace (cluster-wide lists); `namespace`: only namespaced requests. */
  scope?: 'cluster' | 'namespace';
}

export interface FaultRule {
  method?: string;
  /** Substring of, or pattern for, the request path. */
  path?: string | RegExp;
  verb?: string;
  /** HTTP status to answer with a matching Status; omit for a delay only. */
  status?: 409 | 422 | 429 | 500 | 503;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** How many requests it applies to (default: all). */
  times?: number;
}

export interface KubeApiTestServerOptions {
  tls?: boolean;
  /** bearer token → user name. */
  tokens?: Record<string, string>;
  /** Accept anonymous requests as `system:anonymous` (default: false when tokens or TLS client certs are configured). */
  anonymous?: boolean;
  /** Advertise aggregated discovery (v2) when asked for it. Default true. */
  aggregatedDiscovery?: boolean;
}

interface Route {
  resource: ServedResource;
  namespace?: string;
  name?: string;
  subresource?: string;
}

let sharedTls: { ca: TestCa; serverCert: KeyPairPem } | undefined;

export class KubeApiTestServer {
  readonly store = new ObjectStore();
  readonly requests: RequestLogEntry[] = [];
  /** Mutations refused because they were not dry-run; tests assert this stays empty. */
  readonly rejectedMutations: RequestLogEntry[] = [];
  readonly deny: DenyRule[] = [];
  readonly faults: FaultRule[] = [];
  ca?: TestCa;
  private serverCert?: KeyPairPem;
  private server?: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(private readonly options: KubeApiTestServerOptions = {}) {}

  static async start(options: KubeApiTestServerOptions = {}): Promise<KubeApiTestServer> {
    const s = new KubeApiTestServer(options);
    await s.listen();
    return s;
  }

  async listen(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.send(res, 500, S.internalError(err instanceof Error ? err.message : String(err)));
        else res.destroy();
      });
    };
    if (this.options.tls) {
      // RSA key generation dominates start-up; one CA and server certificate per process is enough.
      sharedTls ??= (() => {
        const ca = createTestCa();
        return { ca, serverCert: ca.issue('kube-apiserver', { server: true }) };
      })();
      this.ca = sharedTls.ca;
      this.serverCert = sharedTls.serverCert;
      this.server = https.createServer({ ...this.serverCert, ca: this.ca.cert, requestCert: true, rejectUnauthorized: false }, handler);
    } else {
      this.server = http.createServer(handler);
    }
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Seed live objects from YAML text (multi-document) or plain objects. */
  seed(input: string | object | object[], options?: SeedOptions): JsonObject[] {
    const objects: JsonObject[] =
      typeof input === 'string'
        ? parseAllDocuments(input).map((d) => d.toJS() as JsonObject).filter((o) => isObject(o) && o.kind)
        : ((Array.isArray(input) ? input : [input]) as JsonObject[]);
    return objects.map((o) => this.store.seed(o, options));
  }

  /** Requests other than reads and dry-run applies (should always be empty for Reconcile). */
  writeRequests(): RequestLogEntry[] {
    return this.requests.filter((r) => !['get', 'list', 'watch', 'discovery'].includes(r.verb) && !(r.verb === 'patch' && r.dryRun));
  }

  private send(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Audit-Id': cryptoId(), ...headers });
    res.end(text);
  }

  private authenticate(req: http.IncomingMessage): string | undefined {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return this.options.tokens?.[auth.slice(7)];
    const socket = req.socket as TLSSocket;
    if (this.options.tls && socket.authorized) {
      const cn = socket.getPeerCertificate()?.subject?.CN;
      if (cn) return Array.isArray(cn) ? cn[0] : cn;
    }
    const anonymous = this.options.anonymous ?? (!this.options.tokens && !this.options.tls);
    return anonymous ? 'system:anonymous' : undefined;
  }

  private route(parts: string[]): Route | 'not-found' | undefined {
    // /api/v1/... or /apis/<group>/<version>/...
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 3) [group, version, rest] = ['', parts[1], parts.slice(2)];
    else if (parts[0] === 'apis' && parts.length >= 4) [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const resource = this.store.findByPlural(group, version, rest[0]);
    if (!resource || (namespace && !resource.namespaced)) return 'not-found';
    return { resource, namespace, name: rest[1], subresource: rest[2] };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(u.searchParams);
    const parts = u.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    const method = req.method ?? 'GET';
    const routed = this.route(parts);
    const route = routed === 'not-found' ? undefined : routed;
    const verb = verbOf(method, route, query);
    const entry: RequestLogEntry = {
      method,
      path: u.pathname,
      query,
      contentType: req.headers['content-type'],
      accept: req.headers.accept,
      verb,
      dryRun: query.dryRun === 'All',
      status: 0,
    };
    this.requests.push(entry);
    const respond = (code: number, body: unknown, headers?: Record<string, string>): void => {
      entry.status = code;
      this.send(res, code, body, headers);
    };
    const body = await readBody(req);

    const user = this.authenticate(req);
    entry.user = user;
    if (!user) return respond(401, S.unauthorized());

    for (const f of this.faults) {
      if (f.times !== undefined && f.times <= 0) continue;
      if (f.method && f.method !== method) continue;
      if (f.verb && f.verb !== verb) continue;
      if (f.path && !(typeof f.path === 'string' ? u.pathname.includes(f.path) : f.path.test(u.pathname))) continue;
      if (f.times !== undefined) f.times--;
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (res.destroyed) return;
      if (f.status === 429) return respond(429, S.tooManyRequests(f.retryAfterSeconds ?? 1), { 'Retry-After': String(f.retryAfterSeconds ?? 1) });
      if (f.status === 500) return respond(500, S.internalError('injected failure'));
      if (f.status === 503) return respond(503, { ...S.internalError('service unavailable'), code: 503, reason: 'ServiceUnavailable' });
      if (f.status === 409) return respond(409, S.conflict(route?.resource.plural ?? '', route?.resource.group ?? '', route?.name ?? '', 'the object has been modified; please apply your changes to the latest version and try again'));
      if (f.status === 422) return respond(422, S.invalid(route?.resource.kind ?? '', route?.resource.group ?? '', route?.name ?? '', [{ field: 'metadata.name', message: 'Invalid value: injected' }]));
      break;
    }

    if (method === 'GET' && !route) {
      const p = u.pathname.replace(/\/$/, '');
      const wantsAggregated = (req.headers.accept ?? '').includes('as=APIGroupDiscoveryList') && this.options.aggregatedDiscovery !== false;
      if (p === '/version') return respond(200, versionInfo());
      if (p === '/api') {
        if (wantsAggregated) return this.sendAggregated(res, entry, true);
        return respond(200, coreVersions(this.url.replace(/^https?:\/\//, '')));
      }
      if (p === '/apis') {
        if (wantsAggregated) return this.sendAggregated(res, entry, false);
        return respond(200, groupList(this.store.resources));
      }
      if (parts[0] === 'api' && parts.length === 2) {
        const list = resourceList(this.store.resources, '', parts[1]);
        return list ? respond(200, list) : respond(404, S.notFound('', ''));
      }
      if (parts[0] === 'apis' && parts.length === 3) {
        const list = resourceList(this.store.resources, parts[1], parts[2]);
        return list ? respond(200, list) : respond(404, S.notFound('', ''));
      }
      return respond(404, S.notFound('', ''));
    }
    if (!route) return respond(404, S.notFound('', ''));
    const r = route.resource;

    const denied = this.deny.find(
      (d) =>
        (!d.user || d.user === user) &&
        (!d.verbs || d.verbs.includes(verb)) &&
        (d.group === undefined || d.group === r.group) &&
        (!d.resource || d.resource === r.plural) &&
        (!d.namespace || d.namespace === route.namespace) &&
        (!d.scope || (d.scope === 'cluster') === (route.namespace === undefined)),
    );
    if (denied) return respond(403, S.forbidden(user, verb, r.plural, r.group, route.namespace, route.name));

    if (method === 'GET' && route.name && !route.subresource) {
      const o = this.store.get(r, route.namespace, route.name);
      return o ? respond(200, o) : respond(404, S.notFound(r.plural, r.group, route.name));
    }
    if (method === 'GET' && !route.name) {
      let labelReqs: ReturnType<typeof parseLabelSelector> = [];
      let fieldReqs: ReturnType<typeof parseFieldSelector> = [];
      try {
        if (query.labelSelector) labelReqs = parseLabelSelector(query.labelSelector);
        if (query.fieldSelector) fieldReqs = parseFieldSelector(query.fieldSelector);
      } catch (err) {
        return respond(400, S.badRequest(err instanceof Error ? err.message : String(err)));
      }
      const matches = (o: JsonObject): boolean =>
        (!route.namespace || (o.metadata as JsonObject).namespace === route.namespace) &&
        matchesLabels((o.metadata as JsonObject).labels as Record<string, string> | undefined, labelReqs) &&
        matchesFields(o, fieldReqs);
      if (verb === 'watch') return this.watch(req, res, entry, r, query, matches);
      return this.list(respond, r, query, matches);
    }
    if (method === 'PATCH' && route.name && !route.subresource && entry.dryRun && (entry.contentType ?? '').startsWith('application/apply-patch+yaml')) {
      return this.applyDryRun(respond, route, query, body);
    }
    this.rejectedMutations.push(entry);
    return respond(
      405,
      S.methodNotAllowed(
        `the Kubernetes API test server is read-only: ${method} ${u.pathname} refused (only GET, LIST, WATCH and PATCH application/apply-patch+yaml with dryRun=All are served)`,
      ),
    );
  }

  private sendAggregated(res: http.ServerResponse, entry: RequestLogEntry, core: boolean): void {
    entry.status = 200;
    const text = JSON.stringify(aggregated(this.store.resources, core));
    res.writeHead(200, { 'Content-Type': AGGREGATED_V2, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private list(
    respond: (code: number, body: unknown) => void,
    r: ServedResource,
    query: Record<string, string>,
    matches: (o: JsonObject) => boolean,
  ): void {
    const all = this.store.list(r).filter(matches);
    let start = 0;
    let rv = String(this.store.resourceVersion);
    if (query.continue) {
      try {
        const token = JSON.parse(Buffer.from(query.continue, 'base64').toString('utf8')) as { rv: string; start: number };
        if (typeof token.start !== 'number') throw new Error('bad token');
        start = token.start;
        rv = token.rv;
      } catch {
        return respond(400, S.badRequest('continue key is not valid: illegal base64 data at input byte 0'));
      }
    }
    const limit = query.limit ? Number(query.limit) : 0;
    const page = limit > 0 ? all.slice(start, start + limit) : all.slice(start);
    const next = start + page.length;
    const metadata: JsonObject = { resourceVersion: rv };
    if (limit > 0 && next < all.length) {
      metadata.continue = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: next })).toString('base64');
      metadata.remainingItemCount = all.length - next;
    }
    // Built-in lists serialize items without apiVersion/kind; custom resources keep them.
    const builtin = !r.group.includes('.') || r.group.endsWith('.k8s.io');
    const items = page.map((o) => {
      if (!builtin) return o;
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    });
    respond(200, { kind: `${r.kind}List`, apiVersion: groupVersion(r), metadata, items });
  }

  private watch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: RequestLogEntry,
    r: ServedResource,
    query: Record<string, string>,
    matches: (o: JsonObject) => boolean,
  ): void {
    entry.status = 200;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    // A watch with nothing to send yet must still answer with its headers, as a real server does.
    res.flushHeaders();
    const key = this.store.resourceKey(r);
    const write = (type: string, object: JsonObject): void => {
      res.write(JSON.stringify({ type, object }) + '\n');
    };
    const since = query.resourceVersion ? Number(query.resourceVersion) : undefined;
    if (since === undefined || since === 0) {
      for (const o of this.store.list(r).filter(matches)) write('ADDED', o);
    } else {
      const oldest = this.store.history[0]?.rv ?? this.store.resourceVersion;
      if (since < oldest - 1) {
        write('ERROR', S.gone(`too old resource version: ${since} (${oldest})`) as unknown as JsonObject);
        res.end();
        return;
      }
      for (const e of this.store.history) if (e.rv > since && e.resourceKey === key && matches(e.object)) write(e.type, e.object);
    }
    const unsubscribe = this.store.onEvent((e) => {
      if (e.resourceKey === key && matches(e.object)) write(e.type, e.object);
    });
    const timeoutSeconds = query.timeoutSeconds ? Number(query.timeoutSeconds) : 0;
    const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
    const stop = (): void => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  private applyDryRun(respond: (code: number, body: unknown) => void, route: Route, query: Record<string, string>, body: string): void {
    const r = route.resource;
    if (!query.fieldManager) {
      return respond(422, { ...S.invalid('PatchOptions', 'meta.k8s.io', '', [{ field: 'fieldManager', message: 'Required value: is required for apply patch', reason: 'FieldValueRequired' }]) });
    }
    let parsed: unknown;
    try {
      parsed = body.trimStart().startsWith('{') ? JSON.parse(body) : parseYaml(body);
    } catch (err) {
      return respond(400, S.badRequest(`error decoding YAML: ${err instanceof Error ? err.message : String(err)}`));
    }
    if (!isObject(parsed)) return respond(400, S.badRequest('error decoding YAML: body is not an object'));
    const meta = isObject(parsed.metadata) ? parsed.metadata : {};
    if (parsed.apiVersion !== groupVersion(r) || parsed.kind !== r.kind) {
      return respond(400, S.badRequest(`the API version in the data (${String(parsed.apiVersion)}) does not match the expected API version (${groupVersion(r)})`));
    }
    if (meta.name !== route.name) {
      return respond(400, S.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${route.name})`));
    }
    if (r.namespaced && meta.namespace && meta.namespace !== route.namespace) {
      return respond(400, S.badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    const existing = this.store.get(r, route.namespace, route.name!);
    const outcome = dryRunApply({
      resource: r,
      namespace: route.namespace,
      name: route.name!,
      body: parsed,
      fieldManager: query.fieldManager,
      force: query.force === 'true',
      existing,
      now: '2024-05-03T12:00:00Z',
    });
    if (!outcome.ok) return respond(outcome.status.code, outcome.status);
    respond(outcome.created ? 201 : 200, outcome.object);
  }
}

function verbOf(method: string, route: Route | undefined, query: Record<string, string>): string {
  if (!route) return method === 'GET' ? 'discovery' : method.toLowerCase();
  switch (method) {
    case 'GET':
      if (route.name) return 'get';
      return query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

let auditCounter = 0;
function cryptoId(): string {
  auditCounter++;
  return `7f3c2a1e-0000-4000-8000-${auditCounter.toString(16).padStart(12, '0')}`;
}
