// The outline of one Terraform file (what the editor's Outline, breadcrumbs and "Go to Symbol in Editor" show):
// every top-level block named the way Terraform addresses it (`aws_s3_bucket.logs`, `data.aws_region.current`,
// `module.network`, `var.region`, `output.vpc_id`, `local.tags`), with the header range to select. The index
// model keeps only what plans and Atlantis need; the outline wants every block (locals, providers, moved, ...),
// so it reads the parse tree (or, for *.tf.json, the JSON document) itself.
import type { Node } from 'web-tree-sitter';
import { isScalar, Node as YamlNode, Pair, parseDocument } from 'yaml';
import { SourceRange } from '../types';
import { HclParser } from './hclParser';
import { entries, keyOf } from './jsonFile';
import { terraformFileKind } from './model';
import { RangeOf, rangeFactory } from './sourceRanges';

export type TfSymbolKind = 'resource' | 'data' | 'module' | 'variable' | 'output' | 'locals' | 'local' | 'terraform' | 'backend' | 'cloud' | 'provider' | 'block' | 'attribute';

export interface TfOutlineSymbol {
  name: string;
  /** What kind of block it is (`resource`, `module`, …), or the module source. */
  detail: string;
  kind: TfSymbolKind;
  /** The whole block. */
  range: SourceRange;
  /** The block's header (type and labels): what the editor selects. */
  selection: SourceRange;
  children: TfOutlineSymbol[];
}

/** Blocks below the top level worth listing, by parent type: the outline is a map, not a copy of the file. */
const NESTED: Record<string, ReadonlySet<string>> = {
  terraform: new Set(['backend', 'cloud', 'required_providers']),
};

/** Terraform's own address of a top-level block; other blocks (moved, import, check, …) keep their type and labels. */
export function symbolName(type: string, labels: readonly string[]): { name: string; kind: TfSymbolKind } {
  const [a, b] = labels;
  switch (type) {
    case 'resource':
      if (a !== undefined && b !== undefined) return { name: `${a}.${b}`, kind: 'resource' };
      break;
    case 'data':
      if (a !== undefined && b !== undefined) return { name: `data.${a}.${b}`, kind: 'data' };
      break;
    case 'module':
      if (a !== undefined) return { name: `module.${a}`, kind: 'module' };
      break;
    case 'variable':
      if (a !== undefined) return { name: `var.${a}`, kind: 'variable' };
      break;
    case 'output':
      if (a !== undefined) return { name: `output.${a}`, kind: 'output' };
      break;
    case 'provider':
      if (a !== undefined) return { name: `provider.${a}`, kind: 'provider' };
      break;
    case 'locals':
      return { name: 'locals', kind: 'locals' };
    case 'terraform':
      return { name: 'terraform', kind: 'terraform' };
    case 'backend':
      return { name: a === undefined ? 'backend' : `backend "${a}"`, kind: 'backend' };
    case 'cloud':
      return { name: 'cloud', kind: 'cloud' };
  }
  return { name: [type, ...labels].join('.'), kind: 'block' };
}

// ---- HCL ----

interface HclBlock {
  type: string;
  labels: string[];
  headerEnd: number;
  body: Node | null;
  node: Node;
}

function unquote(node: Node): string {
  return node.text.replace(/^"|"$/g, '');
}

function hclBlock(node: Node): HclBlock {
  let type = '';
  const labels: string[] = [];
  let body: Node | null = null;
  let headerEnd = node.startIndex;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'identifier' || c.type === 'string_lit') {
      if (c.type === 'identifier' && type === '') type = c.text;
      else labels.push(c.type === 'string_lit' ? unquote(c) : c.text);
      headerEnd = c.endIndex;
    } else if (c.type === 'body') body = c;
  }
  return { type, labels, headerEnd, body, node };
}

/** The `name = …` attributes of a body, as (name, node) pairs. */
function hclAttributes(body: Node | null): Array<{ name: string; node: Node; keyEnd: number }> {
  const out: Array<{ name: string; node: Node; keyEnd: number }> = [];
  for (const c of body?.namedChildren ?? []) {
    if (c?.type !== 'attribute') continue;
    const key = c.namedChildren[0];
    if (key?.type === 'identifier') out.push({ name: key.text, node: c, keyEnd: key.endIndex });
  }
  return out;
}

function hclBlocks(body: Node | null): HclBlock[] {
  const out: HclBlock[] = [];
  for (const c of body?.namedChildren ?? []) if (c?.type === 'block') out.push(hclBlock(c));
  return out;
}

function attributeSymbols(body: Node | null, rangeOf: RangeOf, prefix: string, kind: TfSymbolKind): TfOutlineSymbol[] {
  return hclAttributes(body).map((a) => ({ name: `${prefix}${a.name}`, detail: '', kind, range: rangeOf(a.node.startIndex, a.node.endIndex), selection: rangeOf(a.node.startIndex, a.keyEnd), children: [] }));
}

