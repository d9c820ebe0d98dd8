// Reads one *.tf.json / *.tofu.json file (Terraform's JSON configuration syntax) into the index model. JSON.parse
// decides validity (its message is the syntax error); the `yaml` package's node ranges (JSON is YAML) give
// each block's place in the file.
import { isMap, isPair, isScalar, isSeq, Node as YamlNode, Pair, parseDocument } from 'yaml';
import { rangeFactory, RangeOf } from './sourceRanges';
import { TerraformFile, emptyTerraformFile } from './model';

/** An object's entries; Terraform's JSON syntax also allows an array of objects wherever a block map goes. */
export function entries(node: unknown): Pair[] {
  if (isMap(node)) return node.items.filter((p): p is Pair => isPair(p));
  if (isSeq(node)) return node.items.flatMap((i) => entries(i));
  return [];
}

export function keyOf(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : '';
}

function pairRange(p: Pair, rangeOf: RangeOf): ReturnType<RangeOf> {
  const k = p.key as YamlNode | null;
  const v = p.value as YamlNode | null;
  const start = k?.range?.[0] ?? v?.range?.[0] ?? 0;
  const end = v?.range?.[1] ?? k?.range?.[1] ?? start;
  return rangeOf(start, end);
}

function stringField(node: unknown, name: string): { value: string; node: YamlNode } | undefined {
  for (const p of entries(node)) {
    if (keyOf(p) === name && isScalar(p.value) && typeof p.value.value === 'string') return { value: p.value.value, node: p.value };
  }
  return undefined;
}

/** Where JSON.parse's message says the error is ("at position N", or "line L column C" on newer Node). */
function errorOffset(message: string, text: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Math.min(Number(pos[1]), text.length);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split('\n');
    let off = 0;
    for (let i = 0; i < Number(lc[1]) - 1 && i < lines.length; i++) off += lines[i].length + 1;
    return Math.min(off + Number(lc[2]) - 1, text.length);
  }
  return /end of JSON input/.test(message) ? text.length : 0;
}

export function readJsonFile(path: string, text: string): TerraformFile {
  const f = emptyTerraformFile(path, 'json');
  const rangeOf = rangeFactory(path, text);
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
    const at = errorOffset(message, text);
    f.problems.push({ code: 'RC2001', severity: 'error', message: `JSON syntax error: ${message}`, range: rangeOf(at, Math.min(at + 1, text.length)) });
    return f;
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  for (const top of entries(doc.contents)) {
    const kind = keyOf(top);
    if (kind === 'resource' || kind === 'data') {
      for (const byType of entries(top.value)) for (const byName of entries(byType.value)) f.resources.push({ mode: kind === 'data' ? 'data' : 'managed', type: keyOf(byType), name: keyOf(byName), range: pairRange(byName, rangeOf) });
    } else if (kind === 'module') {
      for (const m of entries(top.value)) {
        const src = stringField(m.value, 'source');
        const r = src?.node.range;
        f.moduleCalls.push({ name: keyOf(m), source: src?.value, range: pairRange(m, rangeOf), sourceRange: r ? rangeOf(r[0], r[1]) : undefined });
      }
    } else if (kind === 'variable' || kind === 'output') {
      for (const v of entries(top.value)) (kind === 'variable' ? f.variables : f.outputs).push({ name: keyOf(v), range: pairRange(v, rangeOf) });
    } else if (kind === 'terraform') {
      for (const t of entries(top.value)) {
        if (keyOf(t) === 'backend') for (const b of entries(t.value)) f.backends.push({ type: keyOf(b), range: pairRange(b, rangeOf) });
        if (keyOf(t) === 'cloud') {
          const ws = entries(t.value).find((p) => keyOf(p) === 'workspaces');
          f.clouds.push({ organization: stringField(t.value, 'organization')?.value, workspaceName: ws ? stringField(ws.value, 'name')?.value : undefined, range: pairRange(t, rangeOf) });
        }
      }
    }
  }
  return f;
}
