// Drift end to end against the Kubernetes API test server: real guestbook manifests from the corpus are
// "applied" by kustomize-controller, then changed in the cluster the way people and controllers do.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { connect, ReadOnlyClusterClient } from '../../../src/core/cluster/client';
import { desiredSetFor } from '../../../src/core/diff/desiredSet';
import { runDrift, RunDriftOptions } from '../../../src/core/diff/runDrift';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { ObjectDrift } from '../../../src/core/diff/types';
import { KubeObject, Manifest } from '../../../src/core/types';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';

const GUESTBOOK = path.resolve(__dirname, '../../fixtures/corpus/kubernetes__examples/web/guestbook/all-in-one/guestbook-all-in-one.yaml');
const FLUX_LABELS = { 'kustomize.toolkit.fluxcd.io/name': 'guestbook', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' };
const SECRET_CLEAR = 'hunter2-very-secret';
const SECRET_CHANGED = 'changed-in-cluster-secret';

function manifests(): Manifest[] {
  const text = fs.readFileSync(GUESTBOOK, 'utf8');
  const objects = parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
  objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'redis-auth' }, stringData: { password: SECRET_CLEAR, user: 'redis' } });
  objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-in-git' }, data: { a: '1' } });
  return objects.map((object, i) => ({ object, origin: { file: 'guestbook.yaml', documentIndex: i, range: { file: 'guestbook.yaml', start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } } } }));
}

/** What Flux would have applied: the manifests with its labels, in namespace "guestbook". */
function applied(m: Manifest[]): KubeObject[] {
  return m
    .filter((x) => x.object.metadata?.name !== 'only-in-git')
    .map((x) => {
      const o = structuredClone(x.object);
      o.metadata = { ...o.metadata, namespace: 'guestbook', labels: { ...(o.metadata?.labels ?? {}), ...FLUX_LABELS } };
      return o;
    });
}

function desiredWithLabels(): Manifest[] {
  return manifests().map((m) => ({ ...m, object: { ...m.object, metadata: { ...m.object.metadata, labels: { ...(m.object.metadata?.labels ?? {}), ...FLUX_LABELS } } } }));
}

function find(rs: ObjectDrift[], kind: string, name: string): ObjectDrift {
  const r = rs.find((x) => x.kind === kind && x.name === name);
  assert.ok(r, `${kind}/${name} in report`);
  return r;
}

function changeOf(r: ObjectDrift, p: string): { git?: unknown; live?: unknown } {
  const c = r.changes.find((x) => x.path === p);
  assert.ok(c, `change at ${p}; got ${r.changes.map((x) => x.path).join(', ')}`);
  return c;
}

