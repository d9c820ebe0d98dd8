// Which YAML path is under the cursor? Two ways: from the parsed document (exact, for hover on existing
// keys and values) and from indentation alone (for completion while the line is still half-typed and the
// YAML may not parse).
import { isMap, isPair, isScalar, isSeq, Node as YamlNode } from 'yaml';
import { documentWithPositions } from '../../index/parse';
import { YamlPath } from '../problem';

export interface PathAt {
  path: YamlPath;
  /** On a key (hover shows that field) or on a value. */
  on: 'key' | 'value';
}

/** The key or value at `offset` (file offset) in document `documentIndex`. */
export function pathAtOffset(text: string, documentIndex: number, offset: number): PathAt | undefined {
  const located = documentWithPositions(text, documentIndex);
  if (!located) return undefined;
  const rel = offset - located.offset;
  const inside = (n: unknown) => {
    const r = (n as YamlNode | null)?.range;
    return !!r && rel >= r[0] && rel <= r[1];
  };
  let node: unknown = located.doc.contents;
  const path: YamlPath = [];
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (inside(p.key) || inside(p.value)));
      if (!pair || !isScalar(pair.key)) return path.length ? { path, on: 'value' } : undefined;
      path.push(String(pair.key.value));
      if (inside(pair.key)) return { path, on: 'key' };
      node = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => inside(it));
      if (i < 0) return path.length ? { path, on: 'value' } : undefined;
      path.push(i);
      node = node.items[i];
    } else {
      return { path, on: 'value' };
    }
  }
  return undefined;
}

interface LineShape {
  /** Column of the key (after `- ` for list items). */
  col: number;
  dashCol?: number;
  key?: string;
  /** Text after `key:` (trimmed, comments removed). */
  value: string;
  blank: boolean;
}

function shape(line: string): LineShape {
  const m = /^(\s*)(-\s+)?(.*)$/.exec(line) ?? ['', '', undefined, line];
  const indent = m[1].length;
  const rest = m[3] ?? '';
  const col = indent + (m[2]?.length ?? 0);
  if (rest.trim() === '' || rest.trimStart().startsWith('#')) return { col, dashCol: m[2] ? indent : undefined, value: '', blank: !m[2] };
  const kv = /^("[^"]*"|'[^']*'|[^:#\s][^:#]*?)\s*:(?:\s+|$)(.*)$/.exec(rest);
  const key = kv ? kv[1].replace(/^["']|["']$/g, '') : undefined;
  const value = kv ? kv[2].replace(/\s+#.*$/, '').trim() : rest.trim();
  return { col, dashCol: m[2] ? indent : undefined, key, value, blank: false };
}

/**
 * The path of the mapping a key typed at (line, column) would belong to, from indentation alone.
 * `lines` are the file's lines; `firstLine` the document's first line. List indexes are reported as 0:
 * the schema is the same for every item.
 */
export function mappingPathAtLine(lines: readonly string[], line: number, column: number, firstLine = 0): YamlPath | undefined {
  const current = shape((lines[line] ?? '').slice(0, column));
  const segments: YamlPath = [];
  let target = current.col;
  let needSeqParent = false;
  if (current.dashCol !== undefined) {
    segments.unshift(0);
    target = current.dashCol;
    needSeqParent = true;
  }
  for (let i = line - 1; i >= firstLine && target > 0; i--) {
    const s = shape(lines[i]);
    if (s.blank || (s.key === undefined && s.dashCol === undefined)) continue;
    if (s.dashCol !== undefined && s.col === target && !needSeqParent) {
      // The list item whose mapping holds the cursor.
      segments.unshift(0);
      target = s.dashCol;
      needSeqParent = true;
      continue;
    }
    const parentCol = needSeqParent ? s.col <= target && !(s.dashCol !== undefined && s.dashCol === target) : s.col < target;
    if (!parentCol) continue;
    if (s.key === undefined || s.value !== '') return undefined; // a scalar above a deeper line: not a mapping
    segments.unshift(s.key);
    target = s.col;
    needSeqParent = false;
    if (s.dashCol !== undefined) {
      segments.unshift(0);
      target = s.dashCol;
      needSeqParent = true;
    }
  }
  return needSeqParent ? undefined : segments;
}
