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
