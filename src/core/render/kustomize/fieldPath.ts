// kustomize field specs: `spec/template/metadata/labels`, where a list met on the way is traversed
// element by element (`containers[]` and plain `containers` behave the same), `create` makes missing maps.
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { groupVersion, kindOf } from './model';
import { mapFromNull } from './nullMaps';

export interface FieldSpec {
  path: string;
  group?: string;
  version?: string;
  kind?: string;
  create?: boolean;
}

export function specApplies(spec: FieldSpec, o: JsonMap): boolean {
  const { group, version } = groupVersion(o);
  if (spec.kind && spec.kind !== kindOf(o)) return false;
  if (spec.group !== undefined && spec.group !== group && !(spec.group === '' && !spec.kind)) return false;
  if (spec.version && spec.version !== version) return false;
  return true;
}

export function splitPath(path: string): string[] {
  // Escaped slashes (`\/`) stay inside a segment, e.g. annotation keys.
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (path[i] === '/') {
      out.push(cur);
      cur = '';
    } else cur += path[i];
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

/**
 * Calls `visit(parent, key)` for every place the path reaches: the parent container and the final key.
 * With `create`, missing intermediate maps are created (and the final field is visited even when absent).
 */
export function visitField(root: JsonMap, path: string, create: boolean, visit: (parent: JsonMap, key: string) => void): void {
  walk(root, splitPath(path), create, visit);
}

function walk(node: Json, segs: string[], create: boolean, visit: (parent: JsonMap, key: string) => void): void {
  if (Array.isArray(node)) {
    for (const el of node) walk(el, segs, create, visit);
    return;
  }
  if (!isMap(node) || segs.length === 0) return;
  let [seg] = segs;
  const rest = segs.slice(1);
  const isSeq = seg.endsWith('[]');
  if (isSeq) seg = seg.slice(0, -2);
  // `containers[name=foo]` style filters.
  const filter = /^(.*)\[(.+)=(.*)\]$/.exec(seg);
  if (filter) {
    const list = node[filter[1]];
    if (Array.isArray(list)) for (const el of list) if (isMap(el) && String(el[filter[2]]) === filter[3]) walk(el, rest, create, visit);
    return;
  }
  if (rest.length === 0) {
    if (seg in node || create) visit(node, seg);
    return;
  }
  let next = node[seg];
  // kyaml's fieldspec filter turns a null it meets on a `name[]` segment into an empty list, whether or
  // not the spec creates fields (`containers: null` becomes `containers: []` under an images transformer).
  if (next === null && isSeq) {
    node[seg] = [];
    return;
  }
  // ...and never creates a list that is missing.
  if (next === undefined && isSeq) return;
  // A null met on the way becomes a map, keeping what was written below it (nullMaps).
  if (next === null && create) next = mapFromNull(node, seg);
  else if (next === undefined && create) {
    next = {};
    node[seg] = next;
  }
  if (next !== undefined && next !== null) walk(next, rest, create, visit);
}

/** Visits the final key of plain path segments (no `[]` or `[name=x]` forms), through every list on the way. */
export function visitSegments(node: Json, segs: string[], fn: (parent: JsonMap, key: string) => void): void {
  if (Array.isArray(node)) {
    for (const e of node) visitSegments(e, segs, fn);
    return;
  }
  if (!isMap(node) || segs.length === 0) return;
  const [seg, ...rest] = segs;
  if (rest.length === 0) {
    if (seg in node) fn(node, seg);
    return;
  }
  visitSegments(node[seg], rest, fn);
}
