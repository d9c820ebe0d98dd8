// kustomize's content-hash name suffix for generated ConfigMaps and Secrets (api/hasher): sha256 over
// Go's json.Marshal of {kind, name, data[, binaryData] | type, stringData}, first 10 hex digits with
// vowel-like digits swapped for letters so the suffix never spells words. kustomize looks the name up
// as one field literally called "metadata/name", which never exists, so the name it hashes is always "".
import { createHash } from 'node:crypto';
import { Json, JsonMap, isMap } from '../merge/strategicMerge';

/** json.Marshal: sorted map keys, HTML-safe escaping of <, >, &, and U+2028/U+2029. */
export function goJson(v: Json | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isMap(v)) return `{${Object.keys(v).sort().map((k) => `${goString(k)}:${goJson(v[k])}`).join(',')}}`;
  if (typeof v === 'string') return goString(v);
  return JSON.stringify(v);
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

function field(o: JsonMap, ...path: string[]): Json | '' {
  let cur: Json | undefined = o;
  for (const p of path) {
    if (!isMap(cur)) return '';
    cur = cur[p];
  }
  if (cur === undefined) return '';
  return cur;
}

export function contentHash(o: JsonMap): string {
  let doc: JsonMap;
  if (o.kind === 'ConfigMap') {
    doc = { kind: 'ConfigMap', name: '', data: field(o, 'data') };
    if (isMap(o.binaryData)) doc.binaryData = o.binaryData;
  } else if (o.kind === 'Secret') {
    doc = { kind: 'Secret', type: field(o, 'type'), name: '', data: field(o, 'data') };
    if (isMap(o.stringData)) doc.stringData = o.stringData;
  } else {
    doc = o;
  }
  const hex = createHash('sha256').update(goJson(doc)).digest('hex');
  return encodeHash(hex);
}
