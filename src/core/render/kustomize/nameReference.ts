// Name-reference fixing, run once at the end of a top-level build (kustomize's FixBackReferences):
// every field that refers to a ConfigMap/Secret/ServiceAccount/... by name is updated to the referral's
// final name (prefix, suffix, content hash), choosing among same-named referrals by namespace and by the
// prefixes/suffixes the referrer went through.
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { isClusterScopedKind } from '../merge/kubernetesPatchMeta';
import { BuildResource, kindOf, nameOf, namespaceOf } from './model';
import { NAME_REFERENCES, NameRefSpec, podSpecPaths } from './builtinConfig';
import { splitPath } from './fieldPath';

function sameLineage(a: BuildResource, b: BuildResource): boolean {
  const eq = (x?: string[], y?: string[]) => (x ?? []).join('\u0000') === (y ?? []).join('\u0000');
  return eq(a.prefixes, b.prefixes) && eq(a.suffixes, b.suffixes);
}

function candidates(all: BuildResource[], referrer: BuildResource, kind: string, oldName: string, refNs: string | undefined): BuildResource[] {
  let found = all.filter((r) => kindOf(r.object) === kind && r.nameHistory.includes(oldName) && r.nameHistory[r.nameHistory.length - 1] !== undefined);
  if (found.length === 0) return [];
  const ns = refNs ?? namespaceOf(referrer.object);
  if (!isClusterScopedKind(kind)) {
    const inNs = found.filter((r) => namespaceOf(r.object) === ns || r.namespaceHistory.includes(ns) || (!ns && !namespaceOf(r.object)));
    if (inNs.length > 0 || isClusterScopedKind(kindOf(referrer.object)) === false) found = inNs.length > 0 ? inNs : found;
  }
  if (found.length > 1) {
    const lineage = found.filter((r) => sameLineage(r, referrer));
    if (lineage.length > 0) found = lineage;
  }
  if (found.length > 1) {
    const exact = found.filter((r) => nameOf(r.object) === oldName);
    if (exact.length === 1) return exact;
  }
  return found;
}

function visit(node: Json, segs: string[], fn: (parent: JsonMap, key: string) => void): void {
  if (Array.isArray(node)) {
    for (const e of node) visit(e, segs, fn);
    return;
  }
  if (!isMap(node) || segs.length === 0) return;
  const [seg, ...rest] = segs;
  if (rest.length === 0) {
    if (seg in node) fn(node, seg);
    return;
  }
  visit(node[seg], rest, fn);
}

function fix(all: BuildResource[], referrer: BuildResource, spec: NameRefSpec, root: Json, path: string): void {
  const segs = splitPath(path);
  visit(root, segs, (parent, key) => {
    const value = parent[key];
    if (typeof value !== 'string') return;
    if (spec.whenKind && parent.kind !== spec.whenKind && !(segs[segs.length - 2] === 'roleRef' || segs[0] === 'subjects' || segs.includes('scaleTargetRef'))) return;
    if (spec.whenKind && parent.kind !== spec.whenKind) return;
    const refNs = typeof parent.namespace === 'string' && spec.kind === 'ServiceAccount' ? parent.namespace : undefined;
    const found = candidates(all, referrer, spec.kind, value, refNs);
    if (found.length === 0) return;
    const names = new Set(found.map((r) => nameOf(r.object)));
    if (names.size !== 1) return;
    const target = found[0];
    parent[key] = nameOf(target.object);
    if (spec.kind === 'ServiceAccount' && segs[0] === 'subjects' && namespaceOf(target.object)) parent.namespace = namespaceOf(target.object);
  });
}

export function fixNameReferences(all: BuildResource[]): void {
  const renamed = all.some((r) => r.nameHistory.length > 1 || nameOf(r.object) !== r.nameHistory[0]);
  if (!renamed) return;
  for (const referrer of all) {
    const kind = kindOf(referrer.object);
    const pods = podSpecPaths(kind);
    for (const spec of NAME_REFERENCES) {
      if (spec.in === 'POD') {
        for (const p of pods) {
          let node: Json = referrer.object;
          for (const s of splitPath(p)) node = isMap(node) ? node[s] : null;
          if (node) fix(all, referrer, spec, node, spec.path);
        }
      } else if (spec.in.includes(kind)) {
        fix(all, referrer, spec, referrer.object, spec.path);
      }
    }
  }
}
