// `replacements`: copy a field from one source object into fields of target objects, with
// kustomize's field paths (`spec.containers.[name=app].image`), delimiter/index and create options.
import { Json, JsonMap, isMap, clone } from '../merge/strategicMerge';
import { BuildResource, KustomizeError, describe, kindOf } from './model';
import { Selector, matchesSelector } from './selector';
import { contentOfNull } from './nullMaps';
import { decodeAs, deferDecodeError, isUntagged, markUntagged, pendingTag, resolvePlain, tagOf } from './scalarTags';

export interface Replacement {
  source?: Selector & { fieldPath?: string; options?: FieldOptions };
  targets?: Array<{ select?: Selector; reject?: Selector[]; fieldPaths?: string[]; options?: FieldOptions }>;
  path?: string;
}

interface FieldOptions {
  delimiter?: string;
  index?: number;
  create?: boolean;
}

export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.filter((s) => s !== '');
}

type Slot = { parent: JsonMap | Json[]; key: string | number; path: Array<string | number> };

/**
 * Nodes (as parent/key pairs) a field path reaches; with create, missing maps and the leaf are made. A map
 * that exists as null is a scalar to kyaml: what create adds below it goes into the null node's content
 * (nullMaps), not output unless a later transformer turns the node into a map (or, for annotations, at the end).
 */
function resolve(root: JsonMap, segs: string[], create: boolean): Slot[] {
  let frontier: Slot[] = [{ parent: { root } as JsonMap, key: 'root', path: [] }];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    const next: typeof frontier = [];
    for (const { parent, key, path } of frontier) {
      const node = (parent as Record<string | number, Json>)[key as never] as Json;
      const filter = /^\[([^=\]]+)=([^\]]*)\]$/.exec(seg);
      if (filter) {
        if (!Array.isArray(node)) continue;
        node.forEach((el, idx) => {
          if (isMap(el) && String(el[filter[1]]) === filter[2]) next.push({ parent: node, key: idx, path: [...path, idx] });
        });
        continue;
      }
      if (seg === '*') {
        if (Array.isArray(node)) node.forEach((_, idx) => next.push({ parent: node, key: idx, path: [...path, idx] }));
        else if (isMap(node)) Object.keys(node).forEach((k) => next.push({ parent: node, key: k, path: [...path, k] }));
        continue;
      }
      const field = seg.startsWith('[') && seg.endsWith(']') ? seg.slice(1, -1) : seg;
      if (Array.isArray(node) && /^-?\d+$/.test(field)) {
        const idx = Number(field);
        if (idx < node.length) next.push({ parent: node, key: idx, path: [...path, idx] });
        continue;
      }
      if (node === null && create && i > 0) {
        next.push({ parent: contentOfNull(parent, key), key: field, path: [...path, field] });
        continue;
      }
      if (!isMap(node)) continue;
      if (!(field in node) || (node[field] === null && !create)) {
        if (!create) continue;
        if (!last) node[field] = {};
      }
      next.push({ parent: node, key: field, path: [...path, field] });
    }
    frontier = next;
  }
  return frontier;
}

/**
 * Replacement sources, targets and rejects select an object by its current id or any previous id
 * (kustomize's MakeResIds and ResId.IsSelectedBy): namespaces compared as effective ones, so
 * `namespace: default` selects an object that had none before a namespace transformer moved it; a
 * rename no transformer recorded (the legacy patchesJson6902) leaves no previous id.
 */
function selects(r: BuildResource, sel: Selector): boolean {
  // kustomize compares effective namespaces here with '' read as `default` for every kind: a cluster-scoped
  // object written without a namespace is selected by `namespace: default` (and by no other namespace).
  const eff = (ns: string) => ns || 'default';
  const md = (r.object.metadata ?? {}) as JsonMap;
  const { namespace: _ns, ...rest } = md;
  void _ns;
  const current = { name: typeof md.name === 'string' ? md.name : '', namespace: eff(typeof md.namespace === 'string' ? md.namespace : ''), kind: kindOf(r.object) };
  return [current, ...(r.prevIds ?? [])].some((id) => {
    if (sel.namespace !== undefined && sel.namespace !== '' && sel.namespace !== id.namespace) return false;
    return matchesSelector({ ...r.object, kind: id.kind, metadata: { ...rest, name: id.name } }, { ...sel, namespace: undefined });
  });
}

function pick(list: BuildResource[], sel: Selector): BuildResource[] {
  return list.filter((r) => selects(r, sel));
}

function delimited(current: Json | undefined, value: Json, o: FieldOptions): Json {
  if (!o.delimiter) return value;
  // A created (absent) field counts as '' — one empty part — as in kustomize, so `index: -1` on a new
  // annotation yields "value," rather than "value".
  // A number or boolean target is split as its text (kustomize reads the scalar's value).
  const parts = typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean' ? String(current).split(o.delimiter) : current === undefined || current === null ? [''] : [];
  const idx = o.index ?? 0;
  const v = String(value);
  if (idx < 0) parts.unshift(v);
  else if (idx >= parts.length) parts.push(v);
  else parts[idx] = v;
  return parts.join(o.delimiter);
}

function scalarText(v: Json): string {
  return v === null ? 'null' : String(v);
}

