// Name-reference fixing, run once at the end of a top-level build (kustomize's FixBackReferences):
// every field that refers to a ConfigMap/Secret/ServiceAccount/... by name is updated to the referral's
// final name (prefix, suffix, content hash), choosing among same-named referrals by namespace and by the
// prefixes/suffixes the referrer went through.
import { Json, isMap } from '../merge/strategicMerge';
import { isClusterScopedKind } from '../merge/kubernetesPatchMeta';
import { BuildResource, KustomizeError, describe, kindOf, nameOf, namespaceOf } from './model';
import { NAME_REFERENCES, NameRefSpec, podSpecPaths } from './builtinConfig';
import { splitPath, visitSegments } from './fieldPath';

/** kustomize's SameEndingSubSlice: the shorter list is the tail of the longer one; empty matches empty only unless lenient. */
function sameEnding(x: string[] = [], y: string[] = [], lenient: boolean): boolean {
  const [s, l] = x.length <= y.length ? [x, y] : [y, x];
  if (s.length === 0) return lenient || l.length === 0;
  return s.every((v, i) => v === l[l.length - s.length + i]);
}

function sameLineage(a: BuildResource, b: BuildResource, lenient: boolean): boolean {
  return sameEnding(a.prefixes, b.prefixes, lenient) && sameEnding(a.suffixes, b.suffixes, lenient);
}

function candidates(all: BuildResource[], referrer: BuildResource, kind: string, oldName: string, refNs: string | undefined): BuildResource[] {
  let found = all.filter((r) => kindOf(r.object) === kind && r.nameHistory.includes(oldName) && r.nameHistory[r.nameHistory.length - 1] !== undefined);
  if (found.length === 0) return [];
  const ns = refNs ?? namespaceOf(referrer.object);
  if (!isClusterScopedKind(kind)) {
    const inNs = found.filter((r) => namespaceOf(r.object) === ns || (!ns && !namespaceOf(r.object)));
    // A cluster-scoped referrer (ClusterRoleBinding, webhook) may point into any namespace.
    if (inNs.length > 0) found = inNs;
    else if (!(isClusterScopedKind(kindOf(referrer.object), referrer.object.apiVersion as string | undefined) && refNs === undefined)) {
      found = found.filter((r) => r.namespaceHistory.includes(ns));
    }
  }
  if (found.length > 1) {
    // Prefer referrals renamed by the same prefixes/suffixes as the referrer (same base, same overlay).
    const strict = found.filter((r) => sameLineage(r, referrer, false));
    const lenient = found.filter((r) => sameLineage(r, referrer, true));
    if (strict.length === 1) return strict;
    if (lenient.length >= 1) found = lenient;
    else if (strict.length > 1) found = strict;
  }
  if (found.length > 1) {
    const exact = found.filter((r) => nameOf(r.object) === oldName);
    if (exact.length === 1) return exact;
  }
  return found;
}


function fix(all: BuildResource[], referrer: BuildResource, spec: NameRefSpec, root: Json, path: string): void {
  const segs = splitPath(path);
  visitSegments(root, segs, (parent, key) => {
    const value = parent[key];
    if (Array.isArray(value)) {
      // A list of names (RBAC resourceNames): fix each entry. kustomize does this whatever the rule's
      // `resources` say (its tests pin that down, issue 4254), so we do too.
      value.forEach((v, i) => {
        if (typeof v !== 'string') return;
        const found = candidates(all, referrer, spec.kind, v, undefined);
        if (found.length === 1) value[i] = nameOf(found[0].object);
      });
      return;
    }
    if (typeof value !== 'string') return;
    if (spec.whenKind && parent.kind !== spec.whenKind && !(segs[segs.length - 2] === 'roleRef' || segs[0] === 'subjects' || segs.includes('scaleTargetRef'))) return;
    if (spec.whenKind && parent.kind !== spec.whenKind) return;
    const refNs = typeof parent.namespace === 'string' && (spec.kind === 'ServiceAccount' || spec.kind === 'Service') ? parent.namespace : undefined;
    const found = candidates(all, referrer, spec.kind, value, refNs);
    if (found.length === 0) return;
    if (found.length > 1) {
      throw new KustomizeError(`found multiple possible referrals for ${spec.kind} '${value}' in ${describe(referrer.object)}: ${found.map((r) => describe(r.object)).join(', ')}`);
    }
    const target = found[0];
    parent[key] = nameOf(target.object);
    if (spec.kind === 'ServiceAccount' && segs[0] === 'subjects' && namespaceOf(target.object)) parent.namespace = namespaceOf(target.object);
    if (spec.kind === 'Service' && 'namespace' in parent && namespaceOf(target.object)) parent.namespace = namespaceOf(target.object);
  });
}

export function fixNameReferences(all: BuildResource[], extra: NameRefSpec[] = []): void {
  for (const referrer of all) {
    const kind = kindOf(referrer.object);
    const pods = podSpecPaths(kind);
    for (const spec of [...NAME_REFERENCES, ...extra]) {
      if (spec.in === 'POD') {
        for (const p of pods) {
          let node: Json = referrer.object;
          for (const s of splitPath(p)) node = isMap(node) ? node[s] : null;
          if (node) fix(all, referrer, spec, node, spec.path);
        }
      } else if (spec.in === 'ANY' || spec.in.includes(kind)) {
        fix(all, referrer, spec, referrer.object, spec.path);
      }
    }
  }
}
