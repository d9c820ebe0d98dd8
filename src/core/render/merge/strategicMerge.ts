// Strategic merge patch over plain JSON data, in two flavours:
//  - 'kyaml': what kustomize does (kyaml merge2): destination order kept, new list elements appended (or
//    prepended), associative lists inferred from well-known keys when no schema is known, new map keys
//    appended in sorted order.
//  - 'apimachinery': what the API server does (k8s.io/apimachinery strategicpatch): list order normalised
//    so patch elements keep the patch order with server-only elements interleaved.
// Directives: $patch (merge/replace/delete) on maps and list elements, $retainKeys, $setElementOrder/<f>,
// $deleteFromPrimitiveList/<f>. Errors are thrown as SmpError and turned into values by the callers.
import { FieldPatchMeta, PatchSchema } from './patchMeta';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

export interface SmpOptions {
  mode: 'kyaml' | 'apimachinery';
  /** kyaml only: where new associative-list elements go. */
  listIncrease?: 'append' | 'prepend';
  /** kyaml only: infer merge keys from element fields when the schema has none (default true). */
  inferAssociative?: boolean;
}

export class SmpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmpError';
  }
}

const DELETE = Symbol('delete');
type Merged = Json | typeof DELETE;

/** kyaml's associative keys, in the order it tries them. */
const ASSOCIATIVE_KEYS = ['mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'name', 'containerPort'];
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies `patch` to `original` (neither is mutated). Returns undefined when the patch deletes the whole object. */
export function strategicMerge(original: Json | undefined, patch: Json, schema: PatchSchema | undefined, options: SmpOptions): Json | undefined {
  const out = mergeValue(original === undefined ? undefined : clone(original), patch, schema, undefined, options, []);
  return out === DELETE ? undefined : out;
}

export function clone<T extends Json>(v: T): T {
  return structuredClone(v);
}

function mergeValue(orig: Json | undefined, patch: Json, schema: PatchSchema | undefined, meta: FieldPatchMeta | undefined, o: SmpOptions, path: string[]): Merged {
  if (isMap(patch)) {
    if (meta?.strategies.includes('replace')) return stripDirectives(patch);
    return mergeMap(isMap(orig) ? orig : undefined, patch, schema, o, path, meta);
  }
  if (Array.isArray(patch)) {
    if (!Array.isArray(orig)) return o.mode === 'kyaml' && !listKeys(meta, [], patch, o, path).merge ? clone(patch) : cleanList(patch, meta, o, path);
    return mergeList(orig, patch, meta, o, path, undefined, undefined);
  }
  return patch;
}

function mergeMap(orig: JsonMap | undefined, patch: JsonMap, schema: PatchSchema | undefined, o: SmpOptions, path: string[], meta?: FieldPatchMeta): Merged {
  const directive = patch.$patch;
  if (directive !== undefined) {
    // apimachinery leaves an empty map behind; kyaml removes the field.
    if (directive === 'delete') return o.mode === 'apimachinery' && path.length > 0 && !meta?.mergeKeys.length ? {} : DELETE;
    if (directive === 'replace') return stripDirectives(withoutKey(patch, '$patch'));
    if (directive !== 'merge') throw new SmpError(`unknown patch strategy '${String(directive)}'${at(path)}`);
  }
  const result: JsonMap = orig ?? {};
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new SmpError(`$retainKeys must be a list${at(path)}`);
    const keep = new Set(retain.map(String));
    for (const k of Object.keys(patch)) {
      if (!k.startsWith('$') && patch[k] !== null && !keep.has(k)) throw new SmpError(`$retainKeys must contain every field in the patch: '${k}' missing${at(path)}`);
    }
    for (const k of Object.keys(result)) if (!keep.has(k)) delete result[k];
  }
  const keys = Object.keys(patch).filter((k) => !k.startsWith('$'));
  // kyaml visits fields in sorted order, so fields new to an existing destination land sorted; a map
  // that is new as a whole is taken in patch order.
  if (o.mode === 'kyaml' && orig !== undefined) keys.sort();
  for (const key of keys) {
    const pv = patch[key];
    const fm = schema?.field(key);
    if (pv === null) {
      delete result[key];
      continue;
    }
    let merged: Merged;
    if (Array.isArray(pv) && Array.isArray(result[key]) || Array.isArray(pv) && (patch[SET_ORDER + key] || patch[DELETE_PRIMITIVE + key])) {
      const cur = Array.isArray(result[key]) ? (result[key] as Json[]) : [];
      merged = mergeList(cur, pv, fm, o, [...path, key], asList(patch[SET_ORDER + key]), asList(patch[DELETE_PRIMITIVE + key]));
    } else {
      merged = mergeValue(result[key], pv, fm?.node, fm, o, [...path, key]);
    }
    if (merged === DELETE) delete result[key];
    else result[key] = merged;
  }
  // Directives on lists the patch does not otherwise touch.
  for (const key of Object.keys(patch)) {
    for (const prefix of [SET_ORDER, DELETE_PRIMITIVE]) {
      if (!key.startsWith(prefix)) continue;
      const field = key.slice(prefix.length);
      if (field in patch) continue;
      const cur = result[field];
      if (!Array.isArray(cur)) continue;
      const fm = schema?.field(field);
      const merged = prefix === SET_ORDER
        ? mergeList(cur, [], fm, o, [...path, field], asList(patch[key]), undefined)
        : mergeList(cur, [], fm, o, [...path, field], undefined, asList(patch[key]));
      if (merged === DELETE) delete result[field];
      else result[field] = merged;
    }
  }
  return result;
}

