import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { compareValues, quantityValue } from '../../../src/core/diff/compare';
import { fillKnownDefaults } from '../../../src/core/diff/defaults';
import { computeDrift } from '../../../src/core/diff/drift';
import { removePointer } from '../../../src/core/diff/ignore';
import { maskSecretPair } from '../../../src/core/diff/mask';
import { normalizeObject } from '../../../src/core/diff/normalize';
import { gitOwnership, ownsPath } from '../../../src/core/diff/ownership';
import { formatPath } from '../../../src/core/diff/path';
import { driftExitCode, formatDriftText, toDriftJson } from '../../../src/core/diff/report';
import { FieldChange } from '../../../src/core/diff/types';
import { KubeObject, Manifest } from '../../../src/core/types';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');

function m(object: KubeObject): Manifest {
  return { object, origin: { file: 'x.yaml', documentIndex: 0, range: { file: 'x.yaml', start: 0, end: 0, startPos: { line: 4, character: 0 }, endPos: { line: 9, character: 0 } } } };
}

function diff(git: unknown, live: unknown, owns: (p: unknown[]) => boolean = () => false): FieldChange[] {
  const changes: FieldChange[] = [];
  compareValues(git, live, [], { owns, changes });
  return changes;
}

describe('normalization', () => {
  it('drops server metadata, status and the last-applied annotation; folds stringData; prunes empties', () => {
    const n = normalizeObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', uid: 'u', resourceVersion: '9', generation: 2, creationTimestamp: 'x', selfLink: '/x', managedFields: [], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      stringData: { a: 'hello' },
      data: { b: 'Yg==' },
      status: { x: 1 },
      extra: {},
      nothing: null,
    });
    assert.deepEqual(n, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'aGVsbG8=', b: 'Yg==' } });
  });

  it('ignores rules of an aggregated ClusterRole', () => {
    const n = normalizeObject({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] }, rules: [{ verbs: ['get'] }] });
    assert.equal(n.rules, undefined);
  });

  it('fills known defaults but keeps values Git sets', () => {
    const o: Record<string, unknown> = {
      kind: 'Deployment',
      spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx:1.2', imagePullPolicy: 'Always', ports: [{ containerPort: 80 }] }] } } },
    };
    fillKnownDefaults(o);
    const spec = o.spec as { replicas: number; revisionHistoryLimit: number; template: { spec: { dnsPolicy: string; containers: Array<Record<string, unknown>> } } };
    assert.equal(spec.replicas, 1);
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.equal(spec.template.spec.dnsPolicy, 'ClusterFirst');
    assert.equal(spec.template.spec.containers[0].imagePullPolicy, 'Always', ':latest rule');
    assert.equal(spec.template.spec.containers[1].imagePullPolicy, 'Always', 'Git value kept');
    assert.deepEqual(spec.template.spec.containers[1].ports, [{ containerPort: 80, protocol: 'TCP' }]);
    const svc: Record<string, unknown> = { kind: 'Service', spec: { ports: [{ port: 80 }] } };
    fillKnownDefaults(svc);
    assert.deepEqual(svc.spec, { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster' });
  });
});

describe('comparison', () => {
  it('numbers by value, quantities by amount', () => {
    assert.deepEqual(diff({ a: 1, b: '2' }, { a: 1.0, b: 2 }), []);
    assert.deepEqual(diff({ resources: { cpu: '0.5', memory: '1Gi' } }, { resources: { cpu: '500m', memory: '1024Mi' } }), []);
    assert.equal(diff({ resources: { cpu: '1' } }, { resources: { cpu: '900m' } }).length, 1);
    assert.equal(quantityValue('2Ki'), 2048);
    assert.equal(diff({ name: '1Gi' }, { name: '1024Mi' }).length, 1, 'quantities only where quantities live');
  });

  it('matches keyed list items by merge key and formats paths people can read', () => {
    const git = { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'E', value: '1' }] }, { name: 'b', image: 'y' }] };
    const live = { containers: [{ name: 'b', image: 'y' }, { name: 'a', image: 'x:2', env: [{ name: 'E', value: '2' }] }] };
    assert.deepEqual(diff(git, live).map((c) => [c.path, c.git, c.live]), [
      ['containers[name=a].image', 'x:1', 'x:2'],
      ['containers[name=a].env[name=E].value', '1', '2'],
    ]);
    assert.equal(formatPath(['metadata', 'labels', 'app.kubernetes.io/name']), 'metadata.labels["app.kubernetes.io/name"]');
    assert.equal(formatPath(['ports', { key: { containerPort: 80, protocol: 'TCP' } }]), 'ports[containerPort=80]');
    assert.equal(formatPath(['ports', { key: { port: 53, protocol: 'UDP' } }]), 'ports[port=53,protocol=UDP]');
  });

  it('atomic lists compare by position; live-only fields count only when owned', () => {
    assert.deepEqual(diff({ args: ['a', 'b'] }, { args: ['a', 'c', 'd'] }).map((c) => c.path), ['args[1]', 'args[2]']);
    assert.deepEqual(diff({ a: 1 }, { a: 1, b: 2 }), []);
    assert.deepEqual(diff({ a: 1 }, { a: 1, b: 2 }, () => true).map((c) => [c.path, c.git, c.live]), [['b', undefined, 2]]);
  });
});

