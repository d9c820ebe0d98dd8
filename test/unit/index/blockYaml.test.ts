// The fast block-YAML reader against js-yaml (what it replaces): on every document of test/fixtures/corpus and
// on thousands of mutated variants, whenever the reader returns a value, js-yaml must return the same value
// (deep, strict equality) and must not throw. Giving up (UNSUPPORTED) is always allowed; js-yaml then runs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as jsyaml from 'js-yaml';
import { isDeepStrictEqual } from 'node:util';
import { BLOCK_YAML_SCHEMA, readBlockYaml, UNSUPPORTED } from '../../../src/core/index/blockYaml';
import { parseDocuments, splitDocuments } from '../../../src/core/index/parse';
import { corpusChunks, mutate, prng } from './yamlCorpus';

function jsyamlValue(src: string): { value?: unknown; threw: boolean } {
  try {
    return { value: jsyaml.load(src, { schema: BLOCK_YAML_SCHEMA }), threw: false };
  } catch {
    return { threw: true };
  }
}

/** Checks one chunk; returns whether the fast path took it. */
function agrees(text: string, start: number, end: number, label: string): boolean {
  const got = readBlockYaml(text, start, end);
  if (got === UNSUPPORTED) return false;
  const src = text.slice(start, end);
  const expected = jsyamlValue(src);
  assert.ok(!expected.threw, `${label}: the fast reader accepted what js-yaml rejects:\n${src.slice(0, 400)}`);
  assert.ok(isDeepStrictEqual(got, expected.value), `${label}: values differ:\n${src.slice(0, 400)}`);
  return true;
}

test('blockYaml: every corpus document reads exactly as js-yaml reads it, and most take the fast path', () => {
  const chunks = corpusChunks();
  let fast = 0;
  for (const c of chunks) if (agrees(c.text, c.start, c.end, c.file)) fast++;
  assert.ok(chunks.length > 400, `corpus chunks: ${chunks.length}`);
  // The remainder is Helm templates, flow styles spread over lines, anchors and the duplicate-key files.
  assert.ok(fast / chunks.length > 0.75, `fast path took ${fast} of ${chunks.length}`);
});

test('blockYaml: mutated corpus documents (lines dropped, re-indented, YAML tokens inserted) never read differently', () => {
  const rnd = prng(20261127);
  let fast = 0;
  let total = 0;
  for (const c of corpusChunks()) {
    const src = c.text.slice(c.start, c.end);
    if (src.length > 20_000) continue;
    for (let k = 0; k < 8; k++) {
      const m = mutate(src, rnd);
      // As the index does: split at document markers first.
      for (const chunk of splitDocuments(m)) {
        if (chunk.contentStartLine < 0) continue;
        total++;
        if (agrees(m, chunk.chunkStart, chunk.chunkEnd, `${c.file} mutant ${k}`)) fast++;
      }
    }
  }
  assert.ok(total > 2000 && fast > 1000, `mutants: ${fast} fast of ${total}`);
});

test('blockYaml: CRLF line ends read as js-yaml reads them (every corpus document and mutants, converted)', () => {
  const rnd = prng(5);
  let fast = 0;
  let total = 0;
  for (const c of corpusChunks()) {
    const crlf = c.text.slice(c.start, c.end).replace(/\r?\n/g, '\r\n');
    total++;
    if (agrees(crlf, 0, crlf.length, `${c.file} (CRLF)`)) fast++;
    if (crlf.length < 20_000) {
      const m = mutate(crlf, rnd);
      for (const chunk of splitDocuments(m)) if (chunk.contentStartLine >= 0) agrees(m, chunk.chunkStart, chunk.chunkEnd, `${c.file} (CRLF mutant)`);
    }
  }
  assert.ok(fast / total > 0.75, `fast path took ${fast} of ${total}`);
});

test('blockYaml: the constructs it reads, each against js-yaml', () => {
  const cases = [
    'a: 1\nb: -2.5\nc: 0x1F\nd: 1e3\ne: .inf\nf: ~\ng: null\nh: true\ni: False\nj: yes\nk: "on"\nl: 012\nm: +1\n',
    'k: plain text # comment\nl: text#not-comment\nm: http://x:80/p\nn: a,b[0]{c}\n',
    "q: 'it''s'\nr: \"tab\\there \\u00e9 \\x41 \\\" \\\\ \\/\"\ns: ''\nt: \"\"\n",
    'multi: first\n  second\n\n  third\n   fourth\nnext: x\n',
    "sq: 'one\n  two\n\n  three'\ndq: \"a\\\n   b \\n c\n  d\"\n",
    'lit: |\n  a\n   b\n\n  c\n\nfold: >\n  a\n  b\n\n   more\n  c\nstrip: |-\n  x\n\nkeep: |+\n  y\n\n\nend: 1\n',
    'seq:\n- a\n-\n- - b\n  - c\n- k: v\n  k2:\n    deep: 1\n  k3:\n  - z\n-   spaced: 1\n',
    'flow: [a, "b", 1, [c, d], {e: f}]\nmap: {x: 1, "y": [2]}\nempty: []\nobj: {}\n',
    '  indented: root\n  two: 2\n',
    '--- # marker with a comment\nkind: X\n',
    '1: a\n2.0: b\nnull: c\ntrue: d\n"quoted key": e\nkey with spaces: f\n',
  ];
  for (const src of cases) {
    const got = readBlockYaml(src, 0, src.length);
    assert.notEqual(got, UNSUPPORTED, `should take the fast path:\n${src}`);
    assert.deepEqual(got, jsyaml.load(src, { schema: BLOCK_YAML_SCHEMA }), src);
  }
});

test('blockYaml: gives up on what it does not read, and the index still parses those through js-yaml', () => {
  const cases = [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    '<<: {a: 1}\n',
    '? complex\n: value\n',
    'a:\n\tb: 1\n',
    'a: 1\rb: 2\r',
    'a: 1\na: 2\n',
    'a: [1,\n  2]\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: |2\n   x\n',
    'a: b: c\n',
    'a: 1\n- b\n',
    '__proto__: 1\n',
  ];
  for (const src of cases) {
    assert.equal(readBlockYaml(src, 0, src.length), UNSUPPORTED, src);
    const fromIndex = parseDocuments('x.yaml', src);
    const expected = jsyamlValue(src);
    if (expected.threw) assert.ok(fromIndex.errors.length > 0 || fromIndex.documents.length === 0, src);
    else assert.deepEqual(fromIndex.documents[fromIndex.documents.length - 1]?.value, expected.value, src);
  }
});
