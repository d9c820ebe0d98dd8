// kustomize's label and annotation transformers give a key they add one YAML node, shared by every field
// they create it in within one object (labels.Filter → Setter.SetEntry → FieldSetter appends the same
// node). kyaml later writes scalars in place (FieldSetter → SetYNode), so a later label transformer, a
// strategic merge patch or a replacement that changes the value at one of those fields changes it at all
// of them: `labels: [{pairs: {env: a}, includeSelectors: true}, {pairs: {env: b}}]` leaves `env: b` in the
// selector too. This module remembers those groups of fields and replays kyaml's in-place writes.
// JSON 6902 patches re-parse the object, which ends the sharing (`unlinkFields`).
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource } from './model';

/** Path to a field: map keys and list indexes (as strings), the field's own key last. */
type FieldPath = string[];

const links = new WeakMap<BuildResource, FieldPath[][]>();

function findPath(node: Json, target: JsonMap, path: string[]): string[] | undefined {
  if (node === target) return path;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const p = findPath(node[i], target, [...path, String(i)]);
      if (p) return p;
    }
  } else if (isMap(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v !== 'object' || v === null) continue;
      const p = findPath(v, target, [...path, k]);
      if (p) return p;
    }
  }
  return undefined;
}

function getAt(root: Json, path: FieldPath): Json | undefined {
  let cur: Json | undefined = root;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isMap(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function parentOf(root: Json, path: FieldPath): JsonMap | undefined {
  const p = getAt(root, path.slice(0, -1));
  return isMap(p) ? p : undefined;
}

/**
 * Records that `key` was created with one shared value in each of `maps` (maps inside `r.object`), as
 * kustomize's label/annotation filter does for one object.
 */
export function linkCreatedFields(r: BuildResource, key: string, maps: JsonMap[]): void {
  if (maps.length < 2) return;
  const paths = maps.map((m) => findPath(r.object, m, [])).filter((p): p is string[] => p !== undefined).map((p) => [...p, key]);
  if (paths.length < 2) return;
  links.set(r, [...(links.get(r) ?? []), paths]);
}

/** The object was rebuilt from scratch (JSON 6902): nothing is shared any more. */
export function unlinkFields(r: BuildResource): void {
  links.delete(r);
}

export type LinkSnapshot = Map<BuildResource, Array<Array<Json | undefined>>>;

/** The linked values before a step that writes in place. */
export function snapshotLinks(list: BuildResource[]): LinkSnapshot {
  const snap: LinkSnapshot = new Map();
  for (const r of list) {
    const groups = links.get(r);
    if (groups) snap.set(r, groups.map((g) => g.map((p) => getAt(r.object, p))));
  }
  return snap;
}

/**
 * After the step: a linked field the step changed carries its new value to the other fields of its group,
 * as the shared node would; fields the step removed leave their group.
 */
export function syncLinks(snap: LinkSnapshot): void {
  for (const [r, before] of snap) {
    const groups = links.get(r);
    if (!groups) continue;
    const kept: FieldPath[][] = [];
    groups.forEach((group, gi) => {
      const old = before[gi] ?? [];
      const live = group.filter((p) => getAt(r.object, p) !== undefined);
      const changed = group.map((p, i) => ({ p, v: getAt(r.object, p), was: old[i] })).filter((x) => x.v !== undefined && x.v !== x.was && typeof x.v === 'string');
      const value = changed.length ? changed[changed.length - 1].v : undefined;
      if (value !== undefined) {
        for (const p of live) {
          const parent = parentOf(r.object, p);
          if (parent) parent[p[p.length - 1]] = value;
        }
      }
      if (live.length >= 2) kept.push(live);
    });
    if (kept.length) links.set(r, kept);
    else links.delete(r);
  }
}

/** Runs a step that writes in place, then replays the writes on linked fields. */
export async function withLinkedFields<T>(list: BuildResource[], step: () => T | Promise<T>): Promise<T> {
  const snap = snapshotLinks(list);
  const out = await step();
  if (snap.size) syncLinks(snap);
  return out;
}
