// The parsed values the index keeps do not keep their file's text alive: V8 keeps a string cut out of a longer one
// as a view of the whole ("sliced string"), so one kept name held its whole file in memory (see detachStrings in
// src/core/index/parse.ts). Measured on the heap after a full garbage collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parseDocuments } from '../../../src/core/index/parse';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const FILES = 20;
const PADDING = 1 << 20;

/** A file of one ConfigMap after a 1 MB comment: each long value is a cut of the text, unless copied out. */
function fileText(i: number): string {
  return `# ${String(i).repeat(PADDING)}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-map-number-${i}\n  annotations:\n    note: "a quoted value that is long ${i}"\ndata:\n  list: |\n    a block scalar, also long\n  flow: [first-item-long-enough, 2]\n---\nitems: [{ key: a-flow-mapping-value-${i} }]\n`;
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test("values kept from parsed files do not hold the files' text", () => {
  const before = heapUsed();
  const kept: unknown[] = [];
  for (let i = 0; i < FILES; i++) {
    const parsed = parseDocuments(`f${i}.yaml`, fileText(i));
    assert.equal(parsed.errors.length, 0);
    kept.push(parsed.documents.map((d) => d.value));
  }
  const grown = heapUsed() - before;
  // 20 MB of text was parsed; what is kept is a few hundred bytes per file.
  assert.ok(grown < (FILES * PADDING) / 4, `${(grown / 1e6).toFixed(1)} MB kept for ${FILES} values`);
  const first = kept[0] as Array<{ metadata?: { name: string; annotations: { note: string } }; data?: { list: string; flow: unknown[] }; items?: unknown[] }>;
  assert.deepEqual(first[0], {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config-map-number-0', annotations: { note: 'a quoted value that is long 0' } },
    data: { list: 'a block scalar, also long\n', flow: ['first-item-long-enough', 2] },
  });
  assert.deepEqual(first[1], { items: [{ key: 'a-flow-mapping-value-0' }] });
  assert.equal(kept.length, FILES);
});