for (const mode of ['auto', 'off'] as const) {
  describe(`drift against the test server (dry-run ${mode})`, () => {
    let server: KubeApiTestServer;
    let client: ReadOnlyClusterClient;
    const options = (): RunDriftOptions => ({
      desired: desiredWithLabels(),
      defaultNamespace: 'guestbook',
      owner: { type: 'flux', name: 'guestbook', namespace: 'flux-system' },
      dryRun: mode,
    });

    before(async () => {
      server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'flux-viewer' } });
      server.seed(applied(manifests()));
      const file = writeKubeconfig(kubeconfigFor(server, { token: 't' }));
      const c = await connect({ kubeconfigPath: file, trusted: false });
      assert.ok(c.ok);
      client = c.value;
    });
    after(() => server.close());

    it('everything applied is in sync despite defaults, managedFields, status and server-assigned fields', async () => {
      const r = await runDrift(client, options());
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const notInSync = r.value.report.resources.filter((x) => x.status !== 'in-sync' && x.name !== 'only-in-git');
      assert.deepEqual(notInSync.map((x) => `${x.kind}/${x.name}: ${JSON.stringify(x.changes)}`), []);
      assert.equal(find(r.value.report.resources, 'ConfigMap', 'only-in-git').status, 'missing');
      assert.ok(r.value.report.resources.every((x) => x.comparison === undefined || x.comparison === (mode === 'auto' ? 'server-dry-run' : 'client-side')));
      assert.equal(r.value.listCalls, 4, 'one list per kind: Service, Deployment, Secret, ConfigMap');
    });

    it('reports changed replicas, image, env var, label, port and Secret with paths and (masked) values', async () => {
      const s = server.store;
      s.mutate('apps/v1', 'Deployment', 'guestbook', 'frontend', (o) => ((o.spec as { replicas: number }).replicas = 5), 'kubectl-scale');
      s.mutate('apps/v1', 'Deployment', 'guestbook', 'redis-replica', (o) => {
        const c = ((o.spec as any).template.spec.containers as any[])[0]; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture surgery
        c.image = 'gcr.io/google_samples/gb-redisslave:v2';
        c.env[0].value = 'env';
      });
      s.mutate('v1', 'Service', 'guestbook', 'redis-master', (o) => {
        (o.metadata as { labels: Record<string, string> }).labels.tier = 'cache';
        ((o.spec as { ports: Array<{ port: number; targetPort: number }> }).ports[0]).targetPort = 6380;
      });
      s.mutate('v1', 'Secret', 'guestbook', 'redis-auth', (o) => ((o.data as Record<string, string>).password = Buffer.from(SECRET_CHANGED).toString('base64')));
      const r = await runDrift(client, options());
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const rs = r.value.report.resources;
      assert.deepEqual(changeOf(find(rs, 'Deployment', 'frontend'), 'spec.replicas'), { path: 'spec.replicas', segments: ['spec', 'replicas'], git: 3, live: 5 });
      const replica = find(rs, 'Deployment', 'redis-replica');
      assert.equal(replica.status, 'modified');
      assert.deepEqual(
        [changeOf(replica, 'spec.template.spec.containers[name=replica].image').git, changeOf(replica, 'spec.template.spec.containers[name=replica].image').live],
        ['gcr.io/google_samples/gb-redisslave:v1', 'gcr.io/google_samples/gb-redisslave:v2'],
      );
      const env = changeOf(replica, 'spec.template.spec.containers[name=replica].env[name=GET_HOSTS_FROM].value');
      assert.deepEqual([env.git, env.live], ['dns', 'env']);
      assert.equal(replica.changes.length, 2);
      const svc = find(rs, 'Service', 'redis-master');
      assert.deepEqual([changeOf(svc, 'metadata.labels.tier').git, changeOf(svc, 'metadata.labels.tier').live], ['backend', 'cache']);
      assert.deepEqual([changeOf(svc, 'spec.ports[port=6379].targetPort').git, changeOf(svc, 'spec.ports[port=6379].targetPort').live], [6379, 6380]);
      const secret = find(rs, 'Secret', 'redis-auth');
      assert.equal(secret.status, 'modified');
      const pw = changeOf(secret, 'data.password');
      assert.match(String(pw.git), /^\++$/);
      assert.match(String(pw.live), /^\++$/);
      assert.notEqual(pw.git, pw.live, 'different values get different masks');
      assert.equal(secret.changes.length, 1, 'the unchanged key is equal under its mask');
      const everything = JSON.stringify(r.value);
      for (const clear of [SECRET_CLEAR, SECRET_CHANGED, Buffer.from(SECRET_CLEAR).toString('base64'), Buffer.from(SECRET_CHANGED).toString('base64')]) {
        assert.ok(!everything.includes(clear), `clear secret value leaked: ${clear}`);
      }
      assert.equal(find(rs, 'Deployment', 'redis-master').status, 'in-sync');
    });

    it('a live-only field is drift only when Git manages it; Git-removed managed fields are drift', async () => {
      // A controller (not Git) adds an annotation and an env var: not drift.
      server.store.mutate('apps/v1', 'Deployment', 'guestbook', 'redis-master', (o) => {
        (o.metadata as { annotations: Record<string, string> }).annotations['sidecar.example.com/injected'] = 'true';
      }, 'sidecar-injector');
      const desired = desiredWithLabels();
      // Git drops the `role` label from the redis-master Service that kustomize-controller applied: drift.
      const svc = desired.find((m) => m.object.kind === 'Service' && m.object.metadata?.name === 'redis-master')!;
      delete svc.object.metadata!.labels!.role;
      const r = await runDrift(client, { ...options(), desired });
      assert.ok(r.ok);
      const rs = r.value.report.resources;
      assert.equal(find(rs, 'Deployment', 'redis-master').status, 'in-sync');
      const role = changeOf(find(rs, 'Service', 'redis-master'), 'metadata.labels.role');
      assert.deepEqual([role.git, role.live], [undefined, 'master']);
    });

    it('finds extra objects labelled as the app, honouring IgnoreExtraneous', async () => {
      server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'left-behind', namespace: 'guestbook', labels: FLUX_LABELS }, data: { x: 'y' } });
      server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tolerated', namespace: 'guestbook', labels: FLUX_LABELS, annotations: { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' } }, data: {} });
      server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'someone-elses', namespace: 'guestbook' }, data: {} });
      const r = await runDrift(client, options());
      assert.ok(r.ok);
      const extras = r.value.report.resources.filter((x) => x.status === 'extra').map((x) => `${x.kind}/${x.name}`);
      assert.deepEqual(extras, ['ConfigMap/left-behind']);
    });

    it('ignore rules (jsonPointers, managedFieldsManagers) and Flux reconcile: disabled', async () => {
      const r = await runDrift(client, {
        ...options(),
        ignore: [
          { group: 'apps', kind: 'Deployment', name: 'frontend', jsonPointers: ['/spec/replicas'] },
          { kind: 'Deployment', managedFieldsManagers: ['kubectl-edit'] },
        ],
      });
      assert.ok(r.ok);
      const rs = r.value.report.resources;
      assert.equal(find(rs, 'Deployment', 'frontend').status, 'in-sync');
      assert.equal(find(rs, 'Deployment', 'redis-replica').status, 'in-sync');
      const desired = desiredWithLabels();
      const svc = desired.find((m) => m.object.kind === 'Service' && m.object.metadata?.name === 'redis-master')!;
      svc.object.metadata!.annotations = { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' };
      const r2 = await runDrift(client, { ...options(), desired });
      assert.ok(r2.ok);
      const s = find(r2.value.report.resources, 'Service', 'redis-master');
      assert.equal(s.status, 'in-sync');
      assert.match(s.reason ?? '', /reconcile: disabled/);
    });

    it('sent only GET/LIST/WATCH and dry-run PATCH', () => {
      assert.deepEqual(server.writeRequests(), []);
      assert.deepEqual(server.rejectedMutations, []);
      const patches = server.requests.filter((r) => r.method === 'PATCH');
      if (mode === 'off') assert.equal(patches.length, 0);
      else {
        assert.ok(patches.length > 0);
        assert.ok(patches.every((p) => p.query.dryRun === 'All' && p.query.fieldManager === 'reconcile' && p.query.force === 'true' && p.contentType === 'application/apply-patch+yaml'));
      }
    });
  });
}

