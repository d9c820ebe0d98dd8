// Narrowing (rangeLocator.ts `narrow`): a finding in a big document is located by reading only the block of
// lines that holds its path. The ranges must stay exactly the `yaml` Document API's, and the block must really be
// small. rangeLocator.test.ts compares every path of every corpus document (the big CRDs narrowed); here, big
// documents written to hit what narrowing must stop at or get right.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PosNode, readBlockYamlPositions, UNSUPPORTED } from '../../../src/core/index/blockYaml';
import { rangeOfPath, rangeOfPathViaDocument, splitDocuments } from '../../../src/core/index/parse';
import { lineTable, narrow, NARROW_FROM } from '../../../src/core/index/rangeLocator';
import { corpusYamlFiles, positionPaths as paths } from './yamlCorpus';

type Path = Array<string | number>;

/** Every key/value path of the first document, through rangeOfPath and the yaml reference; returns how many narrowed. */
function compareAll(text: string, paths_: Iterable<Path>): { compared: number; narrowed: number } {
  const table = lineTable(text, 0, text.length);
  let compared = 0;
  let narrowed = 0;
  for (const path of paths_) {
    if (table && narrow(text, table, path)) narrowed++;
    for (const which of ['key', 'value'] as const) {
      compared++;
      assert.deepEqual(rangeOfPath('f.yaml', text, 0, path, which), rangeOfPathViaDocument('f.yaml', text, 0, path, which), `${JSON.stringify(path)} ${which}`);
    }
  }
  return { compared, narrowed };
}

/** Padding that makes a document big enough to be narrowed, in a block the paths under test do not go through. */
function padding(): string {
  let s = 'padding:\n';
  for (let i = 0; NARROW_FROM > s.length; i++) s += `  key${i}: "value number ${i} with some text to fill the document"\n`;
  return s;
}

test('narrow: the same ranges as the yaml Document API through indentless and compact sequences, block scalars, comments, nulls', () => {
  const text = [
    '---',
    '# a comment at the top',
    'apiVersion: v1',
    'kind: Thing',
    'spec:',
    '  versions:',
    '  - name: v1',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          spec:',
    '            type: [string, "null"]',
    '            description: |',
    '              text',
    '',
    '              more text',
    '# a comment at column 0 between keys',
    '          other: {a: 1, b: [2, 3]}',
    '  -',
    '    name: v2',
    '    empty:',
    '    list:',
    '    - - nested',
    '      - compact',
    '    - a: 1',
    '      b:',
    '        c: deep',
    '  - plain scalar item',
    '  after: "quoted value"',
    'status: {}',
    padding(),
  ].join('\n');
  assert.ok(text.length >= NARROW_FROM);
  const pos = readBlockYamlPositions(text, 0, text.length);
  assert.notEqual(pos, UNSUPPORTED);
  const all = [...paths(pos as PosNode, [])].filter((p) => p[0] !== 'padding' || p.length < 3);
  const { compared, narrowed } = compareAll(text, all);
  assert.ok(compared > 80, `compared ${compared}`);
  assert.ok(narrowed > 30, `narrowed ${narrowed}`);
  // A deep path is read from a few lines, not the document.
  const block = narrow(text, lineTable(text, 0, text.length)!, ['spec', 'versions', 1, 'list', 1, 'b', 'c']);
  assert.ok(block);
  assert.deepEqual(block.path, ['c']);
  assert.equal(text.slice(block.start, block.end), '        c: deep\n');
});

test('narrow: stops at keys that are quoted, not strings, or duplicated, and at flow values', () => {
  // [document head, path, the path as seen from the block narrowing stops at]
  const cases: Array<[string, Path, Path]> = [
    ['spec:\n  "quoted": 1\n  target:\n    x: 1\n', ['spec', 'target', 'x'], ['spec', 'target', 'x']],
    ['spec:\n  1: one\n  target:\n    x: 1\n', ['spec', 'target', 'x'], ['spec', 'target', 'x']],
    ['spec:\n  true: yes\n  target:\n    x: 1\n', ['spec', 'target', 'x'], ['spec', 'target', 'x']],
    ['spec:\n  target:\n    x: 1\n  target:\n    x: 2\n', ['spec', 'target', 'x'], ['spec', 'target', 'x']],
    ['spec:\n  ? complex\n  : value\n  target:\n    x: 1\n', ['spec', 'target', 'x'], ['spec', 'target', 'x']],
    ['spec:\n  target: {x: 1}\n', ['spec', 'target', 'x'], ['target', 'x']],
    ['spec:\n  anchor: &a\n    x: 1\n  target: *a\n', ['spec', 'target', 'x'], ['target', 'x']],
    ['spec:\n  target: |\n    x: 1\n', ['spec', 'target', 'x'], ['target', 'x']],
    ['spec:\n  list:\n  - - x: 1\n', ['spec', 'list', 0, 0, 'x'], [0, 0, 'x']],
  ];
  for (const [head, path, stop] of cases) {
    const text = head + padding();
    const block = narrow(text, lineTable(text, 0, text.length)!, path);
    assert.deepEqual(block?.path, stop, JSON.stringify(head));
    for (const p of [path, path.slice(0, 2), path.slice(0, 1)]) compareAll(text, [p]);
  }
  // Tabs or CRs anywhere: never narrowed.
  assert.equal(lineTable('a:\n\tb: 1\n', 0, 9), null);
  assert.equal(lineTable('a: 1\r\n', 0, 6), null);
});

test('narrow: on the corpus CRDs, deep paths read a small block', () => {
  let checked = 0;
  for (const file of corpusYamlFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const c of splitDocuments(text)) {
      if (c.chunkEnd - c.chunkStart < 200_000) continue;
      const chunk = text.slice(c.chunkStart, c.chunkEnd);
      const pos = readBlockYamlPositions(chunk, 0, chunk.length);
      if (pos === UNSUPPORTED) continue;
      const deep = [...paths(pos, [])].filter((p) => p.length >= 8 && p[p.length - 1] === 'type').slice(0, 200);
      const table = lineTable(chunk, 0, chunk.length)!;
      for (const p of deep) {
        const block = narrow(chunk, table, p);
        assert.ok(block && block.end - block.start < chunk.length / 10, `${file} ${JSON.stringify(p)}`);
      }
      compareAll(chunk, deep);
      checked++;
    }
  }
  assert.ok(checked >= 1, 'no corpus document over 200 KB');
});