function asList(v: Json | undefined): Json[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function at(path: string[]): string {
  return path.length ? ` at ${path.join('.')}` : '';
}

function withoutKey(m: JsonMap, key: string): JsonMap {
  const r: JsonMap = {};
  for (const [k, v] of Object.entries(m)) if (k !== key) r[k] = v;
  return r;
}

/** Removes patch directives from a subtree that is taken as-is. */
function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.filter((e) => !(isMap(e) && e.$patch !== undefined && Object.keys(e).length === 1)).map(stripDirectives);
  if (!isMap(v)) return v;
  const r: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
    r[k] = stripDirectives(x);
  }
  return r;
}

/** A list that lands where there was none: directives removed, `$patch: delete` elements dropped. */
function cleanList(patch: Json[], meta: FieldPatchMeta | undefined, o: SmpOptions, path: string[]): Merged {
  // kyaml: `$patch: replace` beside a merge key is about that element, which is simply added.
  const listReplace = (e: Json) => isMap(e) && e.$patch === 'replace' && (o.mode !== 'kyaml' || Object.keys(e).length === 1);
  if (patch.some(listReplace)) return stripDirectives(patch.filter((e) => !listReplace(e)));
  const kept = patch.filter((e) => !(isMap(e) && e.$patch === 'delete'));
  return kept.map((e) => (isMap(e) ? (mergeMap(undefined, e, meta?.node, o, path) as Json) : e));
}

function listKeys(meta: FieldPatchMeta | undefined, orig: Json[], patch: Json[], o: SmpOptions, path: string[]): { merge: boolean; keys: string[] } {
  if (meta?.strategies.includes('replace')) return { merge: false, keys: [] };
  if (meta && (meta.strategies.includes('merge') || meta.mergeKeys.length > 0)) return { merge: true, keys: meta.mergeKeys.slice(0, 1) };
  if (o.mode === 'apimachinery' || o.inferAssociative === false) return { merge: false, keys: [] };
  // kyaml: a list whose elements all carry one of the well-known keys merges by it.
  let key = '';
  for (const list of [orig, patch]) {
    const k = associativeKey(list.filter((e) => !(isMap(e) && e.$patch !== undefined && Object.keys(e).length === 1)));
    if (!k) continue;
    if (key && key !== k) throw new SmpError(`conflicting merge keys [${key},${k}] for field ${path.join('.')}`);
    key = k;
  }
  return key ? { merge: true, keys: [key] } : { merge: false, keys: [] };
}

function associativeKey(list: Json[]): string {
  if (list.length === 0 || !list.every(isMap)) return '';
  for (const k of ASSOCIATIVE_KEYS) if (list.every((e) => isMap(e) && e[k] !== undefined)) return k;
  return '';
}

function sameKeys(a: JsonMap, b: JsonMap, keys: string[]): boolean {
  return keys.every((k) => a[k] !== undefined && String(a[k]) === String(b[k]));
}

