// Discovery documents: legacy (/api, /api/v1, /apis, /apis/<g>/<v>) and aggregated (apidiscovery.k8s.io/v2).
import { createHash } from 'node:crypto';
import { JsonObject } from './fields';
import { groupVersion, ServedResource, verbsOf } from './resources';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function hash(s: string): string {
  return createHash('sha256').update(s).digest('base64').slice(0, 11) + '=';
}

export function versionInfo(): JsonObject {
  return {
    major: '1',
    minor: '30',
    gitVersion: 'v1.30.2',
    gitCommit: '39683505b630ff2121012f3c5b16215a1449d5ed',
    gitTreeState: 'clean',
    buildDate: '2024-06-11T20:21:00Z',
    goVersion: 'go1.22.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupsOf(resources: ServedResource[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    if (!r.group) continue;
    const vs = groups.get(r.group) ?? [];
    if (!vs.includes(r.version)) vs.push(r.version);
    groups.set(r.group, vs);
  }
  return groups;
}

export function groupList(resources: ServedResource[]): JsonObject {
  const groups = [...groupsOf(resources)].map(([name, versions]) => ({
    name,
    versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
  }));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function resourceList(resources: ServedResource[], group: string, version: string): JsonObject | undefined {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const items: JsonObject[] = [];
  for (const r of served) {
    const item: JsonObject = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbsOf(r) };
    if (r.shortNames) item.shortNames = r.shortNames;
    if (r.categories) item.categories = r.categories;
    item.storageVersionHash = hash(`${group}/${version}/${r.plural}`);
    items.push(item);
    if (r.status) items.push({ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: items };
}

/** Aggregated discovery for `/api` (core only) or `/apis` (every named group). */
export function aggregated(resources: ServedResource[], core: boolean): JsonObject {
  const byGroup = new Map<string, ServedResource[]>();
  for (const r of resources) {
    if ((r.group === '') !== core) continue;
    byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  }
  const items: JsonObject[] = [...byGroup].map(([group, rs]): JsonObject => {
    const versions = [...new Set(rs.map((r) => r.version))];
    return {
      metadata: group ? { name: group, creationTimestamp: null } : ({ creationTimestamp: null } as JsonObject),
      versions: versions.map((version) => ({
        version,
        resources: rs
          .filter((r) => r.version === version)
          .map((r) => {
            const d: JsonObject = {
              resource: r.plural,
              responseKind: { group: '', version: '', kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.singular,
              verbs: verbsOf(r),
            };
            if (r.shortNames) d.shortNames = r.shortNames;
            if (r.categories) d.categories = r.categories;
            if (r.status) d.subresources = [{ subresource: 'status', responseKind: { group: '', version: '', kind: r.kind }, verbs: ['get', 'patch', 'update'] }];
            return d;
          }),
        freshness: 'Current',
      })),
    };
  });
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
