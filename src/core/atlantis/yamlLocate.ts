// Source ranges of paths into a YAML document (the `yaml` package's Document API), following `<<` merge keys
// and aliases the way Atlantis's YAML decoder reads them: a project that inherits `workflow` from an anchored
// template has its problem shown on the template's line.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';
import { SourceRange } from '../types';
import { RangeOf } from '../terraform/sourceRanges';

export type YamlPath = ReadonlyArray<string | number>;

function deref(doc: Document, node: unknown): unknown {
  let n = node;
  for (let i = 0; i < 10 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

function findPair(doc: Document, map: unknown, key: string, depth = 0): Pair | undefined {
  const m = deref(doc, map);
  if (!isMap(m) || depth > 10) return undefined;
  for (const p of m.items) if (isPair(p) && isScalar(p.key) && typeof p.key.value !== 'symbol' && String(p.key.value) === key) return p;
  // `<<: *anchor` or `<<: [*a, *b]`: the key may come from a merged map (earlier sources win).
  for (const p of m.items) {
    // With merge keys on, `yaml` gives the `<<` key a symbol value; its source text is still '<<'.
    if (!isPair(p) || !isScalar(p.key) || (p.key.value !== '<<' && p.key.source !== '<<')) continue;
    const v = deref(doc, p.value);
    const sources = isSeq(v) ? v.items : [v];
    for (const s of sources) {
      const hit = findPair(doc, s, key, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

export interface Located {
  /** The deepest node reached; `found` tells whether the whole path was. */
  node?: Node;
  pair?: Pair;
  found: boolean;
}

export function locate(doc: Document, path: YamlPath): Located {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const seg of path) {
    const cur = deref(doc, node);
    if (typeof seg === 'number' && isSeq(cur)) {
      const item = cur.items[seg];
      if (item === undefined) return { node: cur as Node, pair, found: false };
      node = item;
      pair = undefined;
      continue;
    }
    const p = findPair(doc, cur, String(seg));
    if (!p) return { node: cur as Node, pair, found: false };
    pair = p;
    node = p.value;
  }
  return { node: (deref(doc, node) as Node) ?? undefined, pair, found: true };
}

/** The range of the key (`which: 'key'`) or the value at `path`; the nearest existing ancestor when the path is absent. */
export function rangeAt(doc: Document, rangeOf: RangeOf, path: YamlPath, which: 'key' | 'value' = 'value'): SourceRange {
  const hit = locate(doc, path);
  const keyNode = hit.pair?.key as Node | undefined;
  const target = which === 'key' && hit.found && keyNode?.range ? keyNode : hit.found ? (hit.node ?? keyNode) : (keyNode ?? hit.node);
  // A block map or sequence spans many lines: mark its first key or item, where the eye goes.
  let shown: Node | undefined = target;
  if (isMap(target) && isPair(target.items[0]) && (target.items[0].key as Node | null)?.range) shown = target.items[0].key as Node;
  else if (isSeq(target) && (target.items[0] as Node | undefined)?.range) shown = target.items[0] as Node;
  const r = shown?.range;
  if (!r) return rangeOf(0, 0);
  return rangeOf(r[0], Math.max(r[1], r[0]));
}
