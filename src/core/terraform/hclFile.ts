// Reads one *.tf / *.tofu / terragrunt.hcl file from its tree-sitter HCL tree into the index model: the top-level
// blocks with their ranges, literal arguments where they are plain strings, and syntax errors (tree-sitter
// recovers, so the blocks after an error are still indexed).
import type { Node } from 'web-tree-sitter';
import { Diagnostic } from '../types';
import { RangeOf, rangeFactory } from './sourceRanges';
import { HclParser } from './hclParser';
import { TerraformFile, TerraformFileKind, emptyTerraformFile } from './model';

/** More errors than this in one file are noise: the first ones say where it went wrong. */
const MAX_SYNTAX_ERRORS = 20;

interface BlockParts {
  type: string;
  labels: string[];
  body: Node | null;
  node: Node;
}

function blockParts(node: Node): BlockParts {
  let type = '';
  const labels: string[] = [];
  let body: Node | null = null;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'identifier') {
      if (type === '') type = c.text;
      else labels.push(c.text);
    } else if (c.type === 'string_lit') labels.push(literalString(c) ?? c.text);
    else if (c.type === 'body') body = c;
  }
  return { type, labels, body, node };
}

function blocksOf(body: Node | null): BlockParts[] {
  if (!body) return [];
  const out: BlockParts[] = [];
  for (const c of body.namedChildren) if (c?.type === 'block') out.push(blockParts(c));
  return out;
}

/** HCL's escapes in a quoted literal; anything else is kept as written. */
function unescape(s: string): string {
  return s.replace(/\\(["\\nrt]|u[0-9a-fA-F]{4})/g, (_m, e: string) => {
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e === 't') return '\t';
    if (e.startsWith('u')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}

/** The value of a string literal without interpolation (`"./modules/vpc"`); undefined for a template. */
function literalString(node: Node): string | undefined {
  let s = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'quoted_template_start' || c.type === 'quoted_template_end') continue;
    if (c.type === 'template_literal') s += c.text;
    else return undefined;
  }
  return unescape(s);
}

/** The plain string value of an attribute `name = "..."` in a body, with the value's node. */
function stringAttribute(body: Node | null, name: string): { value: string; node: Node } | undefined {
  if (!body) return undefined;
  for (const c of body.namedChildren) {
    if (c?.type !== 'attribute') continue;
    const key = c.namedChildren[0];
    if (key?.type !== 'identifier' || key.text !== name) continue;
    const expr = c.namedChildren[1];
    // expression → literal_value → string_lit for a plain string; anything else (a reference, a call) is computed.
    const lit = expr?.namedChildren[0];
    const str = lit?.type === 'literal_value' ? lit.namedChildren[0] : undefined;
    if (!expr || !str || str.type !== 'string_lit' || expr.namedChildren.length !== 1) return undefined;
    const value = literalString(str);
    return value === undefined ? undefined : { value, node: str };
  }
  return undefined;
}

function syntaxErrors(root: Node, rangeOf: RangeOf): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The innermost block around an error names where to look: recovery often reports it a line or two late.
  const visit = (n: Node, where: string): void => {
    if (out.length >= MAX_SYNTAX_ERRORS) return;
    if (n.isMissing) {
      out.push({ code: 'RC2001', severity: 'error', message: `HCL syntax error${where}: expected \`${n.type}\``, range: rangeOf(n.startIndex, n.endIndex) });
      return;
    }
    if (n.type === 'ERROR') {
      const snippet = n.text.split('\n')[0].trim().slice(0, 40);
      out.push({ code: 'RC2001', severity: 'error', message: `HCL syntax error${where}: unexpected ${snippet ? `\`${snippet}\`` : 'end of input'}`, range: rangeOf(n.startIndex, Math.max(n.endIndex, n.startIndex)) });
      return;
    }
    if (!n.hasError) return;
    let inner = where;
    if (n.type === 'block') {
      const b = blockParts(n);
      inner = ` in ${[b.type, ...b.labels.map((l) => `"${l}"`)].join(' ')}`;
    }
    for (const c of n.children) if (c) visit(c, inner);
  };
  visit(root, '');
  // Recovery often reports the same missing token several times at the end of the file.
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.range.start}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readTerraformBody(body: Node | null, f: TerraformFile, rangeOf: RangeOf): void {
  for (const b of blocksOf(body)) {
    const range = rangeOf(b.node.startIndex, b.node.endIndex);
    switch (b.type) {
      case 'resource':
      case 'data':
        if (b.labels.length >= 2) f.resources.push({ mode: b.type === 'data' ? 'data' : 'managed', type: b.labels[0], name: b.labels[1], range });
        break;
      case 'module': {
        if (b.labels.length < 1) break;
        const src = stringAttribute(b.body, 'source');
        f.moduleCalls.push({ name: b.labels[0], source: src?.value, range, sourceRange: src ? rangeOf(src.node.startIndex, src.node.endIndex) : undefined });
        break;
      }
      case 'variable':
        if (b.labels.length >= 1) f.variables.push({ name: b.labels[0], range });
        break;
      case 'output':
        if (b.labels.length >= 1) f.outputs.push({ name: b.labels[0], range });
        break;
      case 'terraform':
        for (const inner of blocksOf(b.body)) {
          const innerRange = rangeOf(inner.node.startIndex, inner.node.endIndex);
          if (inner.type === 'backend' && inner.labels.length >= 1) f.backends.push({ type: inner.labels[0], range: innerRange });
          if (inner.type === 'cloud') {
            const ws = blocksOf(inner.body).find((w) => w.type === 'workspaces');
            f.clouds.push({ organization: stringAttribute(inner.body, 'organization')?.value, workspaceName: ws ? stringAttribute(ws.body, 'name')?.value : undefined, range: innerRange });
          }
        }
        break;
    }
  }
}

function readTerragruntBody(body: Node | null, f: TerraformFile, rangeOf: RangeOf): void {
  const refs: NonNullable<TerraformFile['terragrunt']> = { dependencies: [], includes: [] };
  for (const b of blocksOf(body)) {
    const range = rangeOf(b.node.startIndex, b.node.endIndex);
    if (b.type === 'terraform') {
      const src = stringAttribute(b.body, 'source');
      if (src) refs.source = { value: src.value, range: rangeOf(src.node.startIndex, src.node.endIndex) };
    } else if (b.type === 'dependency') {
      const p = stringAttribute(b.body, 'config_path');
      if (p) refs.dependencies.push({ name: b.labels[0] ?? '', configPath: p.value, range });
    } else if (b.type === 'include') {
      const p = stringAttribute(b.body, 'path');
      if (p) refs.includes.push({ name: b.labels[0] ?? '', path: p.value, range });
    }
  }
  f.terragrunt = refs;
}

/** Parses and reads one HCL file; never throws on bad input (errors become RC2001 problems). */
export function readHclFile(parser: HclParser, path: string, text: string, kind: Exclude<TerraformFileKind, 'json'>): TerraformFile {
  const f = emptyTerraformFile(path, kind);
  const rangeOf = rangeFactory(path, text);
  const tree = parser.parse(text);
  try {
    const root = tree.rootNode;
    const body = root.namedChildren.find((c) => c?.type === 'body') ?? null;
    if (kind === 'terragrunt') readTerragruntBody(body, f, rangeOf);
    else readTerraformBody(body, f, rangeOf);
    if (root.hasError) f.problems.push(...syntaxErrors(root, rangeOf));
  } finally {
    // Trees live in WebAssembly memory, outside the JS garbage collector.
    tree.delete();
  }
  return f;
}
