// A fast reader for the block-style YAML that Kubernetes manifests are almost always written in.
//
// Why: js-yaml reads character by character and was ~75% of the time to parse + validate a corpus. Real
// manifests are block mappings and sequences of plain, quoted and block scalars; this reader handles that
// subset line by line (indexOf/slice instead of per-character work) and gives up, returning UNSUPPORTED,
// on anything else: flow collections other than `[]`/`{}`, anchors, aliases, tags, merge keys, explicit
// keys, multi-line quoted scalars, tabs, CRs, non-printable characters, duplicate keys, odd indentation.
// The caller then runs js-yaml, so a value returned here is always the one js-yaml would return (same
// core schema scalar resolution, same folding and chomping); test/unit/index/blockYaml.test.ts checks
// that on every corpus document and on thousands of mutated variants.
//
// With `positions`, the reader also records where every key and value is (see rangeLocator.ts).
import * as jsyaml from 'js-yaml';

export const UNSUPPORTED: unique symbol = Symbol('unsupported');

/** Where a node is: [start, end) offsets of its value text in the file (yaml's `range[0..1]` convention). */
export interface PosScalar {
  kind: 'scalar';
  start: number;
  end: number;
}
export interface PosPair {
  key: string;
  /** The key may be a non-string scalar to the `yaml` library (digits, null, booleans): locators then defer. */
  plainKey: boolean;
  keyStart: number;
  keyEnd: number;
  value: PosNode;
}
export interface PosMap {
  kind: 'map';
  start: number;
  end: number;
  pairs: PosPair[];
  /** A non-empty flow collection: its items' positions were not recorded. */
  opaque?: boolean;
}
export interface PosSeq {
  kind: 'seq';
  start: number;
  end: number;
  items: PosNode[];
  opaque?: boolean;
}
export type PosNode = PosScalar | PosMap | PosSeq;