/**
 * apimachinery's validatePatchWithSetOrderList: the patch list (deletions aside) must be a subset of
 * $setElementOrder, in the same relative order.
 */
function checkSetElementOrder(patch: Json[], order: Json[], keys: string[], path: string[]): void {
  const id = (x: Json) => (keys.length && isMap(x) ? keys.map((k) => JSON.stringify(x[k])).join('\u0000') : JSON.stringify(x));
  const positions = new Map<string, number>();
  order.forEach((x, i) => positions.set(id(x), i));
  let last = -1;
  for (const el of patch) {
    if (isMap(el) && el.$patch !== undefined) continue;
    const pos = positions.get(id(el));
    if (pos === undefined || pos < last) throw new SmpError(`the order of the patch list and $setElementOrder list doesn't match${at(path)}`);
    last = pos;
  }
}

function mergeList(orig: Json[], patch: Json[], meta: FieldPatchMeta | undefined, o: SmpOptions, path: string[], order: Json[] | undefined, deletePrimitives: Json[] | undefined): Merged {
  const { merge, keys } = listKeys(meta, orig, patch, o, path);
  // kyaml takes a list without merge keys from the patch as written, directives and all.
  if (o.mode === 'kyaml' && !merge && !order && !deletePrimitives) return clone(patch);
  if (order && o.mode === 'apimachinery' && merge) checkSetElementOrder(patch, order, keys, path);
  const lone = (e: Json, d: string) => isMap(e) && e.$patch === d && Object.keys(e).length === 1;
  if (o.mode === 'kyaml') {
    // kyaml reads a list directive from the first element carrying `$patch`, and only when that element
    // holds nothing else; `$patch` beside other fields is about that element alone.
    const first = patch.find((e) => isMap(e) && e.$patch !== undefined);
    if (isMap(first) && Object.keys(first).length === 1) {
      const rest = patch.filter((e) => e !== first);
      if (first.$patch === 'delete') return DELETE;
      if (first.$patch === 'replace') return stripDirectives(rest);
      if (first.$patch !== 'merge') throw new SmpError(`unknown patch strategy '${String(first.$patch)}'${at(path)}`);
      patch = rest;
    }
  } else if (patch.some((e) => isMap(e) && e.$patch === 'replace')) {
    // A `$patch: replace` element replaces the whole list with the other elements.
    return stripDirectives(patch.filter((e) => !(isMap(e) && e.$patch === 'replace')));
  }
  if (patch.some((e) => lone(e, 'merge'))) patch = patch.filter((e) => !lone(e, 'merge'));
  if (!merge) {
    if (deletePrimitives && patch.length === 0 && !order) return orig.filter((v) => !deletePrimitives.some((d) => d === v));
    return cleanList(patch, meta, o, path);
  }
  const isPrimitiveList = keys.length === 0 && [...orig, ...patch].every((e) => !isMap(e));
  if (isPrimitiveList) return mergePrimitiveList(orig, patch, o, order, deletePrimitives);
  if (keys.length === 0) throw new SmpError(`cannot merge lists without merge key${at(path)}`);

  let result = orig.slice();
  const patchItems: JsonMap[] = [];
  const prepended: Json[] = [];
  let deleted = false;
  for (const el of patch) {
    if (!isMap(el)) throw new SmpError(`list elements must all be maps to merge by '${keys[0]}'${at(path)}`);
    const hasKey = keys.every((k) => el[k] !== undefined);
    if (!hasKey) {
      if (o.mode === 'apimachinery') throw new SmpError(`map: ${JSON.stringify(el)} does not contain declared merge key: ${keys[0]}${at(path)}`);
      const cleaned = stripDirectives(el) as JsonMap;
      if (el.$patch !== 'delete') {
        result.push(cleaned);
        patchItems.push(cleaned);
      }
      continue;
    }
    const idx = result.findIndex((x) => isMap(x) && sameKeys(x, el, keys));
    if (el.$patch === 'delete') {
      if (o.mode === 'apimachinery' && Object.keys(el).length > keys.length + 1) {
        // apimachinery deletes by key alone; extra fields are ignored.
      }
      if (idx >= 0) {
        result = result.filter((x) => !(isMap(x) && sameKeys(x, el, keys)));
        deleted = true;
      }
      continue;
    }
    if (idx >= 0 && el.$patch === 'replace' && o.mode === 'kyaml' && o.listIncrease === 'prepend') {
      // kyaml walks a replaced element into a fresh node, then copies the destination's elements over the
      // patch's (appendListNode): the destination element survives unchanged, in the patch's position.
      patchItems.push(result[idx] as JsonMap);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(result[idx] as JsonMap, el, meta?.node, o, path);
      if (merged === DELETE) result.splice(idx, 1);
      else {
        result[idx] = merged;
        patchItems.push(merged as JsonMap);
      }
    } else {
      const added = mergeMap(undefined, el, meta?.node, o, path);
      if (added === DELETE) continue;
      if (o.mode === 'kyaml' && isMap(added) && Object.keys(added).length === 0) continue;
      patchItems.push(added as JsonMap);
      if (o.mode === 'kyaml' && o.listIncrease === 'prepend') prepended.push(added);
      else result.push(added);
    }
  }
  if (o.mode === 'kyaml' && o.listIncrease === 'prepend') {
    // kyaml prepends: elements named by the patch first (patch order), then the rest of the destination.
    const named = patch.filter((e) => isMap(e) && (e.$patch === undefined || e.$patch === 'replace' || e.$patch === 'merge') && keys.every((k) => e[k] !== undefined));
    const pos = (x: Json) => named.findIndex((w) => isMap(w) && isMap(x) && sameKeys(x, w, keys));
    const fromPatch = [...result.filter((x) => pos(x) >= 0), ...prepended].sort((a, b) => pos(a) - pos(b));
    result = [...fromPatch, ...result.filter((x) => pos(x) < 0)];
  }
  if (o.mode === 'kyaml' && !order) return result;
  const wanted = order ?? patch.filter((e) => isMap(e) && e.$patch === undefined);
  const inPatch = (x: Json) => wanted.some((w) => isMap(w) && isMap(x) && sameKeys(x, w, keys));
  const pItems = result.filter(inPatch);
  const serverOnly = result.filter((x) => !inPatch(x));
  const sortBy = (list: Json[], ord: Json[]) => {
    const pos = (x: Json) => ord.findIndex((w) => isMap(w) && isMap(x) && sameKeys(x, w, keys));
    return list.slice().sort((a, b) => pos(a) - pos(b));
  };
  // apimachinery deletes and appends in place on the original slice's backing array, so after a deletion
  // the "server order" it compares against is the merged list cut to the original length.
  const serverOrder = deleted ? result.slice(0, orig.length) : orig;
  return mergeSorted(sortBy(serverOnly, orig), sortBy(pItems, wanted), (x) => serverOrder.findIndex((w) => isMap(w) && isMap(x) && sameKeys(x, w, keys)));
}

