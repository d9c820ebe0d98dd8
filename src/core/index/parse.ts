// Parsing for the index: a fast path for values, and exact positions only on demand.
//
// Why two paths: on 14 MB of real manifests `yaml`'s parseAllDocuments runs at ~2 MB/s while js-yaml's
// loadAll runs at ~22 MB/s but keeps no node positions. The index needs values for every document and
// exact key/value ranges for only the few documents a diagnostic, an open editor or a write-back looks
// at. So documents are split at their `---`/`...` markers (which YAML forbids inside scalars at column 0,
// so a line scan finds them exactly), each document's value comes from js-yaml, and `yaml`'s CST-keeping
// parser runs lazily on one document when a range is asked for.
import * as jsyaml from 'js-yaml';
import { BLOCK_YAML_SCHEMA, PosNode, readBlockYaml, UNSUPPORTED } from './blockYaml';
import { FALLBACK, LineTable, lineTable, locate, narrow, NARROW_FROM, positionsOf } from './rangeLocator';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Document, Node as YamlNode } from 'yaml';
import { SourceRange } from '../types';
import { IndexError } from './model';
import { hasTemplateMapping, templateParseNote } from './templateSyntax';

/** js-yaml's YAML 1.2 core schema plus merge keys (`<<`), which Kubernetes' YAML reader also honours; no timestamps or binary, since Kubernetes reads those as strings. */
const SCHEMA = BLOCK_YAML_SCHEMA;

/** Past this many nodes (aliases expanded), a document is treated as an alias bomb and not indexed. */
export const MAX_EXPANDED_NODES = 1_000_000;

export interface DocumentChunk {
  /** 0-based position among all chunks of the file (empty ones included), the document index everywhere. */
  index: number;
  /** Offset where the chunk starts: its `---` marker line, or 0 for the first chunk. */
  chunkStart: number;
  /** Offset just past the chunk (the next marker line's start, or the end of the text). */
  chunkEnd: number;
  /** Line of `chunkStart`. */
  chunkStartLine: number;
  /** First and last line holding content (not blank, not a comment, not a bare marker); -1 when empty. */
  contentStartLine: number;
  contentEndLine: number;
  /** Offsets of the first content character and the end of the last content line. */
  contentStart: number;
  contentEnd: number;
}

export interface ParsedDocument {
  index: number;
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  value?: unknown;
  /** YAML read some of its `{{ }}` placeholders as mappings (see templateSyntax.ts). */
  template?: boolean;
}

export interface ParseResult {
  documents: ParsedDocument[];
  errors: IndexError[];
  lineCount: number;
}

function isMarkerAt(text: string, pos: number, ch: '-' | '.'): boolean {
  if (text.charCodeAt(pos) !== ch.charCodeAt(0) || text.charCodeAt(pos + 1) !== ch.charCodeAt(0) || text.charCodeAt(pos + 2) !== ch.charCodeAt(0)) return false;
  const after = text.charCodeAt(pos + 3);
  // end of text, space, tab, CR, LF
  return Number.isNaN(after) || after === 32 || after === 9 || after === 13 || after === 10;
}

/**
 * Splits a YAML stream into document chunks at its `---` and `...` marker lines.
 *
 * Markers are found with indexOf and only the first and last content lines of each chunk are examined, so a
 * chunk's bulk is touched once (by the newline count for line numbers) rather than character by character.
 */
export function splitDocuments(text: string): DocumentChunk[] {
  return splitDocumentsCounted(text).chunks;
}