interface ImplicitType {
  tag: string;
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

// @types/js-yaml omits `types` and the compiled implicit list that js-yaml 4 has at run time.
const jsyamlTypes = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;
/** The schema parse.ts gives js-yaml: YAML 1.2 core plus merge keys. */
export const BLOCK_YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [jsyamlTypes.merge] });
// Should a js-yaml release drop this internal list, the reader switches itself off (everything goes to js-yaml).
const IMPLICIT = (BLOCK_YAML_SCHEMA as unknown as { compiledImplicit?: ImplicitType[] }).compiledImplicit ?? [];
const ENABLED = IMPLICIT.length > 0;
const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** First characters after which a plain scalar can only be a string under the core schema (null/bool/int/float/merge start otherwise). */
const ALWAYS_STRING = new Uint8Array(128);
for (let c = 0; c < 128; c++) ALWAYS_STRING[c] = /[A-Za-z_/$@`'"(){}\[\],;=\\^|&*!%?:#]/.test(String.fromCharCode(c)) && !'nNtTfF'.includes(String.fromCharCode(c)) ? 1 : 0;

// js-yaml's checks: non-printable characters throw; U+0085/2028/2029 and BOMs are left to it as well.
// eslint-disable-next-line no-control-regex
const AWKWARD = /[\x00-\x08\x09\x0B-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF\u2028\u2029\uD800-\uDFFF]/g;

const AWKWARD_ANY = new RegExp(AWKWARD.source);
const NOT_PLAIN_ASCII = /[^\n\x20-\x7E]/;

/** js-yaml nests at most 100 composeNode calls (keys count too); stay well below. */
const MAX_DEPTH = 40;

class Unsupported {}
const BAIL = new Unsupported();

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

class Reader {
  // Cursor: the current content line (not blank, not a comment).
  ls = 0;
  le = 0;
  ind = 0;
  first = 0;
  eof = false;
  depth = 0;
  constructor(
    readonly text: string,
    readonly end: number,
    readonly positions: boolean,
  ) {}

  /** Moves the cursor to the first content line at or after `from`. */
  seek(from: number): void {
    const text = this.text;
    let ls = from;
    while (ls < this.end) {
      let le = text.indexOf('\n', ls);
      if (le < 0 || le > this.end) le = this.end;
      let p = ls;
      while (p < le && text.charCodeAt(p) === SPACE) p++;
      if (p < le && text.charCodeAt(p) !== HASH) {
        // `...` ends a document; `---` cannot occur inside a chunk.
        if (p === ls && isMarker(text, p, le)) throw BAIL;
        this.ls = ls;
        this.le = le;
        this.ind = p - ls;
        this.first = p;
        return;
      }
      ls = le + 1;
    }
    this.eof = true;
    this.ls = this.le = this.first = this.end;
    this.ind = -1;
  }

  next(): void {
    this.seek(this.le + 1);
  }

  /** The node whose first line is the cursor line, inside a collection indented `parent`. */
  node(parent: number): unknown {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const q = this.first;
    let v: unknown;
    if (this.isDash(q)) v = this.sequence(this.ind, q);
    else if (this.keyColon(q) >= 0) v = this.mapping(this.ind, q);
    else {
      const c = this.text.charCodeAt(q);
      if (c === 124 /* | */ || c === 62 /* > */) throw BAIL;
      v = this.inline(q, parent);
    }
    this.depth--;
    return v;
  }

  isDash(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    return p + 1 === this.le || this.text.charCodeAt(p + 1) === SPACE;
  }

  /** Offset of the `: ` ending a key that starts at `p`, or -1 when the line holds no key there. */
  keyColon(p: number): number {
    const text = this.text;
    const le = this.le;
    const c = text.charCodeAt(p);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = this.quoteEnd(p);
      if (close < 0) return -1;
      let i = close;
      while (i < le && text.charCodeAt(i) === SPACE) i++;
      return i < le && text.charCodeAt(i) === COLON && (i + 1 === le || text.charCodeAt(i + 1) === SPACE) ? i : -1;
    }
    // The first `: ` (or `:` at the end), unless a ` #` comment starts before it.
    for (let i = p; i < le; i++) {
      const d = text.charCodeAt(i);
      if (d === COLON) {
        if (i + 1 === le || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (d === HASH && i > p && text.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Offset just past the closing quote of a one-line quoted scalar at `p`, or -1. */
  quoteEnd(p: number): number {
    const text = this.text;
    const q = text.charCodeAt(p);
    let i = p + 1;
    for (;;) {
      i = indexIn(text, q, i, this.le);
      if (i < 0) return -1;
      if (q === 39) {
        if (text.charCodeAt(i + 1) === 39) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      let backslashes = 0;
      while (text.charCodeAt(i - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) return i + 1;
      i++;
    }
  }

  mapping(n: number, p: number): unknown {
    const text = this.text;
    const obj: Record<string, unknown> = {};
    const pairs: PosPair[] | undefined = this.positions ? [] : undefined;
    const start = p;
    let endNode: PosNode | undefined;
    for (;;) {
      const colon = this.keyColon(p);
      if (colon < 0) throw BAIL;
      const c = text.charCodeAt(p);
      let key: string;
      let keyEnd: number;
      let plainKey = false;
      if (c === 34 || c === 39) {
        keyEnd = this.quoteEnd(p);
        key = this.quoted(p, keyEnd);
      } else {
        if (!this.plainStart(p)) throw BAIL;
        keyEnd = colon;
        while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
        const raw = text.slice(p, keyEnd);
        const resolved = this.resolve(raw);
        key = String(resolved);
        if (this.positions) plainKey = resolved === raw && !/^[-+.~\d]|^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(raw);
      }
      // Values are never undefined, so a defined entry is a duplicate or an inherited name (toString...): only then ask hasOwnProperty.
      if (key === '__proto__' || (obj[key] !== undefined && Object.prototype.hasOwnProperty.call(obj, key))) throw BAIL;
      let q = colon + 1;
      while (q < this.le && text.charCodeAt(q) === SPACE) q++;
      let value: unknown;
      // yaml puts an empty value where the line's spaces after the colon end.
      const valueStart = q;
      if (q === this.le || text.charCodeAt(q) === HASH) {
        this.next();
        if (!this.eof && this.ind > n) value = this.node(n);
        else if (!this.eof && this.ind === n && this.isDash(this.first)) {
          if (++this.depth > MAX_DEPTH) throw BAIL;
          value = this.sequence(n, this.first);
          this.depth--;
        } else value = this.positions ? { kind: 'scalar', start: valueStart, end: valueStart, value: null } : null;
      } else {
        value = this.inline(q, n);
      }
      if (pairs) {
        const pv = value as PosNode & { value?: unknown };
        pairs.push({ key, plainKey, keyStart: p, keyEnd, value: pv });
        endNode = pv;
        obj[key] = pv.kind === 'scalar' ? pv.value : (pv as { value?: unknown }).value;
      } else obj[key] = value;
      if (this.eof || this.ind < n) break;
      if (this.ind > n) throw BAIL;
      p = this.first;
      if (this.isDash(p)) throw BAIL;
    }
    if (pairs) return { kind: 'map', start, end: this.collectionEnd(endNode), pairs, value: obj };
    return obj;
  }

  sequence(n: number, p: number): unknown {
    const text = this.text;
    const arr: unknown[] = [];
    const items: PosNode[] | undefined = this.positions ? [] : undefined;
    const start = p;
    for (;;) {
      let q = p + 1;
      while (q < this.le && text.charCodeAt(q) === SPACE) q++;
      let item: unknown;
      if (q === this.le || text.charCodeAt(q) === HASH) {
        this.next();
        if (!this.eof && this.ind > n) item = this.node(n);
        else item = this.positions ? { kind: 'scalar', start: q, end: q, value: null } : null;
      } else {
        if (++this.depth > MAX_DEPTH) throw BAIL;
        const col = q - this.ls;
        if (this.isDash(q)) item = this.sequence(col, q);
        else if (this.keyColon(q) >= 0) item = this.mapping(col, q);
        else item = this.inline(q, n);
        this.depth--;
      }
      if (items) {
        items.push(item as PosNode);
        arr.push((item as { value?: unknown }).value);
      } else arr.push(item);
      if (this.eof || this.ind < n) break;
      if (this.ind > n) throw BAIL;
      p = this.first;
      if (!this.isDash(p)) break;
    }
    if (items) return { kind: 'seq', start, end: this.collectionEnd(items[items.length - 1]), items, value: arr };
    return arr;
  }

  /** A collection's end; unknown (-1) when comment lines follow it, which yaml sometimes counts in. */
  private collectionEnd(last: PosNode | undefined): number {
    const end = nodeEnd(this.text, last);
    return end < 0 || indexIn(this.text, HASH, end, this.ls) >= 0 ? -1 : end;
  }

  /** Whether a plain scalar may start at `p` (js-yaml's readPlainScalar rules, block context). */
  plainStart(p: number): boolean {
    const c = this.text.charCodeAt(p);
    switch (c) {
      case 44: case 91: case 93: case 123: case 125: // , [ ] { }
      case 35: case 38: case 42: case 33: case 124: case 62: case 39: case 34: case 37: case 64: case 96: // # & * ! | > ' " % @ `
        return false;
      case 63: case 45: case 58: { // ? - : need a following non-space (`:` too: js-yaml reads `:x` as plain)
        const f = this.text.charCodeAt(p + 1);
        return p + 1 < this.le && f !== SPACE;
      }
      default:
        return true;
    }
  }

  /** A scalar (or empty flow collection) starting at `q` on the cursor line; continuation lines are indented more than `parent`. */
  inline(q: number, parent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(q);
    let value: unknown;
    let end: number;
    if (c === 34 || c === 39) {
      end = this.quoteEnd(q);
      if (end >= 0) value = this.quoted(q, end);
      else {
        const r = this.multiLineQuoted(q, parent);
        value = r.value;
        end = r.end;
      }
      this.restOfLine(end);
      this.next();
    } else if (c === 91 || c === 123) {
      if (text.charCodeAt(q + 1) === (c === 91 ? 93 : 125)) {
        end = q + 2;
        value = c === 91 ? [] : {};
      } else {
        // Non-empty flow collections are opaque to the locator: their own range is known, their items' are not.
        const f = new FlowReader(this, q);
        const depth = this.depth;
        try {
          value = f.collection();
          end = f.i;
        } catch (e) {
          // The locator only needs where the collection ends (`{{ var }}` placeholders and the like).
          if (e !== BAIL || !this.positions) throw e;
          this.depth = depth;
          end = flowEnd(text, q, this.le);
          value = null; // not read; only its extent matters here
        }
      }
      this.restOfLine(end);
      this.next();
      if (this.positions) return { kind: c === 91 ? 'seq' : 'map', start: q, end, items: [], pairs: [], value, flowEnd: true, opaque: end > q + 2 };
    } else if (c === 124 || c === 62) {
      if (parent < 0) throw BAIL;
      const r = this.blockScalar(q, parent);
      value = r.value;
      end = r.end;
      if (this.positions) return { kind: 'scalar', start: q, end, value, block: true };
      return value;
    } else {
      if (!this.plainStart(q)) throw BAIL;
      value = this.plain(q, parent);
      end = this.scalarEnd;
    }
    return this.positions ? { kind: 'scalar', start: q, end, value } : value;
  }

  /** After a quoted scalar or `[]`/`{}`: only spaces and a comment may follow. */
  restOfLine(p: number): void {
    let i = p;
    while (i < this.le && this.text.charCodeAt(i) === SPACE) i++;
    if (i < this.le && !(this.text.charCodeAt(i) === HASH && i > p)) throw BAIL;
  }

  /**
   * A quoted scalar that goes on past its first line (js-yaml's readSingle/DoubleQuotedScalar): trailing
   * spaces of a line and leading spaces of the next are dropped, one line break folds to a space, n+1 to n
   * newlines, an escaped line break to nothing. Leaves the cursor on the closing quote's line.
   */
  multiLineQuoted(q: number, parent: number): { value: string; end: number } {
    const text = this.text;
    const double = text.charCodeAt(q) === 34;
    let out = '';
    let seg = q + 1;
    let i = seg;
    let le = this.le;
    for (;;) {
      const quote = indexIn(text, double ? 34 : 39, i, le);
      const slash = double ? indexIn(text, 92, i, quote < 0 ? le : quote) : -1;
      const k = slash >= 0 ? slash : quote;
      if (k >= 0 && text.charCodeAt(k) !== 92) {
        if (!double && k + 1 < le && text.charCodeAt(k + 1) === 39) {
          out += text.slice(seg, k + 1);
          i = seg = k + 2;
          continue;
        }
        out += text.slice(seg, k);
        this.le = le;
        return { value: out, end: k + 1 };
      }
      let escapedBreak = false;
      if (k >= 0) {
        out += text.slice(seg, k);
        if (k + 1 === le) escapedBreak = true;
        else {
          const r = decodeEscape(text, k);
          out += r.text;
          i = seg = r.next;
          continue;
        }
      } else {
        let e = le;
        while (e > seg && text.charCodeAt(e - 1) === SPACE) e--;
        out += text.slice(seg, e);
      }
      // Next line(s): blank lines count as breaks; leading spaces go.
      let breaks = 0;
      let ls = le + 1;
      for (;;) {
        if (ls >= this.end) throw BAIL;
        breaks++;
        le = text.indexOf('\n', ls);
        if (le < 0 || le > this.end) le = this.end;
        let p = ls;
        while (p < le && text.charCodeAt(p) === SPACE) p++;
        if (p === ls && isMarker(text, p, le)) throw BAIL;
        // js-yaml takes any indentation here; yaml (whose ranges the locator reproduces) requires more than the parent's.
        if (p < le && this.positions && p - ls <= parent) throw BAIL;
        if (p < le) {
          i = seg = p;
          break;
        }
        ls = le + 1;
      }
      if (!escapedBreak) out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
    }
  }

  quoted(p: number, end: number): string {
    const text = this.text;
    const inner = text.slice(p + 1, end - 1);
    if (text.charCodeAt(p) === 39) return inner.includes("''") ? inner.replace(/''/g, "'") : inner;
    if (!inner.includes('\\')) return inner;
    let out = '';
    let i = 0;
    while (i < inner.length) {
      const b = inner.indexOf('\\', i);
      if (b < 0) {
        out += inner.slice(i);
        break;
      }
      out += inner.slice(i, b);
      const r = decodeEscape(inner, b);
      out += r.text;
      i = r.next;
    }
    return out;
  }

  /** Core-schema resolution of a plain scalar, as js-yaml's composeNode does it. */
  resolve(s: string): unknown {
    const c = s.charCodeAt(0);
    if (c < 128 && ALWAYS_STRING[c]) return s;
    for (const t of IMPLICIT) {
      if (t.resolve(s)) {
        if (t.tag === MERGE_TAG) throw BAIL;
        return t.construct(s);
      }
    }
    return s;
  }

  /** Set by plainLineEnd: whether a ` #` comment ended the line's text. */
  private lineComment = false;
  /** Set by plain: the end of the scalar's text. */
  private scalarEnd = 0;

  /** End of a plain scalar's text on one line from `p`: before ` #` and trailing spaces; throws on a `: `. */
  plainLineEnd(p: number): number {
    const text = this.text;
    const le = this.le;
    let e = le;
    this.lineComment = false;
    for (let i = p; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === le || text.charCodeAt(i + 1) === SPACE) throw BAIL;
      } else if (c === HASH && i > p && text.charCodeAt(i - 1) === SPACE) {
        e = i - 1;
        this.lineComment = true;
        break;
      }
    }
    while (e > p && text.charCodeAt(e - 1) === SPACE) e--;
    return e;
  }

  plain(q: number, parent: number): unknown {
    const text = this.text;
    let end = this.plainLineEnd(q);
    let s = text.slice(q, end);
    if (!this.lineComment) {
      // Continuation lines: indented more than the parent collection; blank lines fold to newlines.
      let breaks = 0;
      let ls = this.le + 1;
      let lastLe = this.le;
      while (ls < this.end) {
        let le = text.indexOf('\n', ls);
        if (le < 0 || le > this.end) le = this.end;
        let p = ls;
        while (p < le && text.charCodeAt(p) === SPACE) p++;
        if (p === le) {
          breaks++;
          ls = le + 1;
          continue;
        }
        if (p - ls <= parent || text.charCodeAt(p) === HASH) break;
        if (p === ls && isMarker(text, p, le)) throw BAIL;
        this.ls = ls;
        this.le = le;
        const e = this.plainLineEnd(p);
        s += breaks === 0 ? ' ' : '\n'.repeat(breaks);
        s += text.slice(p, e);
        end = e;
        breaks = 0;
        lastLe = le;
        ls = le + 1;
        if (this.lineComment) break;
      }
      this.le = lastLe;
    }
    this.next();
    this.scalarEnd = end;
    return this.resolve(s);
  }

  private finishBlock(out: string, chomping: number, didRead: boolean, empty: number, contentEnd: number): { value: string; end: number } {
    if (this.positions && (contentEnd < 0 || chomping === 2)) throw BAIL;
    return { value: out + chomp(chomping, didRead, empty), end: contentEnd < this.end ? contentEnd + 1 : contentEnd };
  }

  /** `|` and `>` scalars, following js-yaml's readBlockScalar line for line. */
  blockScalar(q: number, parent: number): { value: string; end: number } {
    const text = this.text;
    const folding = text.charCodeAt(q) === 62;
    let chomping = 0; // 0 clip, 1 strip, 2 keep
    let i = q + 1;
    const h = text.charCodeAt(i);
    if (h === 43 /* + */ || h === DASH) {
      chomping = h === DASH ? 1 : 2;
      i++;
    }
    if (i < this.le && text.charCodeAt(i) !== SPACE) throw BAIL; // explicit indentation, or garbage
    this.restOfLine(i);
    let textIndent = parent + 1;
    let detected = false;
    let didRead = false;
    let empty = 0;
    let moreIndented = false;
    let out = '';
    let ls = this.le + 1;
    // yaml's range for a block scalar ends after the newline of its last content line.
    let contentEnd = -1;
    for (;;) {
      if (ls >= this.end) {
        // End of input: js-yaml sees a line of indentation 0, which ends the scalar.
        this.seek(this.end);
        return this.finishBlock(out, chomping, didRead, empty, contentEnd);
      }
      let le = text.indexOf('\n', ls);
      if (le < 0 || le > this.end) le = this.end;
      let p = ls;
      while ((!detected || p - ls < textIndent) && p < le && text.charCodeAt(p) === SPACE) p++;
      const lineIndent = p - ls;
      if (!detected && lineIndent > textIndent) textIndent = lineIndent;
      if (p === le) {
        empty++;
        ls = le + 1;
        continue;
      }
      if (lineIndent < textIndent) {
        this.seek(ls);
        return this.finishBlock(out, chomping, didRead, empty, contentEnd);
      }
      if (folding) {
        if (text.charCodeAt(p) === SPACE) {
          moreIndented = true;
          out += '\n'.repeat(didRead ? 1 + empty : empty);
        } else if (moreIndented) {
          moreIndented = false;
          out += '\n'.repeat(empty + 1);
        } else if (empty === 0) {
          if (didRead) out += ' ';
        } else {
          out += '\n'.repeat(empty);
        }
      } else {
        out += '\n'.repeat(didRead ? 1 + empty : empty);
      }
      didRead = true;
      detected = true;
      empty = 0;
      out += text.slice(p, le);
      contentEnd = le;
      ls = le + 1;
    }
  }
}

/** The escape sequence at `b` (a backslash) of a double-quoted scalar, as js-yaml decodes it. */
function decodeEscape(s: string, b: number): { text: string; next: number } {
  const e = s.charAt(b + 1);
  const simple = ESCAPES[e];
  if (simple !== undefined) return { text: simple, next: b + 2 };
  const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  const hex = s.slice(b + 2, b + 2 + len);
  if (!len || hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) throw BAIL;
  return { text: String.fromCodePoint(code), next: b + 2 + len };
}

/**
 * A flow collection that opens and closes on one line (`["sh", "-c"]`, `{resource: pod}`): scalars and
 * nested collections, `, ` separated. Anything subtler (pairs in sequences, trailing or empty entries,
 * keys without values, comments) is left to js-yaml.
 */
class FlowReader {
  i: number;
  private readonly text: string;
  private readonly le: number;
  constructor(
    private readonly r: Reader,
    start: number,
  ) {
    this.text = r.text;
    this.le = r.le;
    this.i = start;
  }

  private skip(): void {
    while (this.i < this.le && this.text.charCodeAt(this.i) === SPACE) this.i++;
  }

  collection(): unknown {
    if (++this.r.depth > MAX_DEPTH) throw BAIL;
    const seq = this.text.charCodeAt(this.i) === 91;
    const close = seq ? 93 : 125;
    this.i++;
    this.skip();
    const arr: unknown[] = [];
    const obj: Record<string, unknown> = {};
    if (this.text.charCodeAt(this.i) === close) throw BAIL; // `[ ]`: rare, left to js-yaml
    for (;;) {
      if (seq) arr.push(this.item(false));
      else {
        const key = this.item(true);
        if (typeof key === 'object' && key !== null) throw BAIL;
        const k = String(key);
        if (this.text.charCodeAt(this.i) !== COLON || this.text.charCodeAt(this.i + 1) !== SPACE) throw BAIL;
        this.i += 2;
        this.skip();
        if (k === '__proto__' || Object.prototype.hasOwnProperty.call(obj, k)) throw BAIL;
        obj[k] = this.item(false);
      }
      const c = this.text.charCodeAt(this.i);
      if (c === close) {
        this.i++;
        this.r.depth--;
        return seq ? arr : obj;
      }
      if (c !== 44 /* , */) throw BAIL;
      this.i++;
      this.skip();
      const n = this.text.charCodeAt(this.i);
      if (n === close || n === 44 || this.i >= this.le) throw BAIL;
    }
  }

  /** One entry; leaves `i` on the following `,`, `:` or closing bracket (spaces skipped). */
  private item(isKey: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(this.i);
    let v: unknown;
    if (c === 91 || c === 123) {
      if (isKey) throw BAIL;
      v = this.collection();
    } else if (c === 34 || c === 39) {
      const end = this.r.quoteEnd(this.i);
      if (end < 0) throw BAIL;
      v = this.r.quoted(this.i, end);
      this.i = end;
    } else {
      let j = this.i;
      while (j < this.le) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 93 || d === 125 || d === 91 || d === 123 || d === HASH) break;
        if (d === COLON && (j + 1 === this.le || text.charCodeAt(j + 1) === SPACE || text.charCodeAt(j + 1) === 44)) break;
        j++;
      }
      let e = j;
      while (e > this.i && text.charCodeAt(e - 1) === SPACE) e--;
      if (e === this.i || !this.r.plainStart(this.i)) throw BAIL;
      const d = text.charCodeAt(j);
      if (d === 91 || d === 123 || d === HASH || (d === COLON && !isKey) || j === this.le) throw BAIL;
      const raw = text.slice(this.i, e);
      // A flow plain scalar may not begin with `-`, `?` or `:` followed by a flow indicator, nor hold one.
      if (/[,\[\]{}]/.test(raw)) throw BAIL;
      v = this.r.resolve(raw);
      this.i = j;
    }
    this.skip();
    return v;
  }
}

/** A `---` or `...` line: a document boundary, which js-yaml treats specially inside scalars too. */
function isMarker(text: string, p: number, le: number): boolean {
  return (text.startsWith('---', p) || text.startsWith('...', p)) && (p + 3 === le || text.charCodeAt(p + 3) === SPACE);
}

/** Offset past the bracket closing the one-line flow collection at `q` (quotes respected), or BAIL. */
function flowEnd(text: string, q: number, le: number): number {
  let depth = 0;
  for (let i = q; i < le; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      if (--depth === 0) return i + 1;
    } else if (c === 34 || c === 39) {
      const close = text.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0 || close >= le || (c === 34 && text.charCodeAt(close - 1) === 92)) throw BAIL;
      i = close;
    } else if (c === HASH && text.charCodeAt(i - 1) === SPACE) throw BAIL;
  }
  throw BAIL;
}