function mergePrimitiveList(orig: Json[], patch: Json[], o: SmpOptions, order: Json[] | undefined, deletePrimitives: Json[] | undefined): Json[] {
  const seen = new Set<string>();
  const both: Json[] = [];
  const add = (v: Json) => {
    const k = JSON.stringify(v);
    if (!seen.has(k)) {
      seen.add(k);
      both.push(v);
    }
  };
  if (o.mode === 'kyaml' && o.listIncrease === 'prepend') {
    patch.forEach(add);
    orig.forEach(add);
  } else {
    orig.forEach(add);
    patch.forEach(add);
  }
  const del = new Set((deletePrimitives ?? []).map((v) => JSON.stringify(v)));
  const merged = both.filter((v) => !del.has(JSON.stringify(v)));
  if (o.mode === 'kyaml' && !order) return merged;
  const wanted = (order ?? patch).map((v) => JSON.stringify(v));
  const pItems = merged.filter((v) => wanted.includes(JSON.stringify(v))).sort((a, b) => wanted.indexOf(JSON.stringify(a)) - wanted.indexOf(JSON.stringify(b)));
  const serverOnly = merged.filter((v) => !wanted.includes(JSON.stringify(v)));
  const origKeys = orig.map((v) => JSON.stringify(v));
  return mergeSorted(serverOnly, pItems, (x) => origKeys.indexOf(JSON.stringify(x)));
}

/** apimachinery's mergeSortedSlice: interleave server-only items (left) into patch items (right) by server order. */
function mergeSorted(left: Json[], right: Json[], serverIndex: (x: Json) => number): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = serverIndex(left[i]);
      const ri = serverIndex(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
