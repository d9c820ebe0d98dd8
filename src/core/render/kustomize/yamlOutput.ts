// Serialisation in the shape `kustomize build` prints. kustomize turns each object into JSON and then
// into YAML with sigs.k8s.io/yaml (go-yaml v2 underneath), so: map keys sorted in go-yaml's "natural"
// order, lists at their key's indent, strings that would read back as another type double-quoted, other
// strings that cannot be plain single-quoted, multi-line strings as literal blocks (with an indentation
// indicator when they start with a space or a newline). A small emitter gives exact control over that,
// which the general-purpose `yaml` stringifier does not.
import { Json, isMap } from '../merge/strategicMerge';

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

const LETTERS = /^[A-Za-z]*$/;

function compareKeys(a: string, b: string): number {
  // Most keys are plain ASCII words, where go-yaml's order is plain code-unit order.
  if (LETTERS.test(a) && LETTERS.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0;
}

/** Strings go-yaml double-quotes because they would resolve to another type (YAML 1.1 rules). */
function resolvesToOtherType(s: string): boolean {
  return s === '' || /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(s) ||
    /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s) || /^[-+]?0x[0-9a-fA-F_]+$/.test(s) || /^[-+]?0b[01_]+$/.test(s) ||
    /^[-+]?\.(?:inf|Inf|INF)$/.test(s) || /^\.(?:nan|NaN|NAN)$/.test(s) || /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s) ||
    /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/.test(s);
}

/** Characters libyaml's is_printable rejects (tabs, controls, C1, BOM, non-BMP): only double quotes can hold them. */
function hasSpecial(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ud800-\udfff\ufeff\ufffe\uffff]/.test(s);
}

function plainAllowed(s: string): boolean {
  if (s === '' || /^\s|\s$/.test(s)) return false;
  if (/^(?:---|\.\.\.)/.test(s)) return false;
  if (/^[,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  if (/^[-?:](?:\s|$)/.test(s)) return false;
  if (/:(?:\s|$)/.test(s) || /\s#/.test(s)) return false;
  return true;
}

const WIDTH = 80;

/** Where a scalar starts: the column after its prefix, and the indent of continuation lines. */
interface Place {
  column: number;
  indent: number;
  /** Keys are "simple keys": go-yaml never breaks them. */
  key?: boolean;
}

const NAMED_ESCAPES: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0x2028: 'L', 0x2029: 'P' };

/** libyaml's double-quoted escapes: named ones, else \xXX, \uXXXX or \UXXXXXXXX for what is not printable. */
function escapeChar(ch: string): string | undefined {
  const c = ch.codePointAt(0) ?? 0;
  const printable = c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
  if (printable && c !== 0x22 && c !== 0x5c && c !== 0x0a && c !== 0x2028 && c !== 0x2029) return undefined;
  const named = NAMED_ESCAPES[c];
  if (named !== undefined) return '\\' + named;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/**
 * Writes a scalar the way libyaml does, folding at spaces once the line passes 80 columns
 * (continuation lines at `indent`). `style` picks plain, single- or double-quoted.
 */
// Anything that needs escaping in double quotes (or could, outside printable ASCII).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;

function writeFolded(s: string, style: 'plain' | 'single' | 'double', at: Place): string {
  // Fast path: nothing to fold (short, or no space to break at) and nothing to escape.
  if (at.key || at.column + s.length + 2 <= WIDTH || !s.includes(' ')) {
    if (style === 'plain') return s;
    if (style === 'single') return `'${s.replace(/'/g, "''")}'`;
    if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  }
  const chars = [...s];
  let out = style === 'double' ? '"' : style === 'single' ? "'" : '';
  let column = at.column + out.length;
  let spaces = false;
  const pad = ' '.repeat(at.indent);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const esc = style === 'double' ? escapeChar(ch) : undefined;
    if (esc !== undefined) {
      out += esc;
      column += esc.length;
      spaces = false;
    } else if (ch === ' ') {
      const canBreak = !at.key && !spaces && column > WIDTH &&
        (style === 'plain' ? chars[i + 1] !== ' ' : i > 0 && i < chars.length - 1 && (style === 'double' || chars[i + 1] !== ' '));
      if (canBreak) {
        out += '\n' + pad;
        column = at.indent;
        if (style === 'double' && chars[i + 1] === ' ') {
          out += '\\';
          column++;
        }
      } else {
        out += ' ';
        column++;
      }
      spaces = true;
    } else {
      const w = style === 'single' && ch === "'" ? "''" : ch;
      out += w;
      column += w.length;
      spaces = false;
    }
  }
  if (style === 'double') out += '"';
  else if (style === 'single') out += "'";
  return out;
}

function inlineString(s: string, at: Place): string {
  if (resolvesToOtherType(s) || hasSpecial(s) || s.includes('\n')) return writeFolded(s, 'double', at);
  if (plainAllowed(s)) return writeFolded(s, 'plain', at);
  return writeFolded(s, 'single', at);
}

function scalar(v: Json, at: Place): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return inlineString(v as string, at);
}

/** A multi-line string as a literal block, or undefined when go-yaml would fall back to double quotes. */
function literalBlock(s: string, indent: number): string | undefined {
  if (hasSpecial(s) || / \n|\n /.test(s.replace(/\n+$/, '')) && /(?: \n)/.test(s) || /[ \t]$/.test(s.replace(/\n+$/, '')) || /^[ \t]*\n/.test(s) && s.trim() === '') return undefined;
  if (/ \n/.test(s)) return undefined;
  const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const hint = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const body = trailing <= 1 ? s.replace(/\n$/, '') : s.slice(0, -1);
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l === '' ? '' : pad + l));
  return `|${hint}${chomp}\n${lines.join('\n')}`;
}

