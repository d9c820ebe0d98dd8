// Exact key/value ranges without building a `yaml` Document.
//
// Why: a diagnostic needs the range of one key or value, and building the `yaml` Document of a document
// (CST, nodes, comments) costs far more than finding a line. The block-YAML reader records where every
// key and value is in one pass; this walks a path through that. The ranges follow the `yaml` library's
// conventions exactly (test/unit/index/rangeLocator.test.ts compares every key and value path of every
// corpus document); anything the reader does not handle, or a path through a mapping with non-string
// keys (which the two libraries may type differently), returns FALLBACK and the caller asks `yaml`.
import { PosNode, readBlockYamlPositions, UNSUPPORTED } from './blockYaml';

export const FALLBACK: unique symbol = Symbol('fallback');

/** Position tree of one chunk, or UNSUPPORTED; computed once per chunk by the caller's cache. */
export function positionsOf(text: string, chunkStart: number, chunkEnd: number): PosNode | typeof UNSUPPORTED {
  return readBlockYamlPositions(text, chunkStart, chunkEnd);
}

/**
 * [start, end) offsets of the key or value at `path` (deepest existing key when the path stops early),
 * with rangeOfPath's rules: a sequence item stands for its own key; `which: 'value'` picks the value node.
 */
export function locate(root: PosNode, path: ReadonlyArray<string | number>, which: 'key' | 'value'): { start: number; end: number } | typeof FALLBACK {
  let node: PosNode | undefined = root;
  let key: { start: number; end: number } | undefined;
  for (const segment of path) {
    if (node.kind !== 'scalar' && node.opaque) return FALLBACK;
    if (node.kind === 'map') {
      const want = String(segment);
      let found: PosNode | undefined;
      for (const p of node.pairs) {
        if (!p.plainKey) return FALLBACK;
        if (found === undefined && p.key === want) {
          found = p.value;
          key = { start: p.keyStart, end: p.keyEnd };
        }
      }
      if (!found) break;
      node = found;
    } else if (node.kind === 'seq' && typeof segment === 'number') {
      const item: PosNode | undefined = node.items[segment];
      if (item === undefined) break;
      key = item;
      node = item;
    } else break;
  }
  const target = which === 'value' ? node : key ?? node;
  return target.end < 0 ? FALLBACK : { start: target.start, end: target.end };
}

/**
 * Documents at least this big are narrowed before they are read with positions (see `narrow`): a finding in a
 * 700 KB CustomResourceDefinition then reads a few KB instead of the whole document.
 */
export const NARROW_FROM = 32 * 1024;

/**
 * The content lines (neither blank nor comment-only) of one chunk: where each starts, its indentation, and the
 * next line indented no deeper (the end of what the line holds). Null when the chunk has tabs or CRs, which the
 * reader treats specially: such documents are read whole.
 */
export interface LineTable {
  start: Int32Array;
  ind: Int32Array;
  next: Int32Array;
  count: number;
  end: number;
}

export function lineTable(text: string, from: number, end: number): LineTable | null {
  const tab = text.indexOf('\t', from);
  const cr = text.indexOf('\r', from);
  if ((tab >= 0 && tab < end) || (cr >= 0 && cr < end)) return null;
  const starts: number[] = [];
  const inds: number[] = [];
  let ls = from;
  while (ls < end) {
    let le = text.indexOf('\n', ls);
    if (le < 0 || le > end) le = end;
    let p = ls;
    while (p < le && text.charCodeAt(p) === 32) p++;
    if (p < le && text.charCodeAt(p) !== 35) {
      starts.push(ls);
      inds.push(p - ls);
    }
    ls = le + 1;
  }
  const count = starts.length;
  const next = new Int32Array(count);
  const stack: number[] = [];
  for (let i = 0; i < count; i++) {
    while (stack.length > 0 && inds[stack[stack.length - 1]] >= inds[i]) next[stack.pop()!] = i;
    stack.push(i);
  }
  for (const i of stack) next[i] = count;
  return { start: Int32Array.from(starts), ind: Int32Array.from(inds), next, count, end };
}

/** Keys that are strings to both YAML libraries, written plainly: the only keys narrowing reads past. */
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const NON_STRING_KEY = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** The plain key of a `key:` at `p` on the line ending at `le`, and the offset after its colon; else undefined. */
function plainKeyAt(text: string, p: number, le: number): { key: string; after: number } | undefined {
  const colon = text.indexOf(':', p);
  if (colon < 0 || colon >= le || (colon + 1 < le && text.charCodeAt(colon + 1) !== 32)) return undefined;
  const key = text.slice(p, colon);
  return SAFE_KEY.test(key) && !NON_STRING_KEY.test(key) ? { key, after: colon + 1 } : undefined;
}

function lineEnd(text: string, t: LineTable, i: number): number {
  const le = text.indexOf('\n', t.start[i]);
  return le < 0 || le > t.end ? t.end : le;
}

