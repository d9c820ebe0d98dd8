// The committed conformance cases are exactly what the extractors make of the vendored upstream tests
// (test/fixtures/conformance): nothing was added, dropped or edited by hand on the way to cases.json.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VENDORED_KRUSTY, extract } from '../../scripts/extract-krusty';
import { VENDORED_CONFORMANCE, extractSmp } from './smp/extract-smp';

const read = (rel: string): string => fs.readFileSync(path.join(__dirname, rel), 'utf8');

describe('conformance vectors', () => {
  it('krusty/cases.json is what scripts/extract-krusty.ts makes of the vendored api/krusty tests', () => {
    const committed = JSON.parse(read('krusty/cases.json')) as { source: string; cases: unknown[]; skipped: unknown[] };
    const fresh = extract(VENDORED_KRUSTY);
    assert.equal(fresh.cases.length, committed.cases.length);
    assert.deepEqual(JSON.parse(JSON.stringify(fresh)), { cases: committed.cases, skipped: committed.skipped });
  });

  it('smp/cases.json and the test schema are what extract-smp.ts makes of the vendored apimachinery and kyaml tests', () => {
    const fresh = extractSmp(VENDORED_CONFORMANCE);
    assert.equal(JSON.stringify(fresh.cases, null, 1) + '\n', read('smp/cases.json'));
    assert.equal(JSON.stringify(fresh.patchMeta) + '\n', read('smp/merge-item-patch-meta.json'));
  });

  it('the extractors take the source folder as an argument and say what is wrong with one that is not', () => {
    const root = path.resolve(__dirname, '..', '..');
    for (const script of ['scripts/extract-krusty.ts', 'test/conformance/smp/extract-smp.ts']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, script), path.join(root, 'no-such-folder')], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 2, script);
      assert.match(r.stderr, /no-such-folder/, script);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${script} says what is wrong instead of crashing`);
    }
  });
});
