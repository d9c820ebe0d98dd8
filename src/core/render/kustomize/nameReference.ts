// Name-reference fixing, run once at the end of a top-level build (kustomize's FixBackReferences):
// every field that refers to a ConfigMap/Secret/ServiceAccount/... by name is updated to the referral's
// final name (prefix, suffix, content hash), choosing among the objects once named so (their previous ids)
// as kustomize's nameref filter does: by namespace, then by the prefixes/suffixes the referrer went through.
import { Json, isMap } from '../merge/strategicMerge';
import { isClusterScopedKind } from '../merge/kubernetesPatchMeta';
import { BuildResource, KustomizeError, describe, groupVersion, kindOf, nameOf, namespaceOf } from './model';
import { NAME_REFERENCES, NameRefSpec, podSpecPaths } from './builtinConfig';
import { splitPath, visitSegments } from './fieldPath';

/** kustomize's SameEndingSubSlice: the shorter list is the tail of the longer one; an empty one matches any when `allowEmpty`, else only an empty one. */
function sameEnding(x: string[] = [], y: string[] = [], allowEmpty: boolean): boolean {
  const [s, l] = x.length <= y.length ? [x, y] : [y, x];
  if (s.length === 0) return allowEmpty || l.length === 0;
  return s.every((v, i) => v === l[l.length - s.length + i]);
}

function clusterScoped(r: BuildResource): boolean {
  return isClusterScopedKind(kindOf(r.object), r.object.apiVersion as string | undefined);
}

function effectiveNs(r: BuildResource): string {
  return clusterScoped(r) ? '' : namespaceOf(r.object) || 'default';
}

/** The original id's effective namespace (kustomize's OrgId: the first previous id, else the current one). */
function originalNs(r: BuildResource): string {
  return r.prevIds?.[0]?.namespace ?? effectiveNs(r);
}

/**
 * kustomize's ResMap.SubsetThatCouldBeReferencedByResource: a namespaced referrer sees cluster-scoped
 * objects, objects in its own (effective) namespace and, for a RoleBinding, the namespaces its
 * ServiceAccount subjects name.
 */
