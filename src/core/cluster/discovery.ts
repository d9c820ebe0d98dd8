// Maps apiVersion+kind to the resource's URL name and scope. Aggregated discovery (two calls for the whole
// cluster) when the server offers it; else per group-version documents, fetched only for the versions asked.
import { CancellationToken } from '../types';
import { fail, ok, Result } from './result';
import { ReadOnlyTransport } from './transport';

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural name used in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

interface AggregatedResource {
  resource?: string;
  responseKind?: { kind?: string };
  scope?: string;
  verbs?: string[];
}

interface LegacyResource {
  name?: string;
  kind?: string;
  namespaced?: boolean;
  verbs?: string[];
}

export class Discovery {
  /** groupVersion → resources, or the error that fetching it gave. */
  private readonly cache = new Map<string, Result<ResourceInfo[]>>();
  private aggregated?: Promise<boolean>;
  /** Requests made, for tests and logs. */
  calls = 0;

  constructor(private readonly transport: ReadOnlyTransport) {}

  async resolve(apiVersion: string, kind: string, token?: CancellationToken): Promise<Result<ResourceInfo>> {
    const gv = splitApiVersion(apiVersion);
    const list = await this.groupVersion(gv.group, gv.version, token);
    if (!list.ok) return list;
    const found = list.value.find((r) => r.kind === kind);
    return found ? ok(found) : fail('not-found', `The cluster does not serve ${kind} in ${apiVersion}.`, { status: 404, reason: 'NotFound' });
  }

  private async groupVersion(group: string, version: string, token?: CancellationToken): Promise<Result<ResourceInfo[]>> {
    const key = group ? `${group}/${version}` : version;
    this.aggregated ??= this.loadAggregated(token);
    const hasAggregated = await this.aggregated;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (hasAggregated) return fail('not-found', `The cluster does not serve ${key}.`, { status: 404, reason: 'NotFound' });
    this.calls++;
    const r = await this.transport.get(group ? `/apis/${group}/${version}` : `/api/${version}`, {}, 'application/json', token);
    if (!r.ok) {
      if (r.error.kind === 'not-found') r.error.message = `The cluster does not serve ${key}.`;
      // Fatal errors are not cached: the next try after fixing credentials must ask again.
      if (r.error.kind === 'not-found' || r.error.kind === 'forbidden') this.cache.set(key, r);
      return r;
    }
    let doc: { resources?: LegacyResource[] };
    try {
      doc = JSON.parse(r.value.body) as { resources?: LegacyResource[] };
    } catch {
      return fail('bad-response', `Discovery document for ${key} is not JSON.`);
    }
    const resources = (doc.resources ?? [])
      .filter((x) => x.name && !x.name.includes('/') && x.kind)
      .map((x) => ({ group, version, kind: x.kind!, resource: x.name!, namespaced: Boolean(x.namespaced), verbs: x.verbs ?? [] }));
    const result = ok(resources);
    this.cache.set(key, result);
    return result;
  }

  private async loadAggregated(token?: CancellationToken): Promise<boolean> {
    const docs = [];
    for (const path of ['/api', '/apis']) {
      this.calls++;
      const r = await this.transport.get(path, {}, AGGREGATED_ACCEPT, token);
      if (!r.ok || !r.value.contentType.includes('as=APIGroupDiscoveryList')) return false;
      try {
        docs.push(JSON.parse(r.value.body) as { items?: Array<{ metadata?: { name?: string }; versions?: Array<{ version?: string; resources?: AggregatedResource[] }> }> });
      } catch {
        return false;
      }
    }
    for (const doc of docs) {
      for (const g of doc.items ?? []) {
        const group = g.metadata?.name ?? '';
        for (const v of g.versions ?? []) {
          if (!v.version) continue;
          const resources = (v.resources ?? [])
            .filter((x) => x.resource && x.responseKind?.kind)
            .map((x) => ({ group, version: v.version!, kind: x.responseKind!.kind!, resource: x.resource!, namespaced: x.scope === 'Namespaced', verbs: x.verbs ?? [] }));
          this.cache.set(group ? `${group}/${v.version}` : v.version, ok(resources));
        }
      }
    }
    return true;
  }
}
