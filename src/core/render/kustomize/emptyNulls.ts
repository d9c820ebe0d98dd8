// go-yaml keeps how a null was written: `labels:` (nothing) has an empty value, `labels: null` or `~` does
// not. kyaml's strategic merge walks the whole object and drops every field whose value is an empty null
// (merge2.VisitMap keeps a null only when it has text), so after the first SMP patch `annotations:` from a
// Helm chart disappears while `replicas: null` stays. The reader here finds the explicitly written nulls;
// every other null of a freshly read object was written empty.
import * as jsyaml from 'js-yaml';
import { Json, isMap } from '../merge/strategicMerge';
import { BuildResource } from './model';
import { types } from './yamlInput';

const EXPLICIT = '\u0000explicit-null';


const explicitNull = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  // Plain empty values never reach a resolver; '' arrives only with an explicit `!!null` tag.
  resolve: (s: string | null) => s === null || s === '' || /^(?:null|Null|NULL|~)$/.test(s),
  construct: () => EXPLICIT,
});
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [explicitNull, types.bool, types.int, types.float, types.merge] });

/** Cheap test: can the document hold an explicitly written null at all? */
const MAY_HAVE_EXPLICIT = /\bnull\b|\bNull\b|\bNULL\b|~/;

const pathKey = (path: string[]) => path.join('\u0000');

/** Paths (joined keys) of the explicitly written nulls in a document; empty when it has none. */
export function explicitNullPaths(text: string): Set<string> {
  const out = new Set<string>();
  if (!MAY_HAVE_EXPLICIT.test(text)) return out;
  let doc: unknown;
  try {
    doc = jsyaml.load(text, { schema: SCHEMA, json: true });
  } catch {
    return out;
  }
  const walk = (v: unknown, path: string[]) => {
    if (v === EXPLICIT) out.add(pathKey(path));
    else if (Array.isArray(v)) v.forEach((e, i) => walk(e, [...path, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  return out;
}

/** The explicit nulls of one item of a `kind: List` document, relative to the item. */
export function itemPaths(paths: Set<string>, prefix: string[]): Set<string> {
  if (!paths.size) return paths;
  const p = pathKey(prefix) + '\u0000';
  return new Set([...paths].filter((k) => k.startsWith(p)).map((k) => k.slice(p.length)));
}

/** Where a freshly read object came from: its document's text and, for a `kind: List` item, its path. */
interface ReadFrom {
  text: string;
  prefix: string[];
}
const explicitOf = new WeakMap<BuildResource, ReadFrom>();

/**
 * Remembers that `r` was just read from this document (item `prefix` of a List). The explicit nulls are
 * only worked out when a patch needs them: most objects are never patched.
 */
export function markRead(r: BuildResource, text: string, prefix: string[] = []): void {
  explicitOf.set(r, { text, prefix });
}

/** The object was re-serialized (JSON 6902): every null it has is now an explicit one. */
export function settleNulls(r: BuildResource): void {
  explicitOf.delete(r);
}

/** Before a strategic merge patch: drop the empty-written nulls, as kyaml's walk does. */
export function dropEmptyNulls(r: BuildResource): void {
  const from = explicitOf.get(r);
  if (!from) return;
  explicitOf.delete(r);
  const all = explicitNullPaths(from.text);
  const explicit = from.prefix.length ? itemPaths(all, from.prefix) : all;
  const walk = (v: Json, path: string[]) => {
    if (Array.isArray(v)) v.forEach((e, i) => walk(e, [...path, String(i)]));
    else if (isMap(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (x === null) {
          if (!explicit.has(pathKey([...path, k]))) delete v[k];
        } else if (typeof x === 'object') walk(x, [...path, k]);
      }
    }
  };
  walk(r.object, []);
}

/** Whether the null at `path` of an object not yet patched or re-serialized was written empty (`key:`). */
export function writtenEmpty(r: BuildResource, path: string[]): boolean {
  const from = explicitOf.get(r);
  if (!from) return false;
  const all = explicitNullPaths(from.text);
  const explicit = from.prefix.length ? itemPaths(all, from.prefix) : all;
  return !explicit.has(pathKey(path));
}