/** `text.indexOf(code)` bounded to [from, to) (an unbounded search can run to the end of a large file). */
function indexIn(text: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

function chomp(chomping: number, didRead: boolean, empty: number): string {
  if (chomping === 2) return '\n'.repeat(didRead ? 1 + empty : empty);
  if (chomping === 0 && didRead) return '\n';
  return '';
}

/** End of a collection in yaml's convention: the end of its last item's node (past trailing spaces, comment and newline). */
function nodeEnd(text: string, last: PosNode | undefined): number {
  if (!last) return 0;
  // After an empty value, yaml's end depends on what follows (blank lines count in some places): unknown (-1), the locator defers.
  if (last.start === last.end || last.end < 0) return -1;
  const flags = last as { flowEnd?: boolean; block?: boolean };
  if (flags.block || (last.kind !== 'scalar' && !flags.flowEnd)) return last.end;
  let i = last.end;
  while (text.charCodeAt(i) === SPACE) i++;
  if (text.charCodeAt(i) === HASH) {
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? text.length : nl;
  }
  return text.charCodeAt(i) === 10 ? i + 1 : i;
}

const ESCAPES: Record<string, string> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};

function prepared(text: string, start: number, end: number, positions: boolean): Reader | undefined {
  if (!ENABLED) return undefined;
  // Tabs, CRs, control characters, BOMs: js-yaml's business. Surrogate pairs are fine, lone ones are not.
  const src = text.slice(start, end);
  if (!NOT_PLAIN_ASCII.test(src)) {
    // Only printable ASCII and newlines: nothing to check.
  } else if (AWKWARD_ANY.test(src) && !onlyPairedSurrogates(src, 0, src.length)) return undefined;
  const r = new Reader(text, end, positions);
  let from = start;
  if (text.startsWith('---', start)) {
    let le = text.indexOf('\n', start);
    if (le < 0 || le > end) le = end;
    let i = start + 3;
    while (i < le && text.charCodeAt(i) === SPACE) i++;
    if (i < le && text.charCodeAt(i) !== HASH) return undefined;
    from = le + 1;
  }
  try {
    r.seek(from);
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
  if (r.eof) return undefined;
  if (r.text.charCodeAt(r.first) === 37 /* % */) return undefined;
  return r;
}

function onlyPairedSurrogates(text: string, from: number, end: number): boolean {
  AWKWARD.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = AWKWARD.exec(text)) && m.index < end) {
    const c = text.charCodeAt(m.index);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(m.index + 1);
      if (d >= 0xdc00 && d <= 0xdfff && m.index + 1 < end) {
        AWKWARD.lastIndex = m.index + 2;
        continue;
      }
    }
    return false;
  }
  return true;
}