describe('ownership (managedFields and last-applied)', () => {
  const tree = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {} } } } }, 'f:tolerations': {} } } },
  };
  it('walks f: and k: entries, with protocol defaulting to TCP and atomic ancestors owning their contents', () => {
    assert.ok(ownsPath(tree, ['metadata', 'labels', 'app']));
    assert.ok(!ownsPath(tree, ['metadata', 'labels', 'other']));
    assert.ok(ownsPath(tree, ['spec', 'template', 'spec', 'containers', { key: { name: 'web' } }, 'image']));
    assert.ok(!ownsPath(tree, ['spec', 'template', 'spec', 'containers', { key: { name: 'sidecar' } }]));
    assert.ok(ownsPath(tree, ['spec', 'template', 'spec', 'containers', { key: { name: 'web' } }, 'ports', { key: { containerPort: 80 } }]));
    assert.ok(ownsPath(tree, ['spec', 'template', 'spec', 'tolerations', 0, 'key']));
  });

  it('only GitOps managers count; last-applied gives three-way ownership', () => {
    const live: KubeObject = {
      metadata: {
        managedFields: [
          { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          { manager: 'argocd-controller', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:paused': {} } } },
        ],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { minReadySeconds: 5 } }) },
      },
    };
    const o = gitOwnership(live);
    assert.ok(!o.owns(['spec', 'replicas']));
    assert.ok(o.owns(['spec', 'paused']));
    assert.ok(o.owns(['spec', 'minReadySeconds']));
  });
});

describe('Secret masking', () => {
  it('equal values get equal masks, different values different masks; nothing in clear', () => {
    const git: KubeObject = { apiVersion: 'v1', kind: 'Secret', data: { same: 'c2FtZQ==', diff: 'YQ==', gitOnly: 'Zw==' } };
    const live: KubeObject = { apiVersion: 'v1', kind: 'Secret', data: { same: 'c2FtZQ==', diff: 'Yg==', liveOnly: 'bA==' } };
    maskSecretPair(git, live);
    const g = git.data as Record<string, string>;
    const l = live.data as Record<string, string>;
    assert.equal(g.same, l.same);
    assert.notEqual(g.diff, l.diff);
    assert.ok([...Object.values(g), ...Object.values(l)].every((v) => /^\++$/.test(v)));
  });

  it('a ConfigMap is not masked', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } };
    maskSecretPair(cm, cm);
    assert.deepEqual(cm.data, { a: 'b' });
  });
});

describe('ignore rules', () => {
  it('removes JSON pointers with ~1 escapes and array indexes', () => {
    const o = { metadata: { annotations: { 'a/b': '1', c: '2' } }, spec: { list: [1, 2, 3] } };
    removePointer(o, '/metadata/annotations/a~1b');
    removePointer(o, '/spec/list/1');
    removePointer(o, '/does/not/exist');
    assert.deepEqual(o, { metadata: { annotations: { c: '2' } }, spec: { list: [1, 3] } });
  });
});

describe('classification on corpus manifests (client-side)', () => {
  const file = path.join(CORPUS, 'kubernetes__examples/web/guestbook/all-in-one/guestbook-all-in-one.yaml');
  const objects = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject);
  for (const o of objects) o.metadata = { ...o.metadata, namespace: 'gb' };

  it('identical live objects are in sync; a missing one is missing; an Argo-labelled stray is extra', () => {
    const live = objects.slice(1).map((o) => ({ ...structuredClone(o), metadata: { ...o.metadata, labels: { ...(o.metadata?.labels ?? {}), 'app.kubernetes.io/instance': 'gb' } } }));
    live.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'gb', labels: { 'app.kubernetes.io/instance': 'gb' } } });
    const report = computeDrift({ desired: objects.map(m), live, owner: { type: 'argocd', name: 'gb' }, context: 'ctx' });
    const by = Object.fromEntries(report.resources.map((r) => [`${r.kind}/${r.name}`, r.status]));
    assert.equal(by['Service/redis-master'], 'missing');
    assert.equal(by['ConfigMap/stray'], 'extra');
    assert.equal(report.resources.filter((r) => r.status === 'in-sync').length, objects.length - 1);
    assert.equal(driftExitCode(report), 1);
    const json = toDriftJson(report);
    assert.equal(json.context, 'ctx');
    assert.deepEqual(Object.keys(json.resources.find((r) => r.status === 'in-sync')!).sort(), ['apiVersion', 'changes', 'kind', 'name', 'namespace', 'status']);
    assert.equal(json.resources.find((r) => r.status === 'extra')!.reason, 'in the cluster, labelled as this app, not in Git');
    assert.match(formatDriftText(report), /MISSING  v1 Service gb\/redis-master  \(x\.yaml:5\)/);
  });

  it('a kind reported unknown makes its objects unknown with the reason; exit 2 without drift', () => {
    const report = computeDrift({ desired: objects.filter((o) => o.kind === 'Service').map(m), live: [], unknown: [{ apiVersion: 'v1', kind: 'Service', reason: 'forbidden: no' }] });
    assert.ok(report.resources.every((r) => r.status === 'unknown' && r.reason === 'forbidden: no'));
    assert.equal(driftExitCode(report), 2);
  });
});