describe('drift: partial results and fallbacks', () => {
  it('403 on one kind → unknown with the reason, the rest compared; forbidden dry-run → client-side with a note', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'viewer' } });
    try {
      server.seed(applied(manifests()));
      server.deny.push({ resource: 'secrets' });
      server.deny.push({ verbs: ['patch'] });
      const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 't' })), trusted: false });
      assert.ok(c.ok);
      const r = await runDrift(c.value, { desired: desiredWithLabels(), defaultNamespace: 'guestbook' });
      assert.ok(r.ok);
      const rs = r.value.report.resources;
      const secret = find(rs, 'Secret', 'redis-auth');
      assert.equal(secret.status, 'unknown');
      assert.match(secret.reason ?? '', /forbidden: .*cannot list resource "secrets"/);
      assert.equal(find(rs, 'Deployment', 'frontend').status, 'in-sync');
      assert.equal(find(rs, 'Deployment', 'frontend').comparison, 'client-side');
      assert.ok(r.value.report.notes.some((n) => /Server-side dry-run is not allowed/.test(n)));
      assert.deepEqual(server.writeRequests(), []);
    } finally {
      await server.close();
    }
  });

  it('401 and an unreachable cluster give one clear error', async () => {
    const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'viewer' } });
    const bad = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 'wrong' })), trusted: false });
    assert.ok(bad.ok);
    const r = await runDrift(bad.value, { desired: desiredWithLabels() });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unauthorized');
    assert.equal(server.requests.length, 2, 'stops after discovery answered 401');
    await server.close();
    const gone = await runDrift(bad.value, { desired: desiredWithLabels() });
    assert.ok(!gone.ok);
    assert.equal(gone.error.kind, 'unreachable');
  });
});

describe('drift: every corpus object the server serves round-trips in sync', () => {
  for (const repo of ['kubernetes__examples', 'cert-manager__cert-manager']) {
    it(`${repo}: applied as-is, reported in sync with and without dry-run`, async () => {
      const root = path.resolve(__dirname, '../../fixtures/corpus', repo);
      const d = await desiredSetFor(nodeFileSystem, root, '');
      assert.ok(d.ok, d.ok ? '' : d.error);
      const server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'u' } });
      try {
        const seen = new Set<string>();
        const served = d.value.manifests.filter((m) => {
          const o = m.object;
          if (!server.store.findByKind(String(o.apiVersion), String(o.kind))) return false;
          const k = `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;
          return !seen.has(k) && !!seen.add(k);
        });
        assert.ok(served.length > 5);
        server.seed(served.map((m) => m.object));
        const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 't' })), trusted: false });
        assert.ok(c.ok);
        for (const dryRun of ['auto', 'off'] as const) {
          const r = await runDrift(c.value, { desired: served, dryRun, defaultNamespace: 'default' });
          assert.ok(r.ok, r.ok ? '' : r.error.message);
          const bad = r.value.report.resources.filter((x) => x.status !== 'in-sync');
          assert.deepEqual(bad.map((b) => `${b.kind}/${b.name}: ${JSON.stringify(b.changes.map((x) => x.path))}`), [], dryRun);
          assert.equal(r.value.report.resources.length, served.length);
        }
        assert.deepEqual(server.writeRequests(), []);
      } finally {
        await server.close();
      }
    });
  }
});
