// Data-driven strategic merge patch conformance: apimachinery patch_test.go (patch application) and
// kyaml merge2 cases, converted by test/conformance/smp/extract-smp.ts into cases.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import cases from '../../conformance/smp/cases.json';
import knownFailures from '../../conformance/smp/known-failures.json';
import { runSmpCase, SmpCase } from '../../conformance/smp/runSmpCase';

const known = knownFailures as Record<string, string>;
const all = cases as unknown as SmpCase[];

test('strategic merge patch conformance: >= 95% pass and every failure is listed with a reason', () => {
  let pass = 0;
  const unexpected: string[] = [];
  const failing = new Set<string>();
  for (const c of all) {
    const id = `${c.suite} | ${c.name}`;
    const reason = runSmpCase(c);
    if (!reason) pass++;
    else {
      failing.add(id);
      if (!known[id]) unexpected.push(`${id}: ${reason}`);
    }
  }
  assert.deepEqual(unexpected, [], 'new failures (fix or list them in known-failures.json with a reason)');
  const fixed = Object.keys(known).filter((id) => !failing.has(id));
  assert.deepEqual(fixed, [], 'cases listed as failing now pass: remove them from known-failures.json');
  assert.ok(all.length >= 300, `expected the full case set, got ${all.length}`);
  assert.ok(pass / all.length >= 0.95, `pass rate ${pass}/${all.length}`);
});

for (const c of all.filter((x) => x.suite.startsWith('kyaml')).slice(0, 5)) {
  test(`smp ${c.suite}: ${c.name}`, () => assert.equal(runSmpCase(c), undefined));
}
