// Kustomize's own krusty cases, converted by scripts/extract-krusty.ts, run against the built-in engine.
// Progress is recorded, not hidden: the pass count must not drop below the floor, every failing case must
// be listed with a reason in known-failures.json, and docs/krusty-report.md is rewritten on each run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import data from '../../conformance/krusty/cases.json';
import known from '../../conformance/krusty/known-failures.json';
import { runAll, renderReport, KrustyData } from '../../conformance/krusty/report';

const FLOOR = (known as { floor: number }).floor;
const reasons = (known as { failures: Record<string, string> }).failures;

test('krusty straight-line cases: pass count at or above the floor, every failure listed with a reason', async () => {
  const d = data as unknown as KrustyData;
  const outcome = await runAll(d);
  writeFileSync(join(__dirname, '../../../docs/krusty-report.md'), renderReport(d, outcome, reasons));
  assert.ok(d.cases.length >= 160, `expected the full case set, got ${d.cases.length}`);
  const unlisted = outcome.failures.filter((f) => !reasons[f.id]).map((f) => `${f.id}: ${f.reason}`);
  assert.deepEqual(unlisted, [], 'new failures: fix them or list them in known-failures.json with a reason');
  assert.ok(outcome.pass >= FLOOR, `pass count ${outcome.pass} fell below the floor ${FLOOR}`);
});