function referable(all: BuildResource[], referrer: BuildResource): BuildResource[] {
  if (clusterScoped(referrer)) return all;
  const ns = effectiveNs(referrer);
  const bindingNs = new Set<string>();
  if (kindOf(referrer.object) === 'RoleBinding' && Array.isArray(referrer.object.subjects)) {
    for (const s of referrer.object.subjects) if (isMap(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') bindingNs.add(s.namespace);
  }
  return all.filter((t) => clusterScoped(t) || effectiveNs(t) === ns || bindingNs.has(namespaceOf(t.object)));
}

/**
 * kustomize's nameref selectReferral: among the objects with a previous id of the wanted kind and the
 * referenced name (objects never renamed have none), in the referrer's namespace (cluster-scoped ones
 * and ServiceAccounts pass), one wins; else those renamed by the same prefixes and suffixes as the
 * referrer (a side never prefixed matching any, then only an unprefixed one); none left leaves the reference as written; several with one name (and namespace, for
 * name+namespace references) give the first; else the reference is ambiguous.
 */
function selectReferral(cands: BuildResource[], referrer: BuildResource, spec: NameRefSpec, oldName: string, path: string, withNamespace: boolean): BuildResource | undefined {
  const selects = (r: BuildResource, kind: string, group: string | undefined) =>
    (r.prevIds ?? []).some((id) => id.kind === kind && (group === undefined || groupVersion(r.object).group === group));
  let found = cands.filter((r) => (r.prevIds ?? []).some((id) => id.name === oldName));
  found = found.filter((r) => selects(r, spec.kind, spec.group));
  if (path.endsWith('roleRef/name') && isMap(referrer.object.roleRef)) {
    const { apiGroup, kind } = referrer.object.roleRef;
    if (typeof apiGroup === 'string' && typeof kind === 'string') found = found.filter((r) => selects(r, kind, apiGroup));
  }
  if (!clusterScoped(referrer)) {
    const ns = effectiveNs(referrer);
    found = found.filter((r) => clusterScoped(r) || kindOf(r.object) === 'ServiceAccount' || effectiveNs(r) === ns);
  }
  if (found.length === 1) return found[0];
  // Renamed like the referrer: first letting a side with no prefixes (suffixes) match any, then not.
  for (const allowEmpty of [true, false]) {
    found = found.filter((r) => sameEnding(r.prefixes, referrer.prefixes, allowEmpty) && sameEnding(r.suffixes, referrer.suffixes, allowEmpty));
    if (found.length === 1) return found[0];
  }
  if (found.length === 0) return undefined;
  const same = found.every((r) => nameOf(r.object) === nameOf(found[0].object) && (!withNamespace || namespaceOf(r.object) === namespaceOf(found[0].object)));
  if (same) return found[0];
  throw new KustomizeError(`found multiple possible referrals for ${spec.kind} '${oldName}' in ${describe(referrer.object)}: ${found.map((r) => describe(r.object)).join(', ')}`);
}

/** A reference written as a map with `name` and maybe `namespace` (RBAC subjects, webhook services). */
function mapReference(spec: NameRefSpec, segs: string[]): boolean {
  return (spec.kind === 'ServiceAccount' && segs[0] === 'subjects') || (spec.kind === 'Service' && segs.slice(-3).join('/') === 'clientConfig/service/name');
}

function fix(all: BuildResource[], referrer: BuildResource, spec: NameRefSpec, root: Json, path: string, referableCache: Map<BuildResource, BuildResource[]>): void {
  const segs = splitPath(path);
  let cached: BuildResource[] | undefined;
  const referableNow = (): BuildResource[] => {
    if (!cached) {
      cached = referableCache.get(referrer) ?? referable(all, referrer);
      referableCache.set(referrer, cached);
    }
    return cached;
  };
  visitSegments(root, segs, (parent, key) => {
    const cands = referableNow();
    const value = parent[key];
    if (Array.isArray(value)) {
      // A list of names (RBAC resourceNames): fix each entry. kustomize does this whatever the rule's
      // `resources` say (its tests pin that down, issue 4254), so we do too.
      value.forEach((v, i) => {
        if (typeof v !== 'string') return;
        const found = selectReferral(cands, referrer, spec, v, path, false);
        if (found) value[i] = nameOf(found.object);
      });
      return;
    }
    if (typeof value !== 'string') return;
    if (spec.whenKind && parent.kind !== spec.whenKind) return;
    if (!mapReference(spec, segs)) {
      const found = selectReferral(cands, referrer, spec, value, path, false);
      if (found) parent[key] = nameOf(found.object);
      return;
    }
    // kustomize's setMapping: with a namespace written beside the name, only objects whose original (else
    // current) namespace is that one; the referral's namespace is written too.
    let pool = cands;
    if (typeof parent.namespace === 'string') {
      const wanted = parent.namespace;
      const byOriginal = cands.filter((r) => originalNs(r) === wanted);
      pool = byOriginal.length ? byOriginal : cands.filter((r) => effectiveNs(r) === wanted);
    }
    const found = selectReferral(pool, referrer, spec, value, path, true);
    if (!found) return;
    if (nameOf(found.object) === value && !namespaceOf(found.object)) return;
    parent[key] = nameOf(found.object);
    if (namespaceOf(found.object)) parent.namespace = namespaceOf(found.object);
  });
}

export function fixNameReferences(all: BuildResource[], extra: NameRefSpec[] = []): void {
  // Namespaces do not change while references are fixed: each referrer's referable objects are worked out once.
  const referableCache = new Map<BuildResource, BuildResource[]>();
  for (const referrer of all) {
    const kind = kindOf(referrer.object);
    const pods = podSpecPaths(kind);
    for (const spec of [...NAME_REFERENCES, ...extra]) {
      if (spec.in === 'POD') {
        for (const p of pods) {
          let node: Json = referrer.object;
          for (const s of splitPath(p)) node = isMap(node) ? node[s] : null;
          if (node) fix(all, referrer, spec, node, spec.path, referableCache);
        }
      } else if (spec.in === 'ANY' || spec.in.includes(kind)) {
        fix(all, referrer, spec, referrer.object, spec.path, referableCache);
      }
    }
  }
}
