// The line-based range locator against the `yaml` Document API it stands in for: every key and value path
// (plus a missing child of each mapping and one index past each sequence's end) of every corpus document,
// and of mutated variants, must give exactly the same [start, end) offsets through rangeOfPath as through
// rangeOfPathViaDocument.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PosNode, readBlockYamlPositions, UNSUPPORTED } from '../../../src/core/index/blockYaml';
import { rangeOfPath, rangeOfPathViaDocument, splitDocuments } from '../../../src/core/index/parse';
import { FALLBACK, locate } from '../../../src/core/index/rangeLocator';
import { corpusYamlFiles, mutate, positionPaths as paths, prng } from './yamlCorpus';

type Path = Array<string | number>;

/** Compares every path of every document of `text`; returns [paths compared, paths the locator answered itself]. */
function compareAll(text: string, label: string): [number, number] {
  let compared = 0;
  let own = 0;
  for (const c of splitDocuments(text)) {
    if (c.contentStartLine < 0) continue;
    const pos = readBlockYamlPositions(text, c.chunkStart, c.chunkEnd);
    if (pos === UNSUPPORTED) continue;
    for (const path of paths(pos, [])) {
      for (const which of ['key', 'value'] as const) {
        compared++;
        if (locate(pos, path, which) !== FALLBACK) own++;
        const ours = rangeOfPath('f.yaml', text, c.index, path, which);
        const reference = rangeOfPathViaDocument('f.yaml', text, c.index, path, which);
        assert.deepEqual(ours, reference, `${label} document ${c.index} ${JSON.stringify(path)} ${which}`);
      }
    }
  }
  return [compared, own];
}

test('rangeLocator: the same ranges as the yaml Document API on every key/value path of every corpus document', () => {
  let compared = 0;
  let own = 0;
  for (const file of corpusYamlFiles()) {
    const [c, o] = compareAll(fs.readFileSync(file, 'utf8'), file);
    compared += c;
    own += o;
  }
  assert.ok(compared > 50_000, `paths compared: ${compared}`);
  // The locator must really be doing the work, not deferring to yaml.
  assert.ok(own / compared > 0.95, `locator answered ${own} of ${compared}`);
});

test('rangeLocator: the same ranges on mutated corpus documents', () => {
  const rnd = prng(7);
  let compared = 0;
  for (const file of corpusYamlFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 20_000) continue;
    for (let k = 0; k < 3; k++) compared += compareAll(mutate(text, rnd), `${file} mutant ${k}`)[0];
  }
  assert.ok(compared > 30_000, `paths compared: ${compared}`);
});

test('rangeLocator: ranges of keys, scalars, block scalars, empty values and sequence items', () => {
  const text = 'a: plain # c\nb: "q"\nc: |\n  x\n  y\n\nd:\ne:\n- one\n-\n- k: v\n  w: "long\n    line"\n';
  const at = (path: Path, which: 'key' | 'value') => {
    const r = rangeOfPath('f.yaml', text, 0, path, which);
    return r && text.slice(r.start, r.end);
  };
  assert.equal(at(['a'], 'key'), 'a');
  assert.equal(at(['a'], 'value'), 'plain');
  assert.equal(at(['b'], 'value'), '"q"');
  assert.equal(at(['c'], 'value'), '|\n  x\n  y\n');
  assert.equal(rangeOfPath('f.yaml', text, 0, ['d'], 'value')?.start, text.indexOf('d:') + 2);
  assert.equal(at(['e', 0], 'key'), 'one');
  assert.equal(at(['e', 2, 'w'], 'value'), '"long\n    line"');
  assert.equal(at(['e', 2, 'missing'], 'key'), 'k: v\n  w: "long\n    line"\n');
});
