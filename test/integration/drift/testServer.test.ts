// The Kubernetes API test server's own wire format: what it answers must look like a real API server's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeApiTestServer } from '../../support/kube-api-server/server';

describe('Kubernetes API test server wire format', () => {
  let s: KubeApiTestServer;
  const auth = { Authorization: 'Bearer t' };
  const get = async (p: string, headers: Record<string, string> = {}) => {
    const r = await fetch(s.url + p, { headers: { ...auth, ...headers } });
    return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire JSON under test
  };
  before(async () => {
    s = await KubeApiTestServer.start({ tokens: { t: 'alice' } });
    s.seed(`apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: x, labels: {tier: web, env: prod}}
data: {k: v}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b, namespace: x, labels: {tier: db}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: y, labels: {tier: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: x}
spec: {size: 3}
`);
  });
  after(() => s.close());

  it('401 without credentials, as a Status', async () => {
    const r = await fetch(s.url + '/api/v1/configmaps');
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('serves /version and legacy discovery with subresources', async () => {
    assert.equal((await get('/version')).body.gitVersion, 'v1.30.2');
    assert.deepEqual((await get('/api')).body.versions, ['v1']);
    const apps = await get('/apis/apps/v1');
    assert.equal(apps.body.kind, 'APIResourceList');
    const names = (apps.body.resources as Array<{ name: string }>).map((r) => r.name);
    assert.ok(names.includes('deployments') && names.includes('deployments/status'));
    const groups = (await get('/apis')).body.groups as Array<{ name: string }>;
    assert.ok(groups.some((g) => g.name === 'example.com'), 'CRD groups are discovered');
    assert.equal((await get('/apis/nope/v1')).status, 404);
  });

  it('serves aggregated discovery when asked for it', async () => {
    const r = await get('/apis', { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(r.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(r.body.kind, 'APIGroupDiscoveryList');
    const apps = (r.body.items as Array<{ metadata: { name: string }; versions: Array<{ resources: Array<{ resource: string; scope: string }> }> }>).find((g) => g.metadata.name === 'apps')!;
    assert.equal(apps.versions[0].resources.find((x) => x.resource === 'deployments')!.scope, 'Namespaced');
  });

  it('lists with label and field selectors; typed-list items omit apiVersion/kind, custom resources keep them', async () => {
    const web = await get('/api/v1/configmaps?labelSelector=' + encodeURIComponent('tier in (web),env!=dev'));
    assert.equal(web.body.kind, 'ConfigMapList');
    assert.deepEqual(web.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['a', 'c']);
    assert.equal(web.body.items[0].kind, undefined);
    const byName = await get('/api/v1/namespaces/x/configmaps?fieldSelector=metadata.name%3Db');
    assert.deepEqual(byName.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['b']);
    const bad = await get('/api/v1/configmaps?labelSelector=' + encodeURIComponent('a in b'));
    assert.equal(bad.status, 400);
    const widgets = await get('/apis/example.com/v1/namespaces/x/widgets');
    assert.equal(widgets.body.items[0].kind, 'Widget');
  });

  it('paginates with limit/continue and remainingItemCount', async () => {
    const p1 = await get('/api/v1/configmaps?limit=2');
    assert.equal(p1.body.items.length, 2);
    assert.equal(p1.body.metadata.remainingItemCount, 1);
    const p2 = await get('/api/v1/configmaps?limit=2&continue=' + encodeURIComponent(p1.body.metadata.continue));
    assert.equal(p2.body.items.length, 1);
    assert.equal(p2.body.metadata.continue, undefined);
    assert.equal((await get('/api/v1/configmaps?continue=%%%')).status, 400);
  });

  it('live objects carry server metadata, defaults, status and managedFields', async () => {
    const d = (await get('/apis/apps/v1/namespaces/x/deployments/web')).body;
    assert.match(d.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.ok(Number(d.metadata.resourceVersion) > 0);
    assert.equal(d.metadata.generation, 1);
    assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'Always');
    assert.equal(d.spec.template.metadata.creationTimestamp, null);
    assert.deepEqual(d.metadata.managedFields.map((f: { manager: string; operation: string }) => [f.manager, f.operation]), [
      ['kustomize-controller', 'Apply'],
      ['kube-controller-manager', 'Update'],
    ]);
    assert.equal(d.status.observedGeneration, 1);
  });

  it('404 for unknown objects, with the real message', async () => {
    const r = await get('/apis/apps/v1/namespaces/x/deployments/none');
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'deployments.apps "none" not found');
    assert.deepEqual(r.body.details, { name: 'none', group: 'apps', kind: 'deployments' });
  });

  it('dry-run apply: 409 conflict without force, 422 invalid, 400 on name mismatch, created object for a new name', async () => {
    s.store.mutate('apps/v1', 'Deployment', 'x', 'web', (o) => ((o.spec as { replicas: number }).replicas = 4), 'kubectl-edit');
    const patch = (name: string, body: string, query = 'dryRun=All&fieldManager=reconcile') =>
      fetch(`${s.url}/apis/apps/v1/namespaces/x/deployments/${name}?${query}`, { method: 'PATCH', headers: { ...auth, 'Content-Type': 'application/apply-patch+yaml' }, body });
    const conflict = await patch('web', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n');
    assert.equal(conflict.status, 409);
    const cb = (await conflict.json()) as { reason: string; details: { causes: Array<{ reason: string; field: string }> } };
    assert.equal(cb.reason, 'Conflict');
    assert.deepEqual(cb.details.causes.map((c) => [c.reason, c.field]), [['FieldManagerConflict', '.spec.replicas']]);
    const invalid = await patch('web', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: -1}\n', 'dryRun=All&fieldManager=reconcile&force=true');
    assert.equal(invalid.status, 422);
    assert.equal(((await invalid.json()) as { reason: string }).reason, 'Invalid');
    const mismatch = await patch('web', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\n');
    assert.equal(mismatch.status, 400);
    const created = await patch('fresh', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: fresh}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: "i:1"}]}}}\n');
    assert.equal(created.status, 201);
    const cbody = (await created.json()) as { spec: { progressDeadlineSeconds: number } };
    assert.equal(cbody.spec.progressDeadlineSeconds, 600);
    assert.equal((await get('/apis/apps/v1/namespaces/x/deployments/fresh')).status, 404, 'dry run persisted nothing');
  });

  it('rejects and logs every non-dry-run mutation', async () => {
    const before = s.rejectedMutations.length;
    for (const [method, p, ct] of [
      ['POST', '/api/v1/namespaces/x/configmaps', 'application/json'],
      ['PUT', '/api/v1/namespaces/x/configmaps/a', 'application/json'],
      ['DELETE', '/api/v1/namespaces/x/configmaps/a', 'application/json'],
      ['PATCH', '/api/v1/namespaces/x/configmaps/a?fieldManager=x', 'application/apply-patch+yaml'],
      ['PATCH', '/api/v1/namespaces/x/configmaps/a?dryRun=All', 'application/merge-patch+json'],
    ] as const) {
      const r = await fetch(s.url + p, { method, headers: { ...auth, 'Content-Type': ct }, body: method === 'DELETE' ? undefined : '{}' });
      assert.equal(r.status, 405, `${method} ${p}`);
      assert.equal(((await r.json()) as { reason: string }).reason, 'MethodNotAllowed');
    }
    assert.equal(s.rejectedMutations.length - before, 5);
    assert.deepEqual(s.rejectedMutations.slice(before).map((r) => r.verb), ['create', 'update', 'delete', 'patch', 'patch']);
    assert.equal((await get('/api/v1/namespaces/x/configmaps/a')).status, 200, 'nothing deleted');
  });

  it('403 from deny rules, 429 with Retry-After, 500 and slow responses from fault rules', async () => {
    s.deny.push({ resource: 'secrets', verbs: ['list'] });
    const f = await get('/api/v1/namespaces/x/secrets');
    assert.equal(f.status, 403);
    assert.equal(f.body.message, 'secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "x"');
    s.faults.push({ path: '/api/v1/pods', status: 429, retryAfterSeconds: 3, times: 1 });
    const t = await get('/api/v1/pods');
    assert.equal(t.status, 429);
    assert.equal(t.headers.get('retry-after'), '3');
    assert.equal(t.body.details.retryAfterSeconds, 3);
    assert.equal((await get('/api/v1/pods')).status, 200, 'times: 1');
    s.faults.push({ path: '/api/v1/nodes', status: 500, times: 1 });
    assert.equal((await get('/api/v1/nodes')).body.reason, 'InternalError');
    s.faults.push({ path: '/api/v1/services', delayMs: 200, times: 1 });
    const t0 = Date.now();
    await get('/api/v1/services');
    assert.ok(Date.now() - t0 >= 190);
  });

  it('watch streams events after a resourceVersion, newline-delimited', async () => {
    const rv = (await get('/api/v1/namespaces/y/configmaps')).body.metadata.resourceVersion as string;
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/api/v1/namespaces/y/configmaps?watch=true&resourceVersion=${rv}`, { headers: auth, signal: ctrl.signal });
    const reader = res.body!.getReader();
    s.store.mutate('v1', 'ConfigMap', 'y', 'c', (o) => (o.data = { n: '1' }));
    s.store.delete('v1', 'ConfigMap', 'y', 'c');
    let text = '';
    while (text.split('\n').filter(Boolean).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    const events = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    assert.deepEqual(events.map((e) => [e.type, e.object.metadata.name]), [['MODIFIED', 'c'], ['DELETED', 'c']]);
  });
});
