import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDrift } from '../../../src/core/diff/drift';
import { buildDriftTree, sideText } from '../../../src/core/diff/driftTree';
import { KubeObject, Manifest } from '../../../src/core/types';

const origin = { file: 'a.yaml', documentIndex: 0, range: { file: 'a.yaml', start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } } };
const dep = (name: string, replicas: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'web' }, spec: { replicas } });
const m = (object: KubeObject): Manifest => ({ object, origin });

describe('drift tree model', () => {
  const report = computeDrift({
    desired: [m(dep('a', 3)), m(dep('b', 2)), m({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'web' }, data: { k: 'v' } }), m({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } })],
    live: [dep('a', 5), dep('b', 2), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'web' }, data: { p: 'cGFzcw==' } }],
  });

  it('groups context → app → namespace → kind → object → change, with counts and the badge number', () => {
    const { root, drifted } = buildDriftTree({ context: 'prod', apps: [{ name: 'shop', report }, { name: 'broken', error: 'Unauthorized' }] });
    assert.equal(drifted, 2);
    assert.equal(root.label, 'prod');
    const shop = root.children[0];
    assert.equal(shop.status, 'modified');
    assert.deepEqual(shop.children.map((n) => n.label), ['(cluster)', 'web']);
    const web = shop.children[1];
    assert.deepEqual(web.children.map((n) => `${n.label}: ${n.description}`), ['ConfigMap: 1 missing', 'Deployment: 1 modified']);
    const a = web.children[1].children.find((n) => n.label === 'a')!;
    assert.deepEqual(a.children.map((c) => `${c.label}: ${c.description}`), ['spec.replicas: 3 → 5']);
    assert.equal(root.children[1].children[0].kind, 'error');
    assert.equal(root.children[1].children[0].label, 'Unauthorized');
    assert.equal(new Set(collectIds(root)).size, collectIds(root).length, 'ids are unique');
  });

  it('filters to drifted objects only', () => {
    const { root } = buildDriftTree({ context: 'prod', apps: [{ name: 'shop', report }], onlyDrifted: true });
    const names = collect(root).filter((n) => n.kind === 'object').map((n) => n.label);
    assert.deepEqual(names.sort(), ['a', 'c']);
  });

  it('renders both sides as YAML with manifest key order', () => {
    const a = report.resources.find((r) => r.name === 'a')!;
    assert.equal(sideText(a.git), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  namespace: web\nspec:\n  progressDeadlineSeconds: 600\n  replicas: 3\n  revisionHistoryLimit: 10\n  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n');
    assert.equal(sideText(undefined), '# not present\n');
  });
});

function collect(n: ReturnType<typeof buildDriftTree>['root']): Array<ReturnType<typeof buildDriftTree>['root']> {
  return [n, ...n.children.flatMap(collect)];
}
function collectIds(n: ReturnType<typeof buildDriftTree>['root']): string[] {
  return collect(n).map((x) => x.id);
}
