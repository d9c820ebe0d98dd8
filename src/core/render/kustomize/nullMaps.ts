// A map that exists as null (`annotations: null`, Helm's `annotations:`) is a scalar node to kyaml, yet
// kyaml's setters append entries to whatever node they are given: what a replacement's `options.create`
// (or a transformer writing without create) puts below such a field goes into the null node's content. It
// is not output while the node stays null, but it is not lost either:
// - kustomize's fieldspec filter, on its way down a spec that creates fields (labels, annotations,
//   selectors, replicas...), turns a null node it meets into a map (`Kind`/`Tag` changed, content kept),
//   so the entries appear beside the transformer's own;
// - annotations are read by walking the node's entries, and kustomize writes them back as a map at the end
//   of the build (RemoveBuildAnnotations).
// A patch that re-encodes the object (a new `metadata` map here) drops them. The content is kept here,
// keyed by the map holding the null and the field's key.
import { Json, JsonMap, isMap } from '../merge/strategicMerge';

const hidden = new WeakMap<object, Map<string | number, JsonMap>>();

/**
 * Previous ids (Resource.StorePreviousId) appended to a null annotations node's content, by content: kyaml
 * reads that content (GetAnnotations walks the entries) but its setter does not look there (Field needs a
 * map), so every store appends the three bookkeeping keys again, and readers see the first copy.
 */
const previousIdStores = new WeakMap<JsonMap, number>();

/** Annotation maps holding kustomize's previous-id keys more than once (made from such a null node). */
const duplicatedBookkeeping = new WeakSet<JsonMap>();

/** The content of the null at `parent[key]` (made empty the first time), where a create below it writes. */
export function contentOfNull(parent: JsonMap | Json[], key: string | number): JsonMap {
  let byKey = hidden.get(parent);
  if (!byKey) hidden.set(parent, (byKey = new Map()));
  let m = byKey.get(key);
  if (!m) byKey.set(key, (m = {}));
  return m;
}

/** What was written below the null at `parent[key]` (a copy; empty when nothing). */
export function nullContent(parent: JsonMap, key: string): JsonMap {
  return { ...(hidden.get(parent)?.get(key) ?? {}) };
}

/** Whether something was written below the null at `parent[key]`. */
export function nullHasContent(parent: JsonMap, key: string): boolean {
  const m = hidden.get(parent)?.get(key);
  return m !== undefined && Object.keys(m).length > 0;
}

/**
 * A fieldspec walk that creates fields meets a null at `parent[key]`: the node becomes a map holding
 * what was written below it, and is returned.
 */
export function mapFromNull(parent: JsonMap, key: string): JsonMap {
  const m = hidden.get(parent)?.get(key) ?? {};
  hidden.get(parent)?.delete(key);
  if ((previousIdStores.get(m) ?? 0) >= 2) duplicatedBookkeeping.add(m);
  parent[key] = m;
  return m;
}

/** At the end of the build: annotations written below a null `metadata.annotations` appear, as text. */
export function revealNullAnnotations(objects: JsonMap[]): void {
  for (const o of objects) {
    const md = o.metadata;
    if (!isMap(md) || (md.annotations !== null && md.annotations !== undefined)) continue;
    const m = hidden.get(md)?.get('annotations');
    if (!m || Object.keys(m).length === 0) continue;
    md.annotations = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, isMap(v) || Array.isArray(v) ? '' : v === null ? 'null' : String(v)]));
  }
}

/**
 * A previous id is stored while `md.annotations` is null with entries created below it: the bookkeeping
 * is appended to that content. Returns how many ids that content now holds (0: the node is not such a null).
 */
export function appendPreviousIdToNull(md: JsonMap): number {
  if (md.annotations !== null || !nullHasContent(md, 'annotations')) return 0;
  const content = contentOfNull(md, 'annotations');
  const n = (previousIdStores.get(content) ?? 0) + 1;
  previousIdStores.set(content, n);
  return n;
}

/** How many previous ids sit in the content of a null `md.annotations` (lost when the object is re-encoded). */
export function previousIdsInNull(md: JsonMap): number {
  if (md.annotations !== null) return 0;
  const content = hidden.get(md)?.get('annotations');
  return content ? previousIdStores.get(content) ?? 0 : 0;
}

/** Whether `annotations` holds the previous-id keys twice (kyaml re-reading the object fails on it). */
export function hasDuplicatedBookkeeping(annotations: unknown): boolean {
  return typeof annotations === 'object' && annotations !== null && duplicatedBookkeeping.has(annotations as JsonMap);
}

/** A merge rebuilt the annotations map: the duplicated keys are still there (kyaml's walk keeps them). */
export function keepDuplicatedBookkeeping(annotations: unknown): void {
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) duplicatedBookkeeping.add(annotations as JsonMap);
}