/**
 * kustomize swaps the target node's text and keeps its YAML type: a string field stays a string
 * (`app: "3"`), a number or boolean field takes the text as one, or the build fails as kustomize's does.
 * Maps, lists and null targets take the value as it is.
 */
function retype(text: string, target: Json, by: string, value: Json = text): Json {
  if (isMap(value) || Array.isArray(value) || target === null || isMap(target) || Array.isArray(target)) return value;
  if (typeof target === 'string') return text;
  if (typeof target === 'boolean') {
    if (/^(?:true|True|TRUE|false|False|FALSE)$/.test(text)) return /^t/i.test(text);
    throw new KustomizeError(`replacement: cannot decode \`${text}\` as a boolean (the target field is a boolean)`, by);
  }
  const n = /^[-+]?(?:\d+|\d*\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n)) throw new KustomizeError(`replacement: cannot decode \`${text}\` as a number (the target field is a number)`, by);
  return n;
}

/**
 * The value a replacement leaves in a slot. A map or list target takes the source node whole; a scalar
 * target only its text (a map's text is ''), decoded with the target's tag (see scalarTags), or with none
 * when kyaml created the node. Annotations are read back as text at the end of the build.
 */
function written(r: BuildResource, parent: JsonMap | Json[], key: string | number, path: Array<string | number>, current: Json | undefined, next: Json, by: string): Json {
  const annotation = path.length === 3 && path[0] === 'metadata' && path[1] === 'annotations';
  if (current !== undefined && (isMap(current) || Array.isArray(current))) return next;
  if (current === undefined) {
    if (isMap(next) || Array.isArray(next)) return next;
    const text = scalarText(next);
    const value = annotation ? text : resolvePlain(text).value;
    (parent as Record<string | number, Json>)[key as never] = value;
    markUntagged(parent, key);
    return value;
  }
  const text = isMap(next) || Array.isArray(next) ? '' : scalarText(next);
  if (annotation) return text;
  if (isUntagged(parent, key)) {
    const value = resolvePlain(text).value;
    (parent as Record<string | number, Json>)[key as never] = value;
    markUntagged(parent, key);
    return value;
  }
  const tag = pendingTag(r, path, current) ?? tagOf(current);
  const d = decodeAs(text, tag);
  if (d.ok) return d.value;
  deferDecodeError(r, path, text, d.message, by, tag);
  return text;
}

export function applyReplacements(list: BuildResource[], replacements: Replacement[], by: string): void {
  for (const rep of replacements) {
    const src = rep.source;
    if (!src) throw new KustomizeError('replacement needs a source', by);
    const sources = pick(list, src);
    if (sources.length === 0) throw new KustomizeError(`nothing selected by replacement source ${JSON.stringify(src)}`, by);
    if (sources.length > 1) throw new KustomizeError(`more than one resource matches replacement source ${JSON.stringify(src)}: ${sources.map((s) => describe(s.object)).join(', ')}`, by);
    const found = resolve(sources[0].object, splitFieldPath(src.fieldPath ?? 'metadata.name'), false);
    if (found.length === 0) throw new KustomizeError(`fieldPath \`${src.fieldPath ?? 'metadata.name'}\` is missing for replacement source ${describe(sources[0].object)}`, by);
    let value = clone((found[0].parent as Record<string | number, Json>)[found[0].key as never] as Json);
    if (src.options?.delimiter) {
      if (isMap(value) || Array.isArray(value)) throw new KustomizeError(`replacement source ${describe(sources[0].object)}: the delimiter option can only be used with scalar values`, by);
      const parts = scalarText(value).split(src.options.delimiter);
      const idx = src.options.index ?? 0;
      if (idx < 0 || idx >= parts.length) throw new KustomizeError(`replacement source ${describe(sources[0].object)}: options.index ${idx} is out of bounds for value ${scalarText(value)}`, by);
      // The part keeps the source's type (kustomize copies the node and changes only its text).
      value = typeof value === 'string' ? parts[idx] : retype(parts[idx], value, by);
    }
    for (const t of rep.targets ?? []) {
      if (!t.select) throw new KustomizeError('replacement target needs a select', by);
      const targets = pick(list, t.select).filter((r) => !(t.reject ?? []).some((rj) => selects(r, rj)));
      for (const r of targets) {
        for (const fp of t.fieldPaths ?? ['metadata.name']) {
          const slots = resolve(r.object, splitFieldPath(fp), t.options?.create ?? false);
          if (slots.length === 0 && t.options?.create) throw new KustomizeError(`unable to create field ${fp} in ${describe(r.object)}`, by);
          // kustomize >= 5.0 (kustomize#4789; kustomize#5440 asks for the old skip back): a target field that
          // is missing, without options.create, is an error rather than skipped.
          if (slots.length === 0) throw new KustomizeError(`unable to find field "${fp}" in replacement target ${describe(r.object)}`, by);
          for (const { parent, key, path } of slots) {
            const p = parent as Record<string | number, Json>;
            const current = p[key as never] as Json | undefined;
            const next = delimited(current, clone(value), t.options ?? {});
            p[key as never] = written(r, parent, key, path, current, next, by);
          }
          if (slots.length > 0) r.origin = { ...r.origin, touchedBy: [...(r.origin.touchedBy ?? []), by] };
        }
      }
    }
  }
}