function isDash(text: string, p: number, le: number): boolean {
  return text.charCodeAt(p) === 45 && (p + 1 === le || text.charCodeAt(p + 1) === 32);
}

/** Whether nothing but a comment follows `p` on its line (a block value starts on the next line). */
function restIsEmpty(text: string, p: number, le: number): boolean {
  while (p < le && text.charCodeAt(p) === 32) p++;
  return p === le || text.charCodeAt(p) === 35;
}

/**
 * The smallest block of lines that holds `path` whole, with the path as seen from that block: the block of one
 * key (a mapping with that one key) or of one sequence item (a sequence with that one item, index 0). Reading
 * just that block with positions gives the same offsets as reading the document, because a block node ends at
 * the next line indented no deeper and the reader decides nothing from what lies outside it. Narrowing stops
 * (keeping what it has) at anything less plain: a key that is quoted or not surely a string, a duplicate, a
 * flow or inline value, a compact nested sequence. Undefined when the document cannot be narrowed at all.
 */
export function narrow(text: string, t: LineTable, path: ReadonlyArray<string | number>): { start: number; end: number; path: Array<string | number> } | undefined {
  const offset = (line: number) => (line < t.count ? t.start[line] : t.end);
  let line = 0;
  if (t.count > 0 && text.startsWith('---', t.start[0]) && t.ind[0] === 0) {
    if (!restIsEmpty(text, t.start[0] + 3, lineEnd(text, t, 0))) return undefined;
    line = 1;
  }
  if (line >= t.count) return undefined;
  // The node the next segment looks into: its first line, its column (past `- ` for a compact mapping in a
  // sequence item), and the line its block ends before.
  let col = t.ind[line];
  let blockEnd = t.count;
  let best: { start: number; end: number; path: Array<string | number> } | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const le = lineEnd(text, t, line);
    const at = t.start[line] + col;
    const compact = col !== t.ind[line];
    if (typeof seg === 'string') {
      if (isDash(text, at, le)) break;
      const n = col;
      let match = -1;
      let k = line;
      if (compact) {
        const first = plainKeyAt(text, at, le);
        if (!first || first.key === seg) break;
        k = line + 1;
      }
      let plain = true;
      while (k < blockEnd) {
        if (t.ind[k] > n) {
          k = t.next[k];
          continue;
        }
        if (t.ind[k] < n) {
          plain = false;
          break;
        }
        const kle = lineEnd(text, t, k);
        if (!isDash(text, t.start[k] + n, kle)) {
          const key = plainKeyAt(text, t.start[k] + n, kle);
          if (!key || (key.key === seg && match >= 0)) {
            plain = false;
            break;
          }
          if (key.key === seg) match = k;
        } else if (k === line) {
          plain = false;
          break;
        }
        k = t.next[k];
      }
      if (!plain || match < 0) break;
      // The key's block: up to the next key of the mapping (its own indentless sequence items stay in).
      let e = t.next[match];
      while (e < blockEnd && t.ind[e] === n && isDash(text, t.start[e] + n, lineEnd(text, t, e))) e = t.next[e];
      e = Math.min(e, blockEnd);
      best = { start: t.start[match], end: offset(e), path: [seg, ...path.slice(i + 1)] };
      const key = plainKeyAt(text, t.start[match] + n, lineEnd(text, t, match))!;
      if (!restIsEmpty(text, key.after, lineEnd(text, t, match))) break;
      const child = match + 1;
      if (child >= e) break;
      if (t.ind[child] > n || (t.ind[child] === n && isDash(text, t.start[child] + n, lineEnd(text, t, child)))) {
        line = child;
        col = t.ind[child];
        blockEnd = e;
      } else break;
    } else {
      if (compact || !isDash(text, at, le)) break;
      const j = col;
      let k = line;
      let item = -1;
      for (let idx = 0; k < blockEnd && t.ind[k] === j && isDash(text, t.start[k] + j, lineEnd(text, t, k)); idx++) {
        if (idx === seg) {
          item = k;
          break;
        }
        k = t.next[k];
      }
      if (item < 0) break;
      const itemEnd = Math.min(t.next[item], blockEnd);
      best = { start: t.start[item], end: offset(itemEnd), path: [0, ...path.slice(i + 1)] };
      const ile = lineEnd(text, t, item);
      let q = t.start[item] + j + 1;
      while (q < ile && text.charCodeAt(q) === 32) q++;
      if (q === ile || text.charCodeAt(q) === 35) {
        const child = item + 1;
        if (child >= itemEnd || t.ind[child] <= j) break;
        line = child;
        col = t.ind[child];
      } else if (plainKeyAt(text, q, ile)) {
        line = item;
        col = q - t.start[item];
      } else break;
      blockEnd = itemEnd;
    }
  }
  return best;
}
