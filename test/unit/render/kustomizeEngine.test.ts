// Engine behaviour krusty does not pin down: origins, touchedBy, errors as values, selectors, output format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { MemoryFileSystem } from '../../conformance/krusty/memoryFs';
import { matchLabelSelector } from '../../../src/core/render/kustomize/selector';
import { stringifyObject, goYamlKeyLess } from '../../../src/core/render/kustomize/yamlOutput';
import { contentHash } from '../../../src/core/render/kustomize/hash';
import { substituteText } from '../../../src/core/render/flux/substitute';
import { Json, strategicMerge } from '../../../src/core/render/merge/strategicMerge';
import { kubernetesPatchSchema, isClusterScopedKind } from '../../../src/core/render/merge/kubernetesPatchMeta';

function fs(files: Record<string, string>): MemoryFileSystem {
  const m = new MemoryFileSystem();
  for (const [p, c] of Object.entries(files)) m.write(`/repo/${p}`, c);
  return m;
}

test('each object keeps its origin document range and the files that touched it', async () => {
  const m = fs({
    'base/kustomization.yaml': 'resources:\n- objs.yaml\n',
    'base/objs.yaml': '# comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    'overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: x-\npatches:\n- path: p.yaml\n',
    'overlay/p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: v\n',
  });
  const r = await renderKustomization(m, '/repo/overlay', { root: '/repo', defaultOrder: 'fifo' });
  assert.ok(r.ok);
  if (!r.ok) return;
  const [a, b] = r.manifests;
  assert.equal(a.origin.file, 'base/objs.yaml');
  assert.equal(a.origin.documentIndex, 0);
  assert.equal(a.origin.range.startPos.line, 1, 'range starts at the first content line, after the comment');
  assert.equal(b.origin.documentIndex, 1);
  assert.equal(b.origin.range.startPos.line, 6);
  assert.deepEqual(a.origin.touchedBy, ['overlay/kustomization.yaml']);
  assert.deepEqual(b.origin.touchedBy, ['overlay/p.yaml', 'overlay/kustomization.yaml']);
  assert.equal((b.object.metadata as { name: string }).name, 'x-b');
});

test('errors are values: cycles, missing files, files outside the kustomization root, unknown patch targets', async () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ 'a/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../a\n' }, /cycle in kustomizations: a → b → a/],
    [{ 'a/kustomization.yaml': 'resources:\n- nope.yaml\n' }, /resource 'nope.yaml' not found/],
    [{ 'a/kustomization.yaml': 'resources:\n- ../secret.yaml\n', 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n' }, /security; file 'secret.yaml' \(resources\) is not in or below 'a'/],
    [{ 'a/kustomization.yaml': 'resources:\n- cm.yaml\npatches:\n- patch: |\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: other\n', 'a/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' }, /no resource matches strategic merge patch "ConfigMap other"/],
    [{ 'a/kustomization.yaml': 'helmCharts:\n- name: x\n' }, /'helmCharts' is not supported by the built-in engine yet/],
    [{ 'a/kustomization.yaml': 'resources:\n- cm.yaml\n', 'a/cm.yaml': 'kind: [unclosed\n' }, /a\/cm.yaml:\d+: Unexpected end/],
  ];
  for (const [files, want] of cases) {
    const r = await renderKustomization(fs(files), '/repo/a', { root: '/repo' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.message, want);
  }
});

test('label selectors: equality, inequality, set-based and existence', () => {
  const labels = { app: 'web', tier: 'front' };
  assert.ok(matchLabelSelector('app=web,tier!=back', labels));
  assert.ok(matchLabelSelector('app in (api, web),!canary', labels));
  assert.ok(!matchLabelSelector('tier notin (front)', labels));
  assert.ok(matchLabelSelector('tier', labels));
  assert.ok(!matchLabelSelector('app==api', labels));
});

test('output format: go-yaml key order, quoting and literal blocks as kustomize prints them', () => {
  assert.ok(goYamlKeyLess('a2', 'a10'), 'digit runs compare as numbers');
  assert.ok(goYamlKeyLess('_x', 'ax'), 'non-letters sort before letters');
  const text = stringifyObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { b: 'true', a: '0123', c: "it's: here", d: 'line1\nline2\n', e: '\nlead', f: '' }, list: [{ z: 1, y: [] }] });
  assert.equal(text, 'apiVersion: v1\ndata:\n  a: "0123"\n  b: "true"\n  c: \'it\'\'s: here\'\n  d: |\n    line1\n    line2\n  e: |2-\n\n    lead\n  f: ""\nkind: ConfigMap\nlist:\n- "y": []\n  z: 1\n');
});

test('content hash matches kustomize for ConfigMaps and Secrets', () => {
  assert.equal(contentHash({ kind: 'ConfigMap', metadata: { name: 'bob' }, data: { crisis: 'true', fruit: 'Indian Gooseberry', year: '2020' } }), '79t79mt227');
  assert.match(contentHash({ kind: 'Secret', type: 'Opaque', metadata: { name: 's' }, data: { a: 'Yg==' } }), /^[a-z0-9]{10}$/);
});

