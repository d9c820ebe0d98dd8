// Kustomize patch/replacement target selectors: group, version, kind, name, namespace (regular
// expressions anchored at both ends), labelSelector and annotationSelector (equality and set-based).
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource, groupVersion, kindOf, nameOf, namespaceOf } from './model';
import { isClusterScopedKind } from '../merge/kubernetesPatchMeta';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function matchRegex(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** Label selector syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function matchLabelSelector(selector: string | undefined, labels: Record<string, Json> | undefined): boolean {
  if (!selector || !selector.trim()) return true;
  const l = labels ?? {};
  const terms = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  return terms.every((raw) => {
    const t = raw.trim();
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
    if (m) {
      const vals = m[3].split(',').map((s) => s.trim());
      const has = m[1] in l && vals.includes(String(l[m[1]]));
      return m[2] === 'in' ? has : !has;
    }
    m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(t);
    if (m) {
      const eq = m[1] in l && String(l[m[1]]) === m[3].trim();
      return m[2] === '!=' ? !eq : eq;
    }
    if (t.startsWith('!')) return !(t.slice(1) in l);
    return t in l;
  });
}

export function matchesSelector(o: JsonMap, s: Selector): boolean {
  const { group, version } = groupVersion(o);
  const md = isMap(o.metadata) ? o.metadata : {};
  return matchRegex(s.group, group) && matchRegex(s.version, version) && matchRegex(s.kind, kindOf(o)) &&
    matchRegex(s.name, nameOf(o)) && matchRegex(s.namespace, namespaceOf(o)) &&
    matchLabelSelector(s.labelSelector, isMap(md.labels) ? md.labels : undefined) &&
    matchLabelSelector(s.annotationSelector, isMap(md.annotations) ? md.annotations : undefined);
}

/** kustomize's ResId.EffectiveNamespace: no namespace is "default"; cluster-scoped objects have none. */
function effectiveNamespace(o: JsonMap, ns: string): string {
  if (isClusterScopedKind(kindOf(o), o.apiVersion as string | undefined)) return '_non_namespaceable_';
  return ns || 'default';
}

/**
 * kustomize's ResMap.Select (patch targets): name and namespace match the object's original id (its first
 * previous id: before prefixes, suffixes and namespaces) or its current one, namespaces compared as effective namespaces;
 * group, version and kind are compared as plain strings (Gvk.IsSelected), not as regular expressions.
 */
export function selectsResource(r: BuildResource, s: Selector): boolean {
  const o = r.object;
  const { group, version } = groupVersion(o);
  const md = isMap(o.metadata) ? o.metadata : {};
  // The original id is the first previous id kustomize stored (Resource.OrgId), else the current one: a
  // legacy patchesJson6902 rename stores none, so the name it replaced no longer selects the object.
  const org = r.prevIds?.[0];
  const orgName = org ? org.name : nameOf(o);
  const orgNs = org ? org.namespace : namespaceOf(o);
  const nsOk = !s.namespace || matchRegex(s.namespace, effectiveNamespace(o, orgNs)) || matchRegex(s.namespace, effectiveNamespace(o, namespaceOf(o)));
  const nameOk = !s.name || matchRegex(s.name, orgName) || matchRegex(s.name, nameOf(o));
  return nsOk && nameOk && exact(s.group, group) && exact(s.version, version) && exact(s.kind, kindOf(o)) &&
    matchLabelSelector(s.labelSelector, isMap(md.labels) ? md.labels : undefined) &&
    matchLabelSelector(s.annotationSelector, isMap(md.annotations) ? md.annotations : undefined);
}

function exact(want: string | undefined, value: string): boolean {
  return !want || want === value;
}