/**
 * The value of the document in `text[start, end)` (a chunk from splitDocuments: its `---` line, if any,
 * first), or UNSUPPORTED when js-yaml must read it.
 */
export function readBlockYaml(text: string, start: number, end: number): unknown {
  const src = text.slice(start, end);
  if (src.includes('\r')) {
    // CRLF files: js-yaml reads CRLF exactly as LF, so values come from the LF form (offsets are not needed here).
    if (/\r(?!\n)/.test(src)) return UNSUPPORTED;
    const lf = src.replace(/\r\n/g, '\n');
    return readBlockYaml(lf, 0, lf.length);
  }
  const r = prepared(text, start, end, false);
  if (!r) return UNSUPPORTED;
  try {
    const v = r.node(r.ind - 1);
    return r.eof ? v : UNSUPPORTED;
  } catch (e) {
    if (e === BAIL) return UNSUPPORTED;
    throw e;
  }
}

/** Key and value positions of the document in `text[start, end)`, or UNSUPPORTED. */
export function readBlockYamlPositions(text: string, start: number, end: number): PosNode | typeof UNSUPPORTED {
  const r = prepared(text, start, end, true);
  if (!r) return UNSUPPORTED;
  try {
    const v = r.node(r.ind - 1) as PosNode;
    return r.eof ? v : UNSUPPORTED;
  } catch (e) {
    if (e === BAIL) return UNSUPPORTED;
    throw e;
  }
}
