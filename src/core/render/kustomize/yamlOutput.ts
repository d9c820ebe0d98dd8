// Serialisation in the shape `kustomize build` prints. kustomize turns each object into JSON and then
// into YAML with sigs.k8s.io/yaml (go-yaml v2 underneath), so map keys come out sorted in go-yaml's
// "natural" order, lists sit at their key's indent, strings that would read as another type are
// double-quoted, other unsafe strings single-quoted, and multi-line strings are literal blocks.
import { Document, Scalar, visit, isScalar } from 'yaml';
import { Json } from '../merge/strategicMerge';

const options = {
  indent: 2,
  indentSeq: false,
  lineWidth: 0,
  minContentWidth: 0,
  blockQuote: 'literal' as const,
  defaultStringType: 'PLAIN' as const,
  defaultKeyType: 'PLAIN' as const,
  doubleQuotedAsJSON: false,
  singleQuote: true,
  nullStr: 'null',
  flowCollectionPadding: false,
};

/** go-yaml keeps a string plain unless it would be read back as something else or is not printable plainly. */
function needsQuotes(s: string): boolean {
  return s === '' || /^[\s]|[\s]$/.test(s) || /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s) ||
    /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s) || /^0[xob]/i.test(s) || /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(s) ||
    /^\d{4}-\d\d?-\d\d?/.test(s) || /^[0-9]+(?::[0-9]+)+$/.test(s) || /^[0-9][0-9_]*$/.test(s.replace(/^[-+]/, ''));
}

/** go-yaml v2's key order (sorter.go): letters after other characters, digit runs compared as numbers. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function compareKeys(a: string, b: string): number {
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0;
}

/** JS objects put integer-like keys first whatever the insertion order; Maps keep the order we choose. */
function toSortedMaps(v: Json): unknown {
  if (Array.isArray(v)) return v.map(toSortedMaps);
  if (v === null || typeof v !== 'object') return v;
  const m = new Map<string, unknown>();
  for (const k of Object.keys(v).sort(compareKeys)) m.set(k, toSortedMaps(v[k]));
  return m;
}

export function stringifyObject(obj: Json): string {
  const doc = new Document(toSortedMaps(obj));
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') {
        if (node.value.includes('\n')) {
          // go-yaml prints literal blocks only when no line has trailing spaces; otherwise a quoted string.
          node.type = /[ \t]\n|[ \t]$/.test(node.value) || /^[ \t]*\n?$/.test(node.value) ? Scalar.QUOTE_DOUBLE : Scalar.BLOCK_LITERAL;
        } else if (needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  void isScalar;
  return doc.toString(options);
}

/** Joins rendered objects as a YAML stream: documents separated by `---`. */
export function stringifyStream(objects: Json[]): string {
  return objects.map((o) => stringifyObject(o)).join('---\n');
}
