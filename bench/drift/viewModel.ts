// The Drift view's model for a large result: 2,000 objects in 20 kinds (5% modified, with changed paths),
// built as the view builds it (buildDriftModel: the core's tree plus id lookups for the diff editor and
// adopt), against the core's buildDriftTree alone as the peer. Medians of 15 runs.
// Run: node --import tsx bench/drift/viewModel.ts
import { buildDriftTree } from '../../src/core/diff/driftTree';
import { ObjectDrift } from '../../src/core/diff/types';
import { AppDrift } from '../../src/vscode/drift/driftApps';
import { buildDriftModel } from '../../src/vscode/drift/driftModel';

function report(n: number, kinds: number): ObjectDrift[] {
  const out: ObjectDrift[] = [];
  for (let i = 0; i < n; i++) {
    const drifted = i % 20 === 0;
    out.push({
      apiVersion: 'example.com/v1',
      kind: `Kind${i % kinds}`,
      namespace: `ns-${i % 7}`,
      name: `obj-${i}`,
      status: drifted ? 'modified' : 'in-sync',
      changes: drifted ? [{ path: 'spec.replicas', segments: ['spec', 'replicas'], git: 1, live: 2 }, { path: 'metadata.labels.a', segments: ['metadata', 'labels', 'a'], git: 'x', live: 'y' }] : [],
      git: { apiVersion: 'example.com/v1', kind: `Kind${i % kinds}`, metadata: { name: `obj-${i}` } },
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const resources = report(2000, 20);
const apps: AppDrift[] = [{ target: { name: 'Flux flux-system/apps', target: 'apps.yaml' }, report: { resources, notes: [] } }];
const time = (fn: () => void): number => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
for (let i = 0; i < 5; i++) (buildDriftModel('ctx', apps, [], false), buildDriftTree({ context: 'ctx', apps: [{ name: 'a', report: apps[0].report }] })); // warm-up both
const model = median(Array.from({ length: 15 }, () => time(() => buildDriftModel('ctx', apps, [], false))));
const peer = median(Array.from({ length: 15 }, () => time(() => buildDriftTree({ context: 'ctx', apps: [{ name: 'a', report: apps[0].report }] }))));
const filtered = median(Array.from({ length: 15 }, () => time(() => buildDriftModel('ctx', apps, [], true))));
console.log(`Drift view model, 2,000 objects / 20 kinds / 100 modified (median of 15):`);
console.log(`  buildDriftModel (tree + lookups)   ${model.toFixed(1)} ms`);
console.log(`  buildDriftModel, only drifted      ${filtered.toFixed(1)} ms`);
console.log(`  peer: core buildDriftTree alone    ${peer.toFixed(1)} ms  (view overhead x${(model / peer).toFixed(2)})`);