/** splitDocuments plus the text's line count (countLines), from the same pass. */
export function splitDocumentsCounted(text: string): { chunks: DocumentChunk[]; lineCount: number } {
  const len = text.length;
  const chunks: DocumentChunk[] = [];
  // Line numbers by counting newlines; positions asked for never decrease.
  let countedPos = 0;
  let countedLine = 0;
  const lineOf = (pos: number): number => {
    let i = text.indexOf('\n', countedPos);
    while (i !== -1 && i < pos) {
      countedLine++;
      i = text.indexOf('\n', i + 1);
    }
    countedPos = pos;
    return countedLine;
  };
  const markers = new MarkerFinder(text);
  let chunkStart = 0;
  let isMarkerChunk = markers.next(0) === 0 && text.charCodeAt(0) === 45;
  if (isMarkerChunk) markers.consume(0);
  for (;;) {
    const chunkStartLine = lineOf(chunkStart);
    let contentStartLine = -1;
    let contentEndLine = -1;
    let contentStart = -1;
    let contentEnd = -1;
    let bodyStart = chunkStart;
    if (isMarkerChunk) {
      let eol = text.indexOf('\n', chunkStart);
      if (eol === -1) eol = len;
      // Content on the marker line itself (`--- !tag` or `--- |`) makes the marker line the first content line.
      const rest = text.slice(chunkStart + 3, eol).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        contentStartLine = contentEndLine = chunkStartLine;
        contentStart = chunkStart;
        contentEnd = lineEnd(text, eol);
      }
      bodyStart = Math.min(eol + 1, len);
    }
    // Content runs to the next marker; after a `...`, nothing is content until the next `---`.
    const m = markers.next(bodyStart);
    const regionEnd = m === -1 ? len : m;
    let next = m;
    while (next !== -1 && text.charCodeAt(next) === 46) {
      markers.consume(next);
      next = markers.next(next + 3);
    }
    if (next !== -1) markers.consume(next);
    const first = firstContentLine(text, bodyStart, regionEnd);
    if (first !== -1) {
      const last = lastContentLine(text, bodyStart, regionEnd);
      if (contentStart === -1) contentStart = first;
      contentStartLine = contentStartLine === -1 ? lineOf(first) : contentStartLine;
      contentEndLine = lineOf(last);
      let eol = text.indexOf('\n', last);
      if (eol === -1) eol = len;
      contentEnd = lineEnd(text, eol);
    }
    const chunkEnd = next === -1 ? len : next;
    // A preamble before the first marker with no content (comments, directives) is not a document.
    if (isMarkerChunk || contentStartLine !== -1 || next === -1) {
      chunks.push({ index: chunks.length, chunkStart, chunkEnd, chunkStartLine, contentStartLine, contentEndLine, contentStart, contentEnd });
    }
    if (next === -1) break;
    chunkStart = next;
    isMarkerChunk = true;
  }
  return { chunks, lineCount: lineOf(len) + 1 };
}

/** Finds `---`/`...` marker lines in order, each kind with its own indexOf cursor. */
class MarkerFinder {
  private dash = -2;
  private dots = -2;
  constructor(private readonly text: string) {}

  /** Start of the first marker line at or after `from` (a line start), or -1. */
  next(from: number): number {
    if (this.dash !== -1 && this.dash < from) this.dash = this.find('---', '-', from);
    if (this.dots !== -1 && this.dots < from) this.dots = this.find('...', '.', from);
    if (this.dash === -1) return this.dots;
    if (this.dots === -1) return this.dash;
    return Math.min(this.dash, this.dots);
  }

  consume(pos: number): void {
    if (this.dash === pos) this.dash = this.find('---', '-', pos + 1);
    if (this.dots === pos) this.dots = this.find('...', '.', pos + 1);
  }

  private find(marker: string, ch: '-' | '.', from: number): number {
    if (from === 0 && isMarkerAt(this.text, 0, ch)) return 0;
    let i = this.text.indexOf('\n' + marker, Math.max(0, from - 1));
    while (i !== -1 && !isMarkerAt(this.text, i + 1, ch)) i = this.text.indexOf('\n' + marker, i + 1);
    return i === -1 ? -1 : i + 1;
  }
}

/** Whether the line [ls, eol) holds content: its first non-blank character is not a comment, a CR or a lone BOM. */
function isContentLine(text: string, ls: number, eol: number): boolean {
  let p = ls;
  while (p < eol && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  const c = text.charCodeAt(p);
  return p < eol && c !== 35 /* # */ && c !== 13 /* \r */ && !(c === 0xfeff && p + 1 >= eol);
}

/** Start of the first content line in [from, to) (both line starts, or `to` the end), or -1. */
function firstContentLine(text: string, from: number, to: number): number {
  let ls = from;
  while (ls < to) {
    let eol = text.indexOf('\n', ls);
    if (eol === -1) eol = text.length;
    if (isContentLine(text, ls, eol)) return ls;
    ls = eol + 1;
  }
  return -1;
}

/** Start of the last content line in [from, to); only called when there is one. */
function lastContentLine(text: string, from: number, to: number): number {
  let e = to;
  while (e > from) {
    const eol = text.charCodeAt(e - 1) === 10 ? e - 1 : e;
    const ls = eol > from ? text.lastIndexOf('\n', eol - 1) + 1 : from;
    if (isContentLine(text, ls, eol)) return ls;
    e = ls;
  }
  return from;
}

function lineEnd(text: string, eol: number): number {
  return eol > 0 && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
}

export function countLines(text: string): number {
  let n = 1;
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1) n++;
  return n;
}

