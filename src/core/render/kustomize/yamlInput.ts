// kustomize reads YAML with go-yaml v3, which keeps two YAML 1.1 habits the index's YAML 1.2 reader does
// not: `0755` is octal (file modes: `defaultMode: 0644` must stay 420), and unquoted dates are timestamps
// that come out as RFC 3339 (`2024-01-01` → "2024-01-01T00:00:00Z"). Documents that contain such scalars
// are re-read with a schema that does the same; everything else keeps the index's fast path values.
import * as jsyaml from 'js-yaml';

interface JsYamlTypes {
  null: jsyaml.Type;
  bool: jsyaml.Type;
  int: jsyaml.Type;
  float: jsyaml.Type;
  timestamp: jsyaml.Type;
  merge: jsyaml.Type;
}
// @types/js-yaml omits the exported `types` table that js-yaml 4 has at run time.
export const types = (jsyaml as unknown as { types: JsYamlTypes }).types;

// Its own tag: js-yaml keeps one implicit type per tag, and the core int type would replace it.
const octal11 = new jsyaml.Type('tag:reconcile.dev,2024:octal11', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && /^[-+]?0[0-7_]+$/.test(s),
  construct: (s: string) => {
    const neg = s.startsWith('-');
    const digits = s.replace(/^[-+]/, '').replace(/_/g, '');
    const v = parseInt(digits, 8);
    return neg ? -v : v;
  },
});

const timestamp = new jsyaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && types.timestamp.resolve(s),
  // Go marshals time.Time as RFC 3339 with only the fractional digits it needs.
  construct: (s: string) => (types.timestamp.construct(s) as Date).toISOString().replace(/\.000Z$/, 'Z').replace(/(\.\d*?)0+Z$/, '$1Z'),
});

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool, octal11, types.int, types.float, timestamp, types.merge] });

const CANDIDATE = /(?:^|[\s:\-[,{])[-+]?0[0-7_]+\s*(?:#|$|[,\]}])|(?:^|[\s:\-[,{])\d{4}-\d\d?-\d\d?(?:[Tt ]|\s*(?:#|$|[,\]}]))/m;

/** True when a document may hold octal or timestamp scalars and needs the go-yaml compatible reading. */
export function needsGoYamlReading(text: string): boolean {
  return CANDIDATE.test(text);
}

export function loadGoYaml(text: string): unknown {
  return jsyaml.load(text, { schema: SCHEMA, json: true });
}
