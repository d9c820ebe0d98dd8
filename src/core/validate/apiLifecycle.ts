// Whether the target Kubernetes release serves an apiVersion/kind, derived from the bundled OpenAPI
// documents: served in an older one but not the target → removed; served in the target but not in a newer
// bundled one → deprecated (it will go). Removals older than the oldest bundle come from the deprecation guide.
import { ApiVersionsFile } from './schemas/bundleFormat';

export type ApiStatus =
  | { status: 'served' }
  | { status: 'deprecated'; removedIn: string; replacement?: string }
  | { status: 'removed'; removedIn?: string; lastServedIn?: string; replacement?: string }
  /** The group/version is Kubernetes' own and served, but no release ever had this kind in it. */
  | { status: 'unknown-kind'; knownKinds: string[] }
  /** Not a Kubernetes group (a CRD), or the bundle cannot tell. */
  | { status: 'not-builtin' };

/** Orders `1.30` < `1.34` < `1.36` (numerically, not as strings). */
export function compareReleases(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** v1 > v1beta2 > v1beta1 > v1alpha1; higher major wins. */
function stability(version: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!m) return -1;
  const tier = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
  return Number(m[1]) * 1000 + tier * 100 + Number(m[3] ?? 0);
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}
function versionOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
}

export class ApiLifecycle {
  private readonly served = new Map<string, string[]>();
  private readonly servedGroupVersions = new Set<string>();
  private readonly kindsByGroupVersion = new Map<string, Set<string>>();

  constructor(
    private readonly table: ApiVersionsFile,
    readonly target: string,
  ) {
    for (const e of table.entries) {
      this.served.set(`${e.apiVersion}/${e.kind}`, e.servedIn);
      if (e.servedIn.includes(target)) {
        this.servedGroupVersions.add(e.apiVersion);
        let kinds = this.kindsByGroupVersion.get(e.apiVersion);
        if (!kinds) this.kindsByGroupVersion.set(e.apiVersion, (kinds = new Set()));
        kinds.add(e.kind);
      }
    }
  }

  /** The apiVersion the target serves this kind under: same group first, most stable version. */
  replacementFor(apiVersion: string, kind: string): string | undefined {
    const group = groupOf(apiVersion);
    let best: { apiVersion: string; score: number } | undefined;
    for (const e of this.table.entries) {
      if (e.kind !== kind || e.apiVersion === apiVersion || !e.servedIn.includes(this.target)) continue;
      const score = (groupOf(e.apiVersion) === group ? 100000 : 0) + stability(versionOf(e.apiVersion));
      if (!best || score > best.score) best = { apiVersion: e.apiVersion, score };
    }
    return best?.apiVersion;
  }

  private readonly memo = new Map<string, ApiStatus>();

  status(apiVersion: string, kind: string): ApiStatus {
    const key = `${apiVersion}/${kind}`;
    let hit = this.memo.get(key);
    if (!hit) this.memo.set(key, (hit = this.compute(apiVersion, kind)));
    return hit;
  }

  private compute(apiVersion: string, kind: string): ApiStatus {
    const group = groupOf(apiVersion);
    if (!this.table.builtinGroups.includes(group)) return { status: 'not-builtin' };
    const servedIn = this.served.get(`${apiVersion}/${kind}`);
    if (servedIn?.includes(this.target)) {
      const later = this.table.versions.filter((v) => compareReleases(v, this.target) > 0);
      const goneIn = later.find((v) => !servedIn.includes(v));
      if (goneIn) return { status: 'deprecated', removedIn: goneIn, replacement: this.replacementFor(apiVersion, kind) };
      return { status: 'served' };
    }
    if (servedIn && servedIn.length > 0) {
      const older = servedIn.filter((v) => compareReleases(v, this.target) < 0);
      if (older.length > 0) {
        const last = older[older.length - 1];
        const removedIn = this.table.versions.find((v) => compareReleases(v, last) > 0);
        return { status: 'removed', lastServedIn: last, removedIn, replacement: this.replacementFor(apiVersion, kind) };
      }
      // Only newer releases serve it: to the target release it does not exist yet.
      return { status: 'removed', replacement: this.replacementFor(apiVersion, kind) };
    }
    const historical = this.table.historical.find((h) => h.apiVersion === apiVersion && h.kinds.includes(kind));
    if (historical) {
      return { status: 'removed', removedIn: historical.removedIn, replacement: historical.replacement ?? this.replacementFor(apiVersion, kind) };
    }
    if (this.servedGroupVersions.has(apiVersion)) {
      return { status: 'unknown-kind', knownKinds: [...(this.kindsByGroupVersion.get(apiVersion) ?? [])] };
    }
    return { status: 'removed', replacement: this.replacementFor(apiVersion, kind) };
  }
}