function chunkText(text: string, c: DocumentChunk): string {
  return text.slice(c.chunkStart, c.chunkEnd);
}

/** Counts nodes with aliases expanded, stopping at `limit`; an alias bomb is small text but huge data. */
function expandedSize(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > limit) return count;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const key in v as Record<string, unknown>) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return count;
}

function yamlError(file: string, e: unknown, chunk: DocumentChunk, code: string): IndexError {
  if (e instanceof jsyaml.YAMLException) {
    // js-yaml marks are relative to the chunk text.
    const line = chunk.chunkStartLine + (e.mark?.line ?? 0);
    return { file, line, character: e.mark?.column ?? 0, message: capitalise(e.reason ?? e.message), code, severity: 'error', documentIndex: chunk.index };
  }
  return { file, line: chunk.contentStartLine, character: 0, message: e instanceof Error ? e.message : String(e), code, severity: 'error', documentIndex: chunk.index };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A syntax error, or the RC1002 note when `{{ }}` placeholders are what the parser stumbled on. */
function syntaxError(file: string, src: string, e: unknown, chunk: DocumentChunk): IndexError {
  const err = yamlError(file, e, chunk, 'RC0001');
  const parses = (t: string) => {
    try {
      jsyaml.load(t, { schema: SCHEMA, json: true });
      return true;
    } catch {
      return false;
    }
  };
  return templateParseNote(file, src, chunk.chunkStartLine, chunk.index, e instanceof jsyaml.YAMLException ? err.line : undefined, parses) ?? err;
}

/** Parses one chunk's value; returns the value (possibly from a lenient second pass) and errors. */
export function parseChunk(file: string, text: string, chunk: DocumentChunk): { value?: unknown; errors: IndexError[]; template?: boolean } {
  // Plain block-style documents (nearly all manifests) take the fast reader; it returns exactly what
  // js-yaml would, and hands anything else (and every error) to js-yaml below.
  const fast = readBlockYaml(text, chunk.chunkStart, chunk.chunkEnd);
  if (fast !== UNSUPPORTED) return { value: fast, errors: [] };
  const src = chunkText(text, chunk);
  const errors: IndexError[] = [];
  let value: unknown;
  try {
    value = jsyaml.load(src, { schema: SCHEMA, filename: file });
  } catch (e) {
    if (e instanceof jsyaml.YAMLException && /duplicated mapping key/.test(e.reason ?? '')) {
      const err = yamlError(file, e, chunk, 'RC0002');
      const key = keyAt(src, e.mark?.position);
      err.message = `Duplicate key: ${key}. Kubernetes keeps only the last value; remove one of them.`;
      // `{{ .a }}: x` and `{{ .b }}: y` are both the key "[object Object]" to js-yaml: a template, not a duplicate.
      const placeholderKey = key.includes('{{');
      try {
        // `json: true` makes js-yaml keep the last value of a duplicated key, as Kubernetes' reader does.
        value = jsyaml.load(src, { schema: SCHEMA, filename: file, json: true });
      } catch (e2) {
        const second = syntaxError(file, src, e2, chunk);
        if (!(placeholderKey && second.code === 'RC1002')) errors.push(err);
        errors.push(second);
        return { errors };
      }
      if (!(placeholderKey && hasTemplateMapping(value))) errors.push(err);
    } else {
      errors.push(syntaxError(file, src, e, chunk));
      return { errors };
    }
  }
  if (value !== null && typeof value === 'object' && src.includes('*') && src.includes('&')) {
    if (expandedSize(value, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES) {
      errors.push({
        file,
        line: chunk.contentStartLine,
        character: 0,
        message: `Document expands to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes through aliases (a YAML bomb?); it was not indexed.`,
        code: 'RC0004',
        severity: 'error',
        documentIndex: chunk.index,
      });
      return { errors };
    }
  }
  // Only js-yaml reads flow mappings, so the fast path above never holds a `{{x}}` placeholder.
  if (value !== null && typeof value === 'object' && src.includes('{{') && hasTemplateMapping(value)) return { value, errors, template: true };
  return { value, errors };
}

function keyAt(src: string, position: number | undefined): string {
  if (position === undefined) return 'a key';
  const lineStart = src.lastIndexOf('\n', position - 1) + 1;
  const lineText = src.slice(lineStart, src.indexOf('\n', lineStart) === -1 ? undefined : src.indexOf('\n', lineStart));
  const m = /^\s*(?:-\s+)?("[^"]*"|'[^']*'|[^:#]+?)\s*:/.exec(lineText);
  return m ? `'${m[1].replace(/^["']|["']$/g, '')}'` : 'a key';
}

/** The fast path: every non-empty document's value and span. */
export function parseDocuments(file: string, text: string): ParseResult {
  const documents: ParsedDocument[] = [];
  const errors: IndexError[] = [];
  const { chunks, lineCount } = splitDocumentsCounted(text);
  for (const chunk of chunks) {
    const doc = parseOneChunk(file, text, chunk, errors);
    if (doc) documents.push(doc);
  }
  return { documents, errors, lineCount: chunks.length ? lineCount : 1 };
}

/** Parses one chunk into a document (undefined for an empty chunk); errors are appended. */
export function parseOneChunk(file: string, text: string, chunk: DocumentChunk, errors: IndexError[]): ParsedDocument | undefined {
  if (chunk.contentStartLine === -1) return undefined;
  const r = parseChunk(file, text, chunk);
  errors.push(...r.errors);
  // A document of only `~`/`null` is content-free as far as the index is concerned.
  if (r.errors.length === 0 && (r.value === null || r.value === undefined)) return undefined;
  detachStrings(r.value);
  return { index: chunk.index, start: chunk.contentStart, end: chunk.contentEnd, startLine: chunk.contentStartLine, endLine: chunk.contentEndLine, value: r.value, ...(r.template ? { template: true } : {}) };
}

/** V8 makes a string cut out of a longer one a "sliced string" (a view) from this length up. */
const SLICED_FROM = 13;

/**
 * Replaces the long strings of a parsed value by copies of their own. The readers cut string values out of the file
 * text, and V8 keeps such a cut as a view that holds the whole text: every indexed file's text stayed in memory for
 * as long as its values did (at 100,000 objects, 42 MB of text and 330,000 views, about a sixth of the index's heap,
 * all of it copied through the young generation by the scavenges that stall the extension host during a scan).
 * Concatenating two parts and reading a character makes V8 flatten them into a new string; the garbage collector
 * then drops the concatenation's shell. Same characters, so the value is unchanged.
 */
function detachStrings(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const container = stack.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const v = container[i];
        if (typeof v === 'string') {
          if (v.length >= SLICED_FROM) container[i] = ownCopy(v);
        } else if (v !== null && typeof v === 'object') stack.push(v);
      }
    } else {
      for (const key in container) {
        const v = container[key];
        if (typeof v === 'string') {
          if (v.length >= SLICED_FROM) container[key] = ownCopy(v);
        } else if (v !== null && typeof v === 'object') stack.push(v);
      }
    }
  }
}

