// The cluster client Reconcile uses. Read-only by construction: it offers get, list, watch and server-side
// dry-run apply, built on a transport that cannot send anything else.
import { CancellationToken, KubeObject } from '../types';
import { Discovery, ResourceInfo } from './discovery';
import { loadKubeconfig, KubeconfigOptions } from './kubeconfig';
import { fail, ok, Result } from './result';
import { ReadOnlyTransport, TransportOptions } from './transport';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion?: string;
  continue?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export interface WatchHandle {
  stop(): void;
  /** Resolves when the server closes the stream (or `stop` was called). */
  done: Promise<Result<void>>;
}

export interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
}

export interface ReadOnlyClusterClient {
  readonly context: string;
  readonly namespace: string;
  readonly server: string;
  readonly discovery: Discovery;
  version(token?: CancellationToken): Promise<Result<VersionInfo>>;
  resolve(apiVersion: string, kind: string, token?: CancellationToken): Promise<Result<ResourceInfo>>;
  get(resource: ResourceInfo, name: string, namespace?: string, token?: CancellationToken): Promise<Result<KubeObject>>;
  list(resource: ResourceInfo, options?: ListOptions, token?: CancellationToken): Promise<Result<ListPage>>;
  watch(resource: ResourceInfo, options: ListOptions & { resourceVersion?: string; timeoutSeconds?: number }, onEvent: (e: WatchEvent) => void, token?: CancellationToken): Promise<Result<WatchHandle>>;
  /** Server-side apply with dryRun=All, fieldManager=reconcile, force=true: the object as the server would store it. */
  dryRunApply(resource: ResourceInfo, object: KubeObject, token?: CancellationToken): Promise<Result<KubeObject>>;
}

export interface ConnectOptions extends KubeconfigOptions, TransportOptions {}

export function resourcePath(r: ResourceInfo, namespace?: string, name?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${r.resource}${name ? '/' + encodeURIComponent(name) : ''}`;
}

function parseJson<T>(text: string, what: string): Result<T> {
  try {
    return ok(JSON.parse(text) as T);
  } catch {
    return fail('bad-response', `The server's answer to ${what} is not JSON.`);
  }
}

class Client implements ReadOnlyClusterClient {
  readonly discovery: Discovery;

  constructor(
    private readonly transport: ReadOnlyTransport,
    readonly context: string,
    readonly namespace: string,
    readonly server: string,
  ) {
    this.discovery = new Discovery(transport);
  }

  async version(token?: CancellationToken): Promise<Result<VersionInfo>> {
    const r = await this.transport.get('/version', {}, 'application/json', token);
    return r.ok ? parseJson<VersionInfo>(r.value.body, '/version') : r;
  }

  resolve(apiVersion: string, kind: string, token?: CancellationToken): Promise<Result<ResourceInfo>> {
    return this.discovery.resolve(apiVersion, kind, token);
  }

  async get(resource: ResourceInfo, name: string, namespace?: string, token?: CancellationToken): Promise<Result<KubeObject>> {
    const r = await this.transport.get(resourcePath(resource, namespace, name), {}, 'application/json', token);
    return r.ok ? parseJson<KubeObject>(r.value.body, `get ${resource.resource}/${name}`) : r;
  }

  async list(resource: ResourceInfo, options: ListOptions = {}, token?: CancellationToken): Promise<Result<ListPage>> {
    const r = await this.transport.get(
      resourcePath(resource, options.namespace),
      { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: options.limit, continue: options.continue },
      'application/json',
      token,
    );
    if (!r.ok) return r;
    const parsed = parseJson<{ items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } }>(r.value.body, `list ${resource.resource}`);
    if (!parsed.ok) return parsed;
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    // Typed lists omit apiVersion/kind on their items; put them back so items stand alone.
    const items = (parsed.value.items ?? []).map((o) => ({ apiVersion, kind: resource.kind, ...o }));
    return ok({ items, resourceVersion: parsed.value.metadata?.resourceVersion, continue: parsed.value.metadata?.continue || undefined });
  }

  watch(resource: ResourceInfo, options: ListOptions & { resourceVersion?: string; timeoutSeconds?: number }, onEvent: (e: WatchEvent) => void, token?: CancellationToken): Promise<Result<WatchHandle>> {
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    return this.transport.stream(
      resourcePath(resource, options.namespace),
      {
        watch: 'true',
        allowWatchBookmarks: 'true',
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        resourceVersion: options.resourceVersion,
        timeoutSeconds: options.timeoutSeconds,
      },
      (line) => {
        try {
          const e = JSON.parse(line) as WatchEvent;
          if (e.type !== 'ERROR' && e.object) e.object = { apiVersion, kind: resource.kind, ...e.object };
          onEvent(e);
        } catch {
          // A torn line from a dropped connection: the caller re-lists on `done`.
        }
      },
      token,
    );
  }

  async dryRunApply(resource: ResourceInfo, object: KubeObject, token?: CancellationToken): Promise<Result<KubeObject>> {
    const name = object.metadata?.name;
    if (!name) return fail('invalid', 'Cannot dry-run an object without metadata.name.');
    const namespace = resource.namespaced ? object.metadata?.namespace ?? this.namespace : undefined;
    const body = structuredClone(object);
    if (namespace && body.metadata) body.metadata.namespace = namespace;
    // JSON is YAML, and an order of magnitude cheaper to write than YAML for thousands of objects.
    const r = await this.transport.applyDryRun(resourcePath(resource, namespace, name), JSON.stringify(body), token);
    return r.ok ? parseJson<KubeObject>(r.value.body, `dry-run apply of ${resource.resource}/${name}`) : r;
  }
}

/** Load the kubeconfig and build a read-only client for its (or the given) context. */
export async function connect(options: ConnectOptions): Promise<Result<ReadOnlyClusterClient>> {
  const loaded = await loadKubeconfig(options);
  if (!loaded.ok) return loaded;
  const { config, context, namespace, server } = loaded.value;
  return ok(new Client(new ReadOnlyTransport(config, server, options), context, namespace, server));
}
