// Go's encoders as Sprig and Argo CD use them: encoding/json's Marshal (sorted keys, <>& escaped) and
// sigs.k8s.io/yaml's Marshal (JSON data as block YAML, sorted keys, sequences not indented).
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { fromGoValue, GoValue, NO_VALUE, toGoValue } from './values';

export function goJson(v: GoValue, indent = '', escapeHtml = true): string {
  const s = encode(v, indent, '');
  return escapeHtml ? s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
}

function encode(v: GoValue, indent: string, prefix: string): string {
  if (v === NO_VALUE || v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  // JSON.stringify's number form matches Go's float64 encoding (exponent below 1e-6 and from 1e21 on).
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    return JSON.stringify(v);
  }
  const inner = prefix + indent;
  const nl = indent ? '\n' : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${nl}${v.map((x) => inner + encode(x, indent, inner)).join(`,${nl}`)}${nl}${prefix}]`;
  }
  const keys = Object.keys(v).sort();
  if (keys.length === 0) return '{}';
  const sep = indent ? ': ' : ':';
  return `{${nl}${keys.map((k) => `${inner}${JSON.stringify(k)}${sep}${encode(v[k], indent, inner)}`).join(`,${nl}`)}${nl}${prefix}}`;
}

export function goYaml(v: GoValue): string {
  const plain = fromGoValue(v);
  if (plain === null) return 'null\n';
  return stringifyYaml(plain, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

/** YAML (or JSON) text to Go values; throws on invalid input. */
export function parseGoYaml(text: string): GoValue {
  return toGoValue(parseYaml(text) as unknown);
}
