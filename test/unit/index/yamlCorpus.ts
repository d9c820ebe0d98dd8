// Shared by the differential tests: every YAML chunk of test/fixtures/corpus, and deterministic mutations of them.
import * as fs from 'fs';
import * as path from 'path';
import type { PosNode } from '../../../src/core/index/blockYaml';
import { splitDocuments } from '../../../src/core/index/parse';

export const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');

export function corpusYamlFiles(dir = CORPUS): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...corpusYamlFiles(p));
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

export interface Chunk {
  file: string;
  text: string;
  start: number;
  end: number;
}

/** Every non-empty document chunk of every corpus YAML file. */
export function corpusChunks(): Chunk[] {
  const out: Chunk[] = [];
  for (const file of corpusYamlFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const c of splitDocuments(text)) if (c.contentStartLine >= 0) out.push({ file: path.relative(CORPUS, file), text, start: c.chunkStart, end: c.chunkEnd });
  }
  return out;
}

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [' ', '  ', ': ', ':', '#', ' #', '- ', '-', '"', "'", '|', '>', '[', ']', '{', '}', '&a ', '*a', '!t ', '\n', '\n\n', '  \n', 'x', '1', '? ', '...', '---', '\t', '\\', "''", '|-', '>+', '~', 'null', '0x1F', '1e3'];

/** `text` with one small random edit: a line removed, duplicated, re-indented, or a YAML-significant token inserted. */
export function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const op = Math.floor(rnd() * 5);
  if (op === 0) lines.splice(i, 1);
  else if (op === 1) lines.splice(i, 0, lines[i]);
  else if (op === 2) lines[i] = ' '.repeat(1 + Math.floor(rnd() * 3)) + lines[i];
  else if (op === 3) lines[i] = lines[i].replace(/^ {1,2}/, '');
  else {
    const at = Math.floor(rnd() * (lines[i].length + 1));
    lines[i] = lines[i].slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + lines[i].slice(at);
  }
  return lines.join('\n');
}

/** Every key and value path of a block-YAML position tree, plus a missing child of each mapping and one index past each sequence's end. */
export function* positionPaths(n: PosNode, at: Array<string | number>): Generator<Array<string | number>> {
  yield [...at, '__missing__'];
  if (n.kind === 'map') {
    for (const p of n.pairs) {
      yield [...at, p.key];
      yield* positionPaths(p.value, [...at, p.key]);
    }
  } else if (n.kind === 'seq') {
    yield [...at, n.items.length];
    for (let i = 0; i < n.items.length; i++) {
      yield [...at, i];
      yield* positionPaths(n.items[i], [...at, i]);
    }
  }
}

/** An edit for random edit sequences: the `nth` `name:` value of the text gets `-edited` appended (none when there are fewer). */
export function renameOneName(text: string, nth: number): string {
  let n = 0;
  return text.replace(/(\bname: *)([A-Za-z0-9.-]+)/g, (m, k: string, v: string) => (n++ === nth ? `${k}${v}-edited` : m));
}

/** An edit for random edit sequences: only the first `count` `---`-separated pieces of the text are kept. */
export function keepDocuments(text: string, count: number): string {
  return text.split(/^---$/m).slice(0, count).join('---');
}
