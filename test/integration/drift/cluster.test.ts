import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, ReadOnlyClusterClient, WatchEvent } from '../../../src/core/cluster/client';
import { loadKubeconfig } from '../../../src/core/cluster/kubeconfig';
import { fetchLiveSet } from '../../../src/core/cluster/liveSet';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';

const DEPLOY = (name: string, ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "nginx:1.25", ports: [{containerPort: 80}]}]
`;

async function client(server: KubeApiTestServer, user: Parameters<typeof kubeconfigFor>[1], extra: { timeoutMs?: number } = {}): Promise<ReadOnlyClusterClient> {
  const file = writeKubeconfig(kubeconfigFor(server, user, { namespace: 'shop' }));
  const c = await connect({ kubeconfigPath: file, trusted: false, ...extra });
  assert.ok(c.ok, c.ok ? '' : c.error.message);
  return c.value;
}

describe('read-only cluster client against the test server (TLS, bearer token)', () => {
  let server: KubeApiTestServer;
  let c: ReadOnlyClusterClient;
  before(async () => {
    server = await KubeApiTestServer.start({ tls: true, tokens: { 'token-alice': 'alice' } });
    for (let i = 0; i < 5; i++) server.seed(DEPLOY(`web-${i}`, i % 2 ? 'shop' : 'admin'));
    server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { a: '1' } });
    c = await client(server, { token: 'token-alice' });
  });
  after(() => server.close());

  it('reads version, context and default namespace from the kubeconfig', async () => {
    const v = await c.version();
    assert.ok(v.ok);
    assert.equal(v.value.gitVersion, 'v1.30.2');
    assert.equal(c.context, 'test');
    assert.equal(c.namespace, 'shop');
  });

  it('uses aggregated discovery: two calls map every kind to resource and scope', async () => {
    const d = await c.resolve('apps/v1', 'Deployment');
    assert.ok(d.ok);
    assert.deepEqual([d.value.resource, d.value.namespaced], ['deployments', true]);
    const ns = await c.resolve('v1', 'Namespace');
    assert.ok(ns.ok);
    assert.equal(ns.value.namespaced, false);
    const missing = await c.resolve('example.com/v1', 'Widget');
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'not-found');
    assert.equal(c.discovery.calls, 2);
    const discovery = server.requests.filter((r) => r.verb === 'discovery' && r.path !== '/version');
    assert.ok(discovery.every((r) => (r.accept ?? '').includes('as=APIGroupDiscoveryList')));
  });

  it('lists all namespaces with limit/continue pagination, filling in apiVersion/kind on items', async () => {
    const d = await c.resolve('apps/v1', 'Deployment');
    assert.ok(d.ok);
    const before = server.requests.length;
    const live = await fetchLiveSet(c, [{ apiVersion: 'apps/v1', kind: 'Deployment' }], { pageSize: 2 });
    assert.ok(live.ok);
    assert.equal(live.value.objects.length, 5);
    assert.equal(live.value.listCalls, 3);
    assert.ok(live.value.objects.every((o) => o.apiVersion === 'apps/v1' && o.kind === 'Deployment'));
    const lists = server.requests.slice(before).filter((r) => r.verb === 'list');
    assert.deepEqual(lists.map((r) => r.query.limit), ['2', '2', '2']);
    assert.equal(lists[0].query.continue, undefined);
    assert.ok(lists[1].query.continue && lists[2].query.continue);
    assert.ok(lists.every((r) => r.path === '/apis/apps/v1/deployments'));
  });

  it('gets one object and reports 404 as a value', async () => {
    const d = await c.resolve('apps/v1', 'Deployment');
    assert.ok(d.ok);
    const got = await c.get(d.value, 'web-1', 'shop');
    assert.ok(got.ok);
    assert.equal(got.value.metadata?.name, 'web-1');
    const none = await c.get(d.value, 'nope', 'shop');
    assert.ok(!none.ok);
    assert.equal(none.error.kind, 'not-found');
    assert.match(none.error.message, /deployments.apps "nope" not found/);
  });

  it('watches: initial ADDED events, then MODIFIED when the live object changes', async () => {
    const cm = await c.resolve('v1', 'ConfigMap');
    assert.ok(cm.ok);
    const events: WatchEvent[] = [];
    const w = await c.watch(cm.value, { namespace: 'shop' }, (e) => events.push(e));
    assert.ok(w.ok);
    await waitFor(() => events.length >= 1);
    server.store.mutate('v1', 'ConfigMap', 'shop', 'cfg', (o) => ((o.data as Record<string, string>).a = '2'));
    await waitFor(() => events.length >= 2);
    w.value.stop();
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED']);
    assert.equal((events[1].object as { data: { a: string } }).data.a, '2');
    assert.equal(events[1].object.kind, 'ConfigMap');
  });

  it('dry-run apply returns the object as the server would store it, defaults included, without persisting', async () => {
    const d = await c.resolve('apps/v1', 'Deployment');
    assert.ok(d.ok);
    const r = await c.dryRunApply(d.value, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web-1', namespace: 'shop' }, spec: { replicas: 4 } });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const spec = r.value.spec as { replicas: number; revisionHistoryLimit: number };
    assert.equal(spec.replicas, 4);
    assert.equal(spec.revisionHistoryLimit, 10);
    const live = await c.get(d.value, 'web-1', 'shop');
    assert.ok(live.ok);
    assert.equal((live.value.spec as { replicas: number }).replicas, 1, 'dry run must not persist');
    const patch = server.requests.filter((x) => x.method === 'PATCH').at(-1)!;
    assert.deepEqual(patch.query, { dryRun: 'All', fieldManager: 'reconcile', force: 'true' });
    assert.equal(patch.contentType, 'application/apply-patch+yaml');
  });

  it('sent nothing but GET/LIST/WATCH and dry-run PATCH', () => {
    assert.deepEqual(server.writeRequests(), []);
    assert.deepEqual(server.rejectedMutations, []);
    assert.ok(server.requests.every((r) => r.method === 'GET' || (r.method === 'PATCH' && r.dryRun)));
  });
});

describe('cluster client errors and auth variants', () => {
  it('a wrong token gives one unauthorized error value', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { good: 'alice' } });
    try {
      const c = await client(server, { token: 'bad' });
      const live = await fetchLiveSet(c, [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1', kind: 'ConfigMap' }]);
      assert.ok(!live.ok);
      assert.equal(live.error.kind, 'unauthorized');
    } finally {
      await server.close();
    }
  });

  it('an unreachable server gives an unreachable error value', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'alice' } });
    const c = await client(server, { token: 't' });
    await server.close();
    const live = await fetchLiveSet(c, [{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
    assert.ok(!live.ok);
    assert.equal(live.error.kind, 'unreachable');
    assert.match(live.error.message, /127\.0\.0\.1/);
  });

  it('authenticates with a client certificate signed by the cluster CA', async () => {
    const server = await KubeApiTestServer.start({ tls: true });
    try {
      server.seed(DEPLOY('a', 'shop'));
      const cert = server.ca!.issue('bob', { organizations: ['devs'] });
      const c = await client(server, { clientCert: cert });
      const live = await fetchLiveSet(c, [{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
      assert.ok(live.ok);
      assert.equal(live.value.objects.length, 1);
      assert.ok(server.requests.filter((r) => r.verb === 'list').every((r) => r.user === 'bob'));
    } finally {
      await server.close();
    }
  });

  it('403 on one kind gives an unknown group; the other kinds are returned', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'viewer' } });
    try {
      server.seed(DEPLOY('a', 'shop'));
      server.seed({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { k: 'dg==' } });
      server.deny.push({ resource: 'secrets' });
      const c = await client(server, { token: 't' });
      const live = await fetchLiveSet(c, [
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'v1', kind: 'Secret', namespaces: ['shop'] },
      ]);
      assert.ok(live.ok);
      assert.deepEqual(live.value.objects.map((o) => o.kind), ['Deployment']);
      assert.equal(live.value.unknown.length, 1);
      assert.equal(live.value.unknown[0].kind, 'Secret');
      assert.equal(live.value.unknown[0].namespace, 'shop');
      assert.match(live.value.unknown[0].reason, /forbidden: secrets is forbidden: User "viewer" cannot list/);
    } finally {
      await server.close();
    }
  });

  it('falls back to per-namespace lists when only the cluster-wide list is forbidden', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'dev' } });
    try {
      server.seed(DEPLOY('a', 'shop'));
      server.seed(DEPLOY('b', 'other'));
      // A Role-based user: no cluster-wide list, access to "shop" only.
      server.deny.push({ resource: 'deployments', scope: 'cluster' });
      server.deny.push({ resource: 'deployments', namespace: 'other' });
      const c = await client(server, { token: 't' });
      const live = await fetchLiveSet(c, [{ apiVersion: 'apps/v1', kind: 'Deployment', namespaces: ['shop', 'other'] }]);
      assert.ok(live.ok);
      const lists = server.requests.filter((r) => r.verb === 'list');
      assert.deepEqual(lists.map((r) => [r.path, r.status]), [
        ['/apis/apps/v1/deployments', 403],
        ['/apis/apps/v1/namespaces/shop/deployments', 200],
        ['/apis/apps/v1/namespaces/other/deployments', 403],
      ]);
      assert.deepEqual(live.value.objects.map((o) => o.metadata?.name), ['a']);
      assert.deepEqual(live.value.unknown.map((u) => u.namespace), ['other']);
    } finally {
      await server.close();
    }
  });

  it('uses per-group-version discovery when aggregated discovery is not offered', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'a' }, aggregatedDiscovery: false });
    try {
      const c = await client(server, { token: 't' });
      const d = await c.resolve('apps/v1', 'StatefulSet');
      assert.ok(d.ok);
      assert.equal(d.value.resource, 'statefulsets');
      const again = await c.resolve('apps/v1', 'Deployment');
      assert.ok(again.ok);
      const paths = server.requests.filter((r) => r.verb === 'discovery').map((r) => r.path);
      assert.deepEqual(paths, ['/api', '/apis/apps/v1']);
    } finally {
      await server.close();
    }
  });

  it('retries 429 after Retry-After and times out slow responses', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'a' } });
    try {
      server.faults.push({ verb: 'list', status: 429, retryAfterSeconds: 0, times: 1 });
      const c = await client(server, { token: 't' }, { timeoutMs: 300 });
      const live = await fetchLiveSet(c, [{ apiVersion: 'v1', kind: 'ConfigMap' }]);
      assert.ok(live.ok);
      const lists = server.requests.filter((r) => r.verb === 'list');
      assert.deepEqual(lists.map((r) => r.status), [429, 200]);
      server.faults.push({ verb: 'list', delayMs: 1000, times: 1 });
      const slow = await fetchLiveSet(c, [{ apiVersion: 'v1', kind: 'ConfigMap' }]);
      assert.ok(slow.ok);
      assert.equal(slow.value.unknown.length, 1);
      assert.match(slow.value.unknown[0].reason, /timeout: .*did not answer within 0.3 s/);
    } finally {
      await server.close();
    }
  });

  it('cancellation stops the live-set fetch with a cancelled value', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'a' } });
    try {
      server.faults.push({ verb: 'list', delayMs: 2000 });
      const c = await client(server, { token: 't' });
      const token = { isCancellationRequested: false };
      setTimeout(() => (token.isCancellationRequested = true), 100);
      const t0 = Date.now();
      const live = await fetchLiveSet(c, [{ apiVersion: 'v1', kind: 'ConfigMap' }], { token });
      assert.ok(!live.ok);
      assert.equal(live.error.kind, 'cancelled');
      assert.ok(Date.now() - t0 < 1500);
    } finally {
      await server.close();
    }
  });
});

describe('kubeconfig loading', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-kc-'));
  const fake = { url: 'https://127.0.0.1:1' } as KubeApiTestServer;

  it('merges KUBECONFIG files: first definition and first current-context win', async () => {
    const a = writeKubeconfig(kubeconfigFor(fake, { token: 'a' }, { context: 'one', namespace: 'ns-one' }), dir);
    const b = writeKubeconfig({ ...kubeconfigFor(fake, { token: 'b' }, { context: 'two' }), 'current-context': 'two' }, dir);
    const loaded = await loadKubeconfig({ env: { KUBECONFIG: `${a}${path.delimiter}${b}` }, trusted: false });
    assert.ok(loaded.ok);
    assert.equal(loaded.value.context, 'one');
    assert.equal(loaded.value.namespace, 'ns-one');
    assert.deepEqual(loaded.value.contexts.map((c) => c.name), ['one', 'two']);
    const two = await loadKubeconfig({ env: { KUBECONFIG: `${a}${path.delimiter}${b}` }, context: 'two', trusted: false });
    assert.ok(two.ok);
    assert.equal(two.value.namespace, 'default');
  });

  it('reports a missing context and a missing file clearly', async () => {
    const a = writeKubeconfig(kubeconfigFor(fake, { token: 'a' }, { context: 'one' }), dir);
    const r = await loadKubeconfig({ kubeconfigPath: a, context: 'nope', trusted: false });
    assert.ok(!r.ok);
    assert.match(r.error.message, /Context "nope" not found .*contexts: one/);
    const missing = await loadKubeconfig({ kubeconfigPath: path.join(dir, 'absent'), trusted: false });
    assert.ok(!missing.ok);
    assert.equal(missing.error.kind, 'config');
  });

  it('refuses exec credential plugins in an untrusted workspace and runs them in a trusted one', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { 'from-exec': 'carol' } });
    try {
      const script = path.join(dir, 'cred.js');
      fs.writeFileSync(script, `process.stdout.write(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'from-exec'}}))`);
      const file = writeKubeconfig(kubeconfigFor(server, { exec: { command: process.execPath, args: [script] } }), dir);
      const untrusted = await connect({ kubeconfigPath: file, trusted: false });
      assert.ok(!untrusted.ok);
      assert.equal(untrusted.error.kind, 'untrusted');
      assert.equal(server.requests.length, 0);
      const trusted = await connect({ kubeconfigPath: file, trusted: true });
      assert.ok(trusted.ok);
      const v = await trusted.value.version();
      assert.ok(v.ok, v.ok ? '' : v.error.message);
      assert.equal(server.requests[0].user, 'carol');
    } finally {
      await server.close();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live watch for auto-refresh', () => {
  it('streams changes after the list, restarts when the server ends the stream, and stops', async () => {
    const { watchLiveSet } = await import('../../../src/core/cluster/liveWatch');
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'a' } });
    try {
      server.seed(DEPLOY('w', 'shop'));
      const c = await client(server, { token: 't' });
      const live = await fetchLiveSet(c, [{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
      assert.ok(live.ok);
      const resource = live.value.resources.get('apps/v1/Deployment')!;
      const rv = live.value.resourceVersions.get('apps/v1/Deployment');
      assert.ok(rv);
      const seen: string[] = [];
      const w = watchLiveSet(c, [resource], { resourceVersion: () => rv, timeoutSeconds: 1, onChange: (ch) => seen.push(`${ch.type} ${ch.type === 'resync' ? '' : ch.object.metadata?.name}`) });
      await new Promise((r) => setTimeout(r, 200));
      server.store.mutate('apps/v1', 'Deployment', 'shop', 'w', (o) => ((o.spec as { replicas: number }).replicas = 2));
      await waitFor(() => seen.length >= 1);
      await new Promise((r) => setTimeout(r, 1300)); // the server ends the first stream after 1 s
      server.store.delete('apps/v1', 'Deployment', 'shop', 'w');
      await waitFor(() => seen.length >= 2);
      w.stop();
      assert.deepEqual(seen, ['MODIFIED w', 'DELETED w']);
      const watches = server.requests.filter((r) => r.verb === 'watch');
      assert.ok(watches.length >= 2, 'restarted after the server closed the stream');
      assert.equal(watches[0].query.resourceVersion, rv);
      assert.ok(Number(watches[1].query.resourceVersion) > Number(rv), 'resumed from the last version seen');
      assert.deepEqual(server.writeRequests(), []);
    } finally {
      await server.close();
    }
  });
});
