// Writes field values into one YAML document of a (multi-document) file, changing only the text of
// the fields touched: comments, key order, quoting, indentation and every other document stay
// byte-identical. yaml's Document API finds the nodes and their exact ranges and formats the new
// values; the edit is spliced into the original text rather than re-printing the whole file, which
// is what keeps the rest of the file untouched. The result is re-parsed and checked before use.
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, Node, parseAllDocuments, Scalar, stringify, YAMLMap, YAMLSeq } from 'yaml';
import { fail, ok, Result } from './result';

export type FieldPath = Array<string | number>;

export interface FieldEdit {
  path: FieldPath;
  /** New value (plain JSON data); `undefined` removes the field. */
  value: unknown;
}

export interface WriteBackResult {
  text: string;
  /** Paths whose value actually changed. */
  changed: FieldPath[];
}

interface Layout {
  indent: number;
  indentSeq: boolean;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** yaml may end a block node after the next line's indentation; back up to that line's start. */
function blockEnd(text: string, pos: number): number {
  const ls = lineStart(text, pos);
  return /^[ \t]*$/.test(text.slice(ls, pos)) && ls > 0 ? ls : pos;
}

function column(text: string, pos: number): number {
  return pos - lineStart(text, pos);
}

/** The file's own indentation step and sequence style, so inserted blocks look like their neighbours. */
function detectLayout(text: string, doc: Document.Parsed): Layout {
  let indent = 0;
  let indentSeq: boolean | undefined;
  const visit = (node: unknown, parentCol: number): void => {
    if (isMap(node) || isSeq(node)) {
      if (node.flow || !node.range) return;
      const col = column(text, node.range[0]);
      if (isMap(node) && parentCol >= 0 && col > parentCol && !indent) indent = col - parentCol;
      if (isSeq(node) && parentCol >= 0 && indentSeq === undefined) indentSeq = col > parentCol;
      for (const item of node.items) {
        if (isMap(node)) {
          const pair = item as { key: unknown; value: unknown };
          const keyCol = isScalar(pair.key) && pair.key.range ? column(text, pair.key.range[0]) : col;
          visit(pair.value, keyCol);
        } else visit(item, col);
      }
    }
  };
  visit(doc.contents, -1);
  return { indent: indent || 2, indentSeq: indentSeq ?? true };
}

function blockText(value: unknown, layout: Layout, indentCols: number, firstLineInline: boolean): string {
  const out = stringify(value, { indent: layout.indent, indentSeq: layout.indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(indentCols);
  return out
    .split('\n')
    .map((l, i) => (i === 0 && firstLineInline ? l : l ? pad + l : l))
    .join('\n');
}

function scalarText(value: unknown, node: Scalar | undefined, text: string): string {
  const type = node?.type;
  if (typeof value === 'string' && (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') && node?.range) {
    // Keep the block style: same indicator, same content indentation.
    const header = text.slice(node.range[0], text.indexOf('\n', node.range[0]));
    const firstContent = /\n( *)\S/.exec(text.slice(node.range[0], node.range[1]));
    const pad = ' '.repeat(firstContent ? firstContent[1].length : column(text, node.range[0]) + 2);
    const indicator = type === 'BLOCK_LITERAL' ? '|' : '>';
    const keepIndentIndicator = /\d/.exec(header)?.[0] ?? '';
    const chomp = value.endsWith('\n') ? '' : '-';
    const body = value.replace(/\n$/, '').split('\n').map((l) => (l ? pad + l : l)).join('\n');
    if (type === 'BLOCK_FOLDED' && value.includes('\n')) {
      // Folding would turn single newlines into spaces; a literal block keeps them.
      return `|${chomp}\n${body}\n`;
    }
    return `${indicator}${keepIndentIndicator}${chomp}\n${body}\n`;
  }
  let stringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' = 'PLAIN';
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') stringType = type;
  if (typeof value === 'string' && value.includes('\n')) stringType = 'QUOTE_DOUBLE';
  return stringify(value, { defaultStringType: stringType, defaultKeyType: 'PLAIN', lineWidth: 0 }).replace(/\n$/, '');
}

interface Located {
  /** Deepest existing node along the path and how many segments it consumed. */
  node: Node | null;
  depth: number;
  /** The map pair holding the node, when the last consumed segment was a map key. */
  pair?: { key: Node; value: Node | null };
  parent?: Node;
}

function locate(doc: Document.Parsed, path: FieldPath): Located {
  let node = doc.contents as Node | null;
  let pair: Located['pair'];
  let parent: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const p = (node as YAMLMap).items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!p) return { node, depth: i, pair, parent };
      parent = node;
      pair = p as Located['pair'];
      node = (p.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof seg === 'number' && seg < (node as YAMLSeq).items.length) {
      parent = node;
      pair = undefined;
      node = (node as YAMLSeq).items[seg] as Node;
    } else return { node, depth: i, pair, parent };
  }
  return { node, depth: path.length, pair, parent };
}

function nest(rest: FieldPath, value: unknown): unknown {
  return rest.reduceRight<unknown>((acc, seg) => (typeof seg === 'number' ? [acc] : { [seg]: acc }), value);
}

function applyOne(text: string, doc: Document.Parsed, edit: FieldEdit, layout: Layout): Result<string> {
  const where = locate(doc, edit.path);
  const { node } = where;
  if (edit.value === undefined) {
    if (where.depth < edit.path.length) return ok(text); // already absent
    if (!where.pair || !isMap(where.parent) || where.parent.flow) return fail('path-not-found', `Only block map fields can be removed (${edit.path.join('.')}).`);
    const map = where.parent as YAMLMap;
    if (map.items.length === 1 && map.range) return ok(text.slice(0, map.range[0]) + '{}\n' + text.slice(blockEnd(text, map.range[1])));
    const keyRange = where.pair.key.range!;
    const endNode = where.pair.value ?? where.pair.key;
    let end = blockEnd(text, endNode.range![2]);
    if (text[end - 1] !== '\n') end = text.indexOf('\n', end) + 1 || text.length;
    return ok(text.slice(0, lineStart(text, keyRange[0])) + text.slice(end));
  }
  if (where.depth === edit.path.length && node?.range) {
    const isCollection = isMap(node) || isSeq(node);
    const newIsCollection = edit.value !== null && typeof edit.value === 'object';
    if (!isCollection && !newIsCollection) {
      if (node.range[0] === node.range[1] && where.pair?.key.range) {
        // An empty value (`key:` or `key: # comment`) has no text of its own: write right after the colon.
        const colon = text.indexOf(':', where.pair.key.range[1]) + 1;
        const gap = text[colon] === ' ' ? '' : ' ';
        return ok(text.slice(0, colon) + ' ' + scalarText(edit.value, undefined, text) + (text[colon] === '\n' || colon >= text.length ? '' : gap) + text.slice(colon));
      }
      return ok(text.slice(0, node.range[0]) + scalarText(edit.value, node as Scalar, text) + text.slice(node.range[1]));
    }
    if (isCollection && (node as YAMLMap).flow) {
      const flow = stringify(edit.value, { collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
      return ok(text.slice(0, node.range[0]) + flow + text.slice(node.range[1]));
    }
    if (isCollection) {
      const block = blockText(edit.value, layout, column(text, node.range[0]), true);
      const end = blockEnd(text, node.range[1]);
      const tail = text[end - 1] === '\n' ? '\n' : '';
      return ok(text.slice(0, node.range[0]) + block + tail + text.slice(end));
    }
    // A scalar (often `null` or `{}`-less empty) becomes a collection: start it on the next line.
    const keyCol = where.pair?.key.range ? column(text, where.pair.key.range[0]) : 0;
    const block = blockText(edit.value, layout, keyCol + layout.indent, false);
    const before = text.slice(0, node.range[0]).replace(/[ \t]+$/, '');
    return ok(before + '\n' + block + text.slice(node.range[1]));
  }
  // Missing from segment `depth` on: add it to the deepest existing map.
  if (isSeq(node) && node.range && edit.path[where.depth] === node.items.length) {
    // Appending one item (index = current length), e.g. a new entry of a kustomization's patches.
    const item = nest(edit.path.slice(where.depth + 1), edit.value);
    if (node.flow) {
      const flow = stringify([...(node.toJSON() as unknown[]), item], { collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
      return ok(text.slice(0, node.range[0]) + flow + text.slice(node.range[1]));
    }
    const block = blockText([item], layout, column(text, node.range[0]), false);
    const at = blockEnd(text, node.range[1]);
    return ok(text.slice(0, at) + (text[at - 1] === '\n' ? '' : '\n') + block + '\n' + text.slice(at));
  }
  if (!isMap(node) || !node.range) {
    if (node === null && where.pair) {
      const keyCol = where.pair.key.range ? column(text, where.pair.key.range[0]) : 0;
      const block = blockText(nest(edit.path.slice(where.depth), edit.value), layout, keyCol + layout.indent, false);
      const keyEnd = where.pair.key.range![1];
      const colon = text.indexOf(':', keyEnd);
      return ok(text.slice(0, colon + 1) + '\n' + block + text.slice(colon + 1).replace(/^[ \t]*(?=\n|$)/, ''));
    }
    return fail('path-not-found', `Cannot add ${edit.path.join('.')}: ${edit.path.slice(0, where.depth).join('.') || 'the document'} is not a mapping.`);
  }
  const addition = nest(edit.path.slice(where.depth + 1), edit.value);
  const key = String(edit.path[where.depth]);
  if ((node as YAMLMap).flow) {
    const merged = { ...((node as YAMLMap).toJSON() as Record<string, unknown>), [key]: addition };
    const flow = stringify(merged, { collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
    return ok(text.slice(0, node.range[0]) + flow + text.slice(node.range[1]));
  }
  const block = blockText({ [key]: addition }, layout, column(text, node.range[0]), false);
  const at = blockEnd(text, node.range[1]);
  const prefix = text[at - 1] === '\n' ? '' : '\n';
  return ok(text.slice(0, at) + prefix + block + '\n' + text.slice(at));
}

const PARSE = { logLevel: 'error' } as const;

function documentKind(doc: Document.Parsed): string | undefined {
  const k = isMap(doc.contents) ? doc.contents.get('kind') : undefined;
  return typeof k === 'string' ? k : undefined;
}

/** Sets (or removes) fields of document `documentIndex` in `text`. Secrets are refused. */
export function writeFieldValues(text: string, documentIndex: number, edits: FieldEdit[]): Result<WriteBackResult> {
  // Templated keys (`{{ x }}: ...`) parse as flow-map keys; yaml's warning about them is noise here.
  const docsBefore = parseAllDocuments(text, PARSE);
  if (!Array.isArray(docsBefore)) return fail('yaml-invalid', 'The file is empty.');
  const target = docsBefore[documentIndex];
  if (!target) return fail('path-not-found', `The file has no document #${documentIndex + 1}.`);
  if (target.errors.length) return fail('yaml-invalid', `Document #${documentIndex + 1} has YAML errors; fix them first: ${target.errors[0].message}`);
  if (documentKind(target) === 'Secret') {
    return fail('secret-refused', 'Secrets are excluded from adoption: Reconcile never writes Secret values into files. Change the Secret at its source (SOPS, Sealed Secrets, External Secrets).');
  }
  const layout = detectLayout(text, target);
  const jsBefore = docsBefore.map((d) => d.toJS());
  let out = text;
  const changed: FieldPath[] = [];
  let docs = docsBefore as Document.Parsed[];
  for (const edit of edits) {
    const doc = docs[documentIndex];
    const current = doc.getIn(edit.path);
    const currentJs = current instanceof Object && 'toJSON' in current ? (current as { toJSON(): unknown }).toJSON() : current;
    if (edit.value !== undefined && isDeepStrictEqual(currentJs, edit.value)) continue;
    if (edit.value === undefined && !doc.hasIn(edit.path)) continue;
    const next = applyOne(out, doc, edit, layout);
    if (!next.ok) return next;
    if (next.value !== out) docs = parseAllDocuments(next.value, PARSE) as Document.Parsed[];
    out = next.value;
    changed.push(edit.path);
  }
  // Check: the edited document holds exactly the new values, and nothing else moved.
  const docsAfter = out === text ? (docsBefore as Document.Parsed[]) : docs;
  const expected = structuredClone(jsBefore[documentIndex]) as unknown;
  for (const edit of edits) setIn(expected, edit.path, edit.value);
  const problems: string[] = [];
  if (docsAfter.length !== docsBefore.length || docsAfter.some((d) => d.errors.length)) problems.push('the file no longer parses the same way');
  else {
    if (!isDeepStrictEqual(docsAfter[documentIndex].toJS(), expected)) problems.push('the edited document does not hold the expected values');
    docsAfter.forEach((d, i) => {
      if (i !== documentIndex && !isDeepStrictEqual(d.toJS(), jsBefore[i])) problems.push(`document #${i + 1} changed`);
    });
  }
  if (problems.length) return fail('yaml-invalid', `Writing the values back would not be exact (${problems.join('; ')}); the file was left unchanged.`);
  return ok({ text: out, changed });
}

function setIn(root: unknown, path: FieldPath, value: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    if (cur[seg] === undefined || cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[seg] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}
