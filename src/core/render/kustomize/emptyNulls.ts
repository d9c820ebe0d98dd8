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
  // The text is kept (`~`, `Null`...): kyaml writes it back when it reads the node as a string.
  construct: (t: string | null) => EXPLICIT + (t ?? ''),
});
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [explicitNull, types.bool, types.int, types.float, types.merge] });

/** Cheap test: can the document hold an explicitly written null at all? */
const MAY_HAVE_EXPLICIT = /\bnull\b|\bNull\b|\bNULL\b|~/;

const pathKey = (path: string[]) => path.join('\u0000');

/** Paths (joined keys) of the explicitly written nulls in a document; empty when it has none. */
export function explicitNullPaths(text: string): Set<string> {
  return new Set(explicitNullTexts(text).keys());
}

/** The explicitly written nulls of a document: path (joined keys) → how the null was written. */
function explicitNullTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!MAY_HAVE_EXPLICIT.test(text)) return out;
  let doc: unknown;
  try {
    doc = jsyaml.load(text, { schema: SCHEMA, json: true });
  } catch {
    return out;
  }
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === 'string' && v.startsWith(EXPLICIT)) out.set(pathKey(path), v.slice(EXPLICIT.length) || 'null');
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
  keptTexts.delete(r);
}

// The explicit nulls a strategic merge patch left in place keep their text (kyaml does not touch a node
// the patch does not name): path (joined keys, from the object) → text as written.
const keptTexts = new WeakMap<BuildResource, Map<string, string>>();

/** Before a strategic merge patch: drop the empty-written nulls, as kyaml's walk does. */
export function dropEmptyNulls(r: BuildResource): void {
  const from = explicitOf.get(r);
  if (!from) return;
  explicitOf.delete(r);
  const texts = explicitNullTexts(from.text);
  const kept = new Map<string, string>();
  for (const [k, t] of texts) {
    const prefix = from.prefix.length ? pathKey(from.prefix) + '\u0000' : '';
    if (k.startsWith(prefix)) kept.set(k.slice(prefix.length), t);
  }
  keptTexts.set(r, kept);
  const all = new Set(texts.keys());
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

/**
 * How the null at `path` reads as a string (kyaml keeps a scalar's text): '' when written empty (`key:`),
 * else as written (`null`, `~`, `Null`); "null" for an object already patched or re-serialized.
 */
export function nullText(r: BuildResource, path: string[]): string {
  const from = explicitOf.get(r);
  if (!from) return keptTexts.get(r)?.get(pathKey(path)) ?? 'null';
  const texts = explicitNullTexts(from.text);
  const key = pathKey([...from.prefix, ...path]);
  return texts.get(key) ?? '';
}