function emitValue(v: Json, indent: number, out: string[], prefix: string): void {
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(`${prefix} []`);
      return;
    }
    out.push(prefix);
    emitList(v, indent, out);
    return;
  }
  if (isMap(v)) {
    if (Object.keys(v).length === 0) {
      out.push(`${prefix} {}`);
      return;
    }
    out.push(prefix);
    emitMap(v, indent + 2, out);
    return;
  }
  if (typeof v === 'string' && v.includes('\n')) {
    const block = literalBlock(v, indent + 2);
    if (block) {
      out.push(`${prefix} ${block}`);
      return;
    }
  }
  out.push(`${prefix} ${scalar(v, { column: [...prefix].length + 1, indent: indent + 2 })}`);
}

function emitMap(m: { [k: string]: Json }, indent: number, out: string[], firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  Object.keys(m).sort(compareKeys).forEach((k, i) => {
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : pad;
    const v = m[k];
    // Lists under a key sit at the key's own indent.
    emitValue(v, indent, out, `${lead}${inlineString(k, { column: indent, indent, key: true })}:`);
  });
}

function emitList(list: Json[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of list) {
    if (isMap(item) && Object.keys(item).length > 0) {
      emitMap(item, indent + 2, out, `${pad}- `);
    } else if (Array.isArray(item) && item.length > 0) {
      const sub: string[] = [];
      emitList(item, indent + 2, sub);
      sub[0] = `${pad}- ${sub[0].trimStart()}`;
      out.push(...sub);
    } else if (typeof item === 'string' && item.includes('\n') && literalBlock(item, indent + 2)) {
      out.push(`${pad}- ${literalBlock(item, indent + 2)}`);
    } else {
      out.push(`${pad}- ${Array.isArray(item) ? '[]' : isMap(item) ? '{}' : scalar(item, { column: indent + 2, indent: indent + 2 })}`);
    }
  }
}

export function stringifyObject(obj: Json): string {
  if (!isMap(obj)) return `${scalar(obj, { column: 0, indent: 0 })}\n`;
  if (Object.keys(obj).length === 0) return '{}\n';
  const out: string[] = [];
  emitMap(obj, 0, out);
  return out.join('\n') + '\n';
}

/** Joins rendered objects as a YAML stream: documents separated by `---`. */
export function stringifyStream(objects: Json[]): string {
  return objects.map((o) => stringifyObject(o)).join('---\n');
}