function hclSymbol(b: HclBlock, rangeOf: RangeOf, topLevel: boolean): TfOutlineSymbol {
  const { name, kind } = symbolName(b.type, b.labels);
  const range = rangeOf(b.node.startIndex, b.node.endIndex);
  const selection = rangeOf(b.node.startIndex, Math.max(b.headerEnd, b.node.startIndex));
  let children: TfOutlineSymbol[] = [];
  let detail: string = kind === 'block' ? b.type : kind;
  if (b.type === 'locals') children = attributeSymbols(b.body, rangeOf, 'local.', 'local');
  else if (b.type === 'required_providers') children = attributeSymbols(b.body, rangeOf, '', 'provider');
  else if (NESTED[b.type]) children = hclBlocks(b.body).filter((c) => NESTED[b.type].has(c.type)).map((c) => hclSymbol(c, rangeOf, false));
  if (b.type === 'module') {
    const src = hclAttributes(b.body).find((a) => a.name === 'source');
    const value = src?.node.namedChildren[1]?.text;
    if (value) detail = value.replace(/^"|"$/g, '');
  }
  return { name: topLevel || kind !== 'block' ? name : b.type, detail, kind, range, selection, children };
}

function hclOutline(parser: HclParser, path: string, text: string): TfOutlineSymbol[] {
  const rangeOf = rangeFactory(path, text);
  const tree = parser.parse(text);
  try {
    const body = tree.rootNode.namedChildren.find((c) => c?.type === 'body') ?? null;
    // Top-level attributes are terragrunt's `inputs = {…}`, `locals` of a root.hcl and the like.
    const attrs = attributeSymbols(body, rangeOf, '', 'attribute');
    const blocks = hclBlocks(body).filter((b) => b.type !== '').map((b) => hclSymbol(b, rangeOf, true));
    return [...blocks, ...attrs].sort((x, y) => x.range.start - y.range.start);
  } finally {
    // Trees live in WebAssembly memory, outside the JS garbage collector.
    tree.delete();
  }
}

// ---- JSON (*.tf.json): { "resource": { "type": { "name": {…} } }, "locals": {…}, … } ----

function jsonSymbol(pair: Pair, type: string, labels: string[], rangeOf: RangeOf, children: TfOutlineSymbol[] = []): TfOutlineSymbol {
  const k = pair.key as YamlNode | null;
  const v = pair.value as YamlNode | null;
  const start = k?.range?.[0] ?? 0;
  const { name, kind } = symbolName(type, labels);
  let detail: string = kind === 'block' ? type : kind;
  if (type === 'module') {
    const src = entries(pair.value).find((p) => keyOf(p) === 'source');
    if (src && isScalar(src.value)) detail = String(src.value.value);
  }
  return { name, detail, kind, range: rangeOf(start, v?.range?.[1] ?? k?.range?.[1] ?? start), selection: rangeOf(start, k?.range?.[1] ?? start), children };
}

/** How many label levels each top-level JSON key nests (`resource` → type → name). */
const JSON_LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1 };

function jsonOutline(path: string, text: string): TfOutlineSymbol[] {
  try {
    JSON.parse(text);
  } catch {
    // A syntax error is RC2001's business; the outline of a broken JSON file is empty rather than wrong.
    return [];
  }
  const rangeOf = rangeFactory(path, text);
  const doc = parseDocument(text, { uniqueKeys: false });
  const out: TfOutlineSymbol[] = [];
  for (const top of entries(doc.contents)) {
    const type = keyOf(top);
    const depth = JSON_LABELS[type];
    if (depth === 1) for (const p of entries(top.value)) out.push(jsonSymbol(p, type, [keyOf(p)], rangeOf));
    else if (depth === 2) for (const t of entries(top.value)) for (const p of entries(t.value)) out.push(jsonSymbol(p, type, [keyOf(t), keyOf(p)], rangeOf));
    else if (type === 'locals') {
      const locals = entries(top.value).map((p) => ({ ...jsonSymbol(p, 'local', [], rangeOf), name: `local.${keyOf(p)}`, kind: 'local' as const, detail: '' }));
      out.push(jsonSymbol(top, 'locals', [], rangeOf, locals));
    } else if (type === 'terraform') {
      const children: TfOutlineSymbol[] = [];
      for (const t of entries(top.value)) {
        const inner = keyOf(t);
        if (inner === 'backend') for (const b of entries(t.value)) children.push(jsonSymbol(b, 'backend', [keyOf(b)], rangeOf));
        else if (inner === 'cloud' || inner === 'required_providers') children.push({ ...jsonSymbol(t, inner, [], rangeOf), name: inner });
      }
      out.push(jsonSymbol(top, 'terraform', [], rangeOf, children));
    } else out.push(jsonSymbol(top, type, [], rangeOf));
  }
  return out;
}

/** The outline of a Terraform file's text; the parser is needed for HCL kinds only. Never throws on bad input. */
export function terraformOutline(parser: HclParser | undefined, path: string, text: string): TfOutlineSymbol[] {
  const kind = terraformFileKind(path);
  if (!kind) return [];
  if (kind === 'json') return jsonOutline(path, text);
  if (!parser) throw new Error('HCL parser not loaded');
  return hclOutline(parser, path, text);
}