test('flux substitution: defaults, escapes, strict mode', () => {
  assert.equal(substituteText('${A}-${B:=x}-${C:-y}-${D=z}-$${E}', { A: '1', C: '' }), '1-x-y-z-${E}');
  assert.equal(substituteText('${UNSET}', {}), '');
  assert.throws(() => substituteText('${UNSET}', {}, true), /variable 'UNSET' is not set/);
});

test('strategic merge with the bundled Kubernetes schema merges containers by name and replaces args', () => {
  const schema = kubernetesPatchSchema('apps/v1', 'Deployment');
  assert.ok(schema);
  const orig: Json = { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1', args: ['x'] }, { name: 'b', image: 'b:1' }] } } } };
  const patch: Json = { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'a', args: ['y'] }, { name: 'c', image: 'c:1' }] } } } };
  const out = strategicMerge(orig, patch, schema, { mode: 'kyaml', listIncrease: 'prepend' }) as { spec: { template: { spec: { containers: Json[] } } } };
  assert.deepEqual(out.spec.template.spec.containers, [{ name: 'b', image: 'b:2' }, { name: 'a', image: 'a:1', args: ['y'] }, { name: 'c', image: 'c:1' }]);
  assert.ok(isClusterScopedKind('Namespace', 'v1'));
  assert.ok(!isClusterScopedKind('Namespace', 'servicebus.azure.com/v1beta20210101preview'));
});

test('openapi: a custom schema gives a CRD merge keys, so a patch merges its containers instead of replacing them', async () => {
  const { readFileSync } = await import('node:fs');
  const schema = readFileSync(`${__dirname}/../../fixtures/conformance/kustomize-krusty/api/krusty/testdata/customschema.json`, 'utf8');
  const crd = 'apiVersion: example.com/v1alpha1\nkind: MyCRD\nmetadata:\n  name: service\nspec:\n  template:\n    spec:\n      containers:\n      - name: server\n        image: server\n        command: example\n';
  const patch = 'apiVersion: example.com/v1alpha1\nkind: MyCRD\nmetadata:\n  name: service\nspec:\n  template:\n    spec:\n      containers:\n      - name: server\n        image: nginx\n';
  const files = { 'a/mycrd.yaml': crd, 'a/patch.yaml': patch, 'a/schema.json': schema };
  const withSchema = await renderKustomization(fs({ ...files, 'a/kustomization.yaml': 'resources:\n- mycrd.yaml\nopenapi:\n  path: schema.json\npatches:\n- path: patch.yaml\n' }), '/repo/a', { root: '/repo' });
  const without = await renderKustomization(fs({ ...files, 'a/kustomization.yaml': 'resources:\n- mycrd.yaml\npatches:\n- path: patch.yaml\n' }), '/repo/a', { root: '/repo' });
  assert.ok(withSchema.ok && without.ok);
  if (!withSchema.ok || !without.ok) return;
  assert.match(withSchema.yaml, /- command: example\n {8}image: nginx\n {8}name: server/);
  assert.match(without.yaml, /containers:\n {6}- image: nginx\n {8}name: server\n/, 'unknown kinds replace lists, as kustomize does');
});

test('vars: $(NAME) in container args and annotations becomes the final (prefixed) name of the referenced object', async () => {
  const m = fs({
    'a/kustomization.yaml': 'namePrefix: p-\nresources:\n- objs.yaml\nvars:\n- name: SVC\n  objref:\n    kind: Service\n    name: db\n    apiVersion: v1\n- name: PORT\n  objref:\n    kind: Service\n    name: db\n    apiVersion: v1\n  fieldref:\n    fieldpath: spec.ports[0].port\n',
    'a/objs.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n  - port: 5432\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  annotations:\n    uses: $(SVC)\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        args: ["--db=$(SVC):$(PORT)", "$(UNDEFINED)"]\n',
  });
  const r = await renderKustomization(m, '/repo/a', { root: '/repo' });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  if (!r.ok) return;
  assert.match(r.yaml, /uses: p-db\n/);
  assert.match(r.yaml, /- --db=p-db:5432\n {8}- \$\(UNDEFINED\)\n/);
  const bad = await renderKustomization(fs({ 'a/kustomization.yaml': 'vars:\n- name: X\n  objref:\n    kind: Service\n    name: nope\n' }), '/repo/a', { root: '/repo' });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error.message, /var 'X' cannot be resolved: no Service named 'nope'/);
});

test('namespace renames core Namespace objects (not CRD kinds called Namespace) and reports two becoming one', async () => {
  const ok = await renderKustomization(fs({
    'a/kustomization.yaml': 'namespace: new\nresources:\n- r.yaml\n',
    'a/r.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n---\napiVersion: example.com/v1\nkind: Namespace\nmetadata:\n  name: custom\n',
  }), '/repo/a', { root: '/repo', defaultOrder: 'fifo' });
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual(ok.manifests.map((m) => [m.object.metadata?.name, m.object.metadata?.namespace]), [['new', undefined], ['custom', 'new']]);
  const clash = await renderKustomization(fs({
    'a/kustomization.yaml': 'namespace: new\nresources:\n- r.yaml\n',
    'a/r.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: two\n',
  }), '/repo/a', { root: '/repo' });
  assert.match(clash.ok ? '' : clash.error.message, /namespace transformation produces ID conflict/);
});
