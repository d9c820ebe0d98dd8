import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { compareRenders, DEFAULT_CHURN_RULES } from '../../../src/core/plan/compareRenders';
import { assessRisks } from '../../../src/core/plan/risk';
import { KubeObject, Manifest } from '../../../src/core/types';

/** Manifests from a YAML stream (origins do not matter to the comparison). */
function manifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml).map((d, i) => {
    const range = { file: 'x.yaml', start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } };
    return { object: d.toJS() as KubeObject, origin: { file: 'x.yaml', documentIndex: i, range } };
  });
}

const deployment = (o: { image?: string; chart?: string; checksum?: string; replicas?: number; selector?: string } = {}) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels:
    app: web
    helm.sh/chart: ${o.chart ?? 'web-1.0.0'}
spec:
  replicas: ${o.replicas ?? 2}
  selector:
    matchLabels:
      app: ${o.selector ?? 'web'}
  template:
    metadata:
      labels:
        app: ${o.selector ?? 'web'}
      annotations:
        checksum/config: ${o.checksum ?? 'aaa'}
    spec:
      containers:
        - name: web
          image: ${o.image ?? 'nginx:1.25'}
`;

describe('compareRenders', () => {
  it('matches objects by identity and lists changed fields with before and after', () => {
    const before = manifests(deployment() + '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: old, namespace: prod}\ndata: {a: "1"}\n');
    const after = manifests('apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\nspec: {ports: [{port: 80}]}\n---\n' + deployment({ image: 'nginx:1.27', replicas: 3 }));
    const c = compareRenders(before, after, { churn: DEFAULT_CHURN_RULES });
    assert.deepEqual(
      c.objects.map((o) => [o.change, o.kind, o.name]),
      [
        ['deleted', 'ConfigMap', 'old'],
        ['changed', 'Deployment', 'web'],
        ['created', 'Service', 'web'],
      ],
    );
    assert.deepEqual(c.objects[1].fields, [
      { path: 'spec.replicas', before: 2, after: 3 },
      { path: 'spec.template.spec.containers[name=web].image', before: 'nginx:1.25', after: 'nginx:1.27' },
    ]);
    assert.match(c.objects[1].diff, /^--- a\/Deployment\/prod\/web\n\+\+\+ b\/Deployment\/prod\/web\n@@/);
    assert.match(c.objects[2].diff, /\+kind: Service/);
    assert.deepEqual(c.objects[0].risks.map((r) => r.code), ['delete']);
  });

  it('folds churn (chart label, checksum annotation) into counts and hides churn-only objects', () => {
    const churnOnly = compareRenders(manifests(deployment()), manifests(deployment({ chart: 'web-1.1.0', checksum: 'bbb' })), { churn: DEFAULT_CHURN_RULES });
    assert.deepEqual(churnOnly.objects, []);
    assert.deepEqual(churnOnly.hidden, { churnObjects: 1, churnFields: 2, ignoredFields: 0 });
    const mixed = compareRenders(manifests(deployment()), manifests(deployment({ chart: 'web-1.1.0', image: 'nginx:2' })), { churn: DEFAULT_CHURN_RULES });
    assert.deepEqual(mixed.objects[0].fields.map((f) => f.path), ['spec.template.spec.containers[name=web].image']);
    assert.doesNotMatch(mixed.objects[0].diff, /helm\.sh\/chart/);
    assert.deepEqual(mixed.hidden, { churnObjects: 0, churnFields: 1, ignoredFields: 0 });
    // Without churn rules every label change is listed.
    const all = compareRenders(manifests(deployment()), manifests(deployment({ chart: 'web-1.1.0' })), { churn: [] });
    assert.deepEqual(all.objects[0].fields.map((f) => f.path), ['metadata.labels["helm.sh/chart"]']);
  });

  it("applies an Argo CD Application's ignoreDifferences and counts what it hid", () => {
    const c = compareRenders(manifests(deployment()), manifests(deployment({ replicas: 5, image: 'nginx:2' })), { churn: [], ignore: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] });
    assert.deepEqual(c.objects[0].fields.map((f) => f.path), ['spec.template.spec.containers[name=web].image']);
    assert.equal(c.hidden.ignoredFields, 1);
  });

  it('shows which Secret keys changed by hash, never the values; created Secrets show keys only', () => {
    const secret = (pw: string, token: string, kind: 'stringData' | 'data' = 'stringData') =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: prod}\n${kind}:\n  password: ${kind === 'data' ? Buffer.from(pw).toString('base64') : pw}\n  token: ${kind === 'data' ? Buffer.from(token).toString('base64') : token}\n`;
    const c = compareRenders(manifests(secret('old-pass-1', 'tok-1')), manifests(secret('new-pass-2', 'tok-1', 'data')), { churn: [] });
    assert.equal(c.objects.length, 1);
    const [f] = c.objects[0].fields;
    assert.equal(f.path, 'data.password');
    assert.match(String(f.before), /^sha256:[0-9a-f]{10}$/);
    assert.match(String(f.after), /^sha256:[0-9a-f]{10}$/);
    assert.notEqual(f.before, f.after);
    const text = JSON.stringify(c);
    for (const v of ['old-pass-1', 'new-pass-2', 'tok-1', Buffer.from('old-pass-1').toString('base64'), Buffer.from('new-pass-2').toString('base64'), Buffer.from('tok-1').toString('base64')]) assert.ok(!text.includes(v), v);
    const created = compareRenders([], manifests(secret('s3cr3t-value', 'tok-9')), { churn: [] });
    assert.match(created.objects[0].diff, /\+\s+password: \(set\)\n\+\s+token: \(set\)/);
    assert.ok(!JSON.stringify(created).includes('s3cr3t'));
  });
});

describe('assessRisks', () => {
  const obj = (kind: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name: 'x' }, ...extra });
  it('names immutable fields, risky kinds and deletions with a reason', () => {
    assert.deepEqual(assessRisks('changed', obj('Deployment'), obj('Deployment'), [{ path: 'spec.selector.matchLabels.app' }]).map((r) => r.reason), ['spec.selector is immutable: the apply fails until the object is deleted and recreated']);
    assert.deepEqual(assessRisks('changed', obj('Service'), obj('Service'), [{ path: 'spec.clusterIP' }]).map((r) => r.code), ['immutable']);
    assert.deepEqual(assessRisks('changed', obj('Job'), obj('Job'), [{ path: 'spec.template.spec.containers[name=a].image' }]).map((r) => r.code), ['immutable']);
    assert.deepEqual(assessRisks('changed', obj('PersistentVolumeClaim'), obj('PersistentVolumeClaim'), [{ path: 'spec.storageClassName' }]).map((r) => r.code), ['pvc', 'immutable']);
    assert.deepEqual(assessRisks('changed', obj('StatefulSet'), obj('StatefulSet'), [{ path: 'spec.volumeClaimTemplates[name=data].spec' }]).map((r) => r.code), ['immutable']);
    assert.deepEqual(assessRisks('changed', obj('ClusterRole'), obj('ClusterRole'), [{ path: 'rules' }]).map((r) => r.code), ['rbac']);
    assert.deepEqual(assessRisks('deleted', obj('Namespace'), undefined, []).map((r) => r.reason), ['deleted from the cluster when the controller prunes: every object in the namespace goes with it']);
    assert.deepEqual(assessRisks('changed', obj('Deployment'), obj('Deployment'), [{ path: 'spec.replicas' }]), []);
    assert.deepEqual(assessRisks('changed', obj('ConfigMap', { immutable: true }), obj('ConfigMap'), [{ path: 'data.a' }]).map((r) => r.code), ['immutable']);
  });
});