function ownCopy(s: string): string {
  const copy = s.slice(0, 1) + s.slice(1);
  copy.charCodeAt(0);
  return copy;
}

// ---- exact positions, lazily ------------------------------------------------------------------

/** Offsets of line starts, for offset → line/character conversion. */
export class LineIndex {
  private readonly starts: number[];
  constructor(text: string) {
    const starts = [0];
    let i = -1;
    while ((i = text.indexOf('\n', i + 1)) !== -1) starts.push(i + 1);
    this.starts = starts;
  }
  positionAt(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  offsetAt(line: number, character: number): number {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    return this.starts[l] + character;
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

// One-entry caches: the same text is usually asked about several times in a row (all diagnostics of a file).
let cachedText: string | undefined;
let cachedLines: LineIndex | undefined;
let cachedChunks: DocumentChunk[] | undefined;
const docCache = new Map<number, Document.Parsed>();
const posCache = new Map<number, PosNode | typeof UNSUPPORTED>();
const lineTables = new Map<number, LineTable | null>();

function prepare(text: string): { lines: LineIndex; chunks: DocumentChunk[] } {
  if (text !== cachedText || !cachedLines || !cachedChunks) {
    cachedText = text;
    cachedLines = new LineIndex(text);
    cachedChunks = splitDocuments(text);
    docCache.clear();
    posCache.clear();
    lineTables.clear();
  }
  return { lines: cachedLines, chunks: cachedChunks };
}

export function lineIndexOf(text: string): LineIndex {
  return prepare(text).lines;
}

/** The `yaml` Document (comments and ranges kept) of one document of a file; ranges are relative to the chunk start. */
export function documentWithPositions(text: string, documentIndex: number): { doc: Document.Parsed; offset: number } | undefined {
  const { chunks } = prepare(text);
  const chunk = chunks[documentIndex];
  if (!chunk) return undefined;
  let doc = docCache.get(documentIndex);
  if (!doc) {
    doc = parseDocument(chunkText(text, chunk), { uniqueKeys: false, keepSourceTokens: false });
    docCache.set(documentIndex, doc);
  }
  return { doc, offset: chunk.chunkStart };
}

/** All documents of a text with positions (for editing); use sparingly, this is the slow path. */
export function parseWithPositions(text: string): Document.Parsed[] {
  const { chunks } = prepare(text);
  const out: Document.Parsed[] = [];
  for (const c of chunks) {
    const d = documentWithPositions(text, c.index);
    if (d) out.push(d.doc);
  }
  return out;
}

function toRange(file: string, lines: LineIndex, start: number, end: number): SourceRange {
  return { file, start, end, startPos: lines.positionAt(start), endPos: lines.positionAt(end) };
}

/** The range of a whole document: its content, or the chunk itself when it has none. */
function wholeDocument(file: string, lines: Parameters<typeof toRange>[1], chunk: { contentStart: number; contentEnd: number; chunkStart: number; chunkEnd: number }): SourceRange {
  const start = chunk.contentStart >= 0 ? chunk.contentStart : chunk.chunkStart;
  const end = chunk.contentEnd >= 0 ? chunk.contentEnd : chunk.chunkEnd;
  return toRange(file, lines, start, end);
}

/**
 * The exact range of a key or a value in one document. An empty path means the whole document.
 * When the path does not fully exist, the range of the deepest existing key is returned, since a
 * diagnostic about a missing field belongs on its parent.
 */
export function rangeOfPath(file: string, text: string, documentIndex: number, path: ReadonlyArray<string | number>, which: 'key' | 'value' = 'key'): SourceRange | undefined {
  const { lines, chunks } = prepare(text);
  const chunk = chunks[documentIndex];
  if (!chunk) return undefined;
  if (path.length === 0) return wholeDocument(file, lines, chunk);
  // The line-based locator first (same ranges, a fraction of the cost); the `yaml` Document otherwise.
  // A big document is read from the block of lines that holds the path, unless it was read whole already.
  if (chunk.chunkEnd - chunk.chunkStart >= NARROW_FROM && !posCache.has(documentIndex)) {
    let table = lineTables.get(documentIndex);
    if (table === undefined) {
      table = lineTable(text, chunk.chunkStart, chunk.chunkEnd);
      lineTables.set(documentIndex, table);
    }
    const block = table && narrow(text, table, path);
    if (block) {
      const sub = positionsOf(text, block.start, block.end);
      const r = sub === UNSUPPORTED ? FALLBACK : locate(sub, block.path, which);
      if (r !== FALLBACK) return toRange(file, lines, r.start, r.end);
    }
  }
  let positions = posCache.get(documentIndex);
  if (positions === undefined) {
    positions = positionsOf(text, chunk.chunkStart, chunk.chunkEnd);
    posCache.set(documentIndex, positions);
  }
  if (positions !== UNSUPPORTED) {
    const r = locate(positions, path, which);
    if (r !== FALLBACK) return toRange(file, lines, r.start, r.end);
  }
  return rangeOfPathViaDocument(file, text, documentIndex, path, which);
}

/** rangeOfPath through the `yaml` Document API only (the reference the locator is tested against). */
export function rangeOfPathViaDocument(file: string, text: string, documentIndex: number, path: ReadonlyArray<string | number>, which: 'key' | 'value' = 'key'): SourceRange | undefined {
  const { lines, chunks } = prepare(text);
  const chunk = chunks[documentIndex];
  if (!chunk) return undefined;
  if (path.length === 0) return wholeDocument(file, lines, chunk);
  const parsed = documentWithPositions(text, documentIndex);
  if (!parsed) return undefined;
  const { doc, offset } = parsed;
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as YamlNode;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      keyNode = item as YamlNode;
      node = item;
    } else {
      break;
    }
    if (node === null || node === undefined) {
      node = undefined;
    }
  }
  const target = which === 'value' && node && (node as YamlNode).range ? (node as YamlNode) : keyNode ?? (node as YamlNode | undefined);
  const r = target?.range;
  if (!r) return toRange(file, lines, chunk.contentStart, chunk.contentEnd);
  return toRange(file, lines, offset + r[0], offset + r[1]);
}
