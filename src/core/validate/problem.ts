// A rule's finding before it has a source range: a YAML path into one document. Ranges are looked up only
// for documents that have problems, so clean documents never pay for `yaml`'s position-keeping parse.
import { Severity } from '../types';

export type YamlPath = Array<string | number>;

export interface ProblemFix {
  title: string;
  /** Replace the key or value at `path` with `newText`. */
  path: YamlPath;
  which: 'key' | 'value';
  newText: string;
}

export interface Problem {
  code: string;
  message: string;
  path: YamlPath;
  /** Mark the key (unknown field, parent of a missing field) or the value (wrong type, bad enum). */
  which: 'key' | 'value';
  /** Overrides the rule's default severity (e.g. an info variant of a reference rule). */
  severity?: Severity;
  fix?: ProblemFix;
  /** Report only when the value at `path` is a plain (unquoted) scalar in the source. */
  onlyIfPlain?: boolean;
  /** Drop when the value at `path` is a plain scalar in the source (YAML 1.1 reads it differently). */
  unlessPlain?: boolean;
  /** Exact file offsets, for findings in text rather than at a YAML path (then `path` is ignored). */
  span?: { start: number; end: number };
}

/** `/spec/containers/0/image` → ['spec', 'containers', 0, 'image'], with array indexes as numbers (walking `value`). */
export function pathFromPointer(pointer: string, value: unknown): YamlPath {
  if (pointer === '') return [];
  const out: YamlPath = [];
  let node: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const i = Number(seg);
      out.push(i);
      node = node[i];
    } else {
      out.push(seg);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** `spec.containers[0].image`, for messages. */
export function formatPath(path: YamlPath): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s || '(document root)';
}
