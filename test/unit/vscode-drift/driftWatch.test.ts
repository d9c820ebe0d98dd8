// Auto-refresh from cluster watches, against the Kubernetes API test server: after a comparison, a scaled
// Deployment or a new object labelled as the app asks for a refresh; a controller's status update, or an
// object no app owns, does not. Only reads on the wire.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, ReadOnlyClusterClient } from '../../../src/core/cluster/client';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { AppDrift, driftTargets, runDriftForApps } from '../../../src/vscode/drift/driftApps';
import { DriftChangeFilter, watchForDrift } from '../../../src/vscode/drift/driftWatch';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import { seedAppliedFluxApp } from './seedLive';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('drift watch', () => {
  let server: KubeApiTestServer;
  let client: ReadOnlyClusterClient;
  let apps: AppDrift[];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-drift-watch-'));

  before(async () => {
    fs.cpSync(path.resolve(__dirname, '../../fixtures/e2e-repo'), root, { recursive: true });
    const index = new RepositoryIndex({ root, fs: nodeFileSystem });
    await index.scan();
    server = await KubeApiTestServer.start({});
    await seedAppliedFluxApp(server, root, 'clusters/production/apps.yaml', 0);
    server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-ours', namespace: 'podinfo' }, data: { a: '1' } });
    const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, {})), trusted: false });
    assert.ok(c.ok);
    client = c.value;
    const target = driftTargets(index.apps()).targets[0];
    const r = await runDriftForApps({ client, targets: [target], fs: nodeFileSystem, root, index });
    assert.ok(r.ok);
    apps = r.apps;
    assert.ok(apps[0].watch && apps[0].watch.resources.length >= 5, 'the run hands over the listed resources');
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refreshes on a spec change and a new app-labelled object, not on status or unrelated objects', async () => {
    const why: string[] = [];
    const w = watchForDrift(client, apps, (reason) => why.push(reason));
    try {
      await sleep(200); // the watches are open
      assert.deepEqual(why, [], 'nothing happened yet: the watch starts from the lists\' resourceVersion');
      server.store.mutate('apps/v1', 'Deployment', 'podinfo', 'podinfo', (o) => (((o.status ??= {}) as Record<string, unknown>).readyReplicas = 0), 'kube-controller-manager');
      server.store.mutate('v1', 'ConfigMap', 'podinfo', 'not-ours', (o) => ((o.data as Record<string, string>).a = '2'));
      await sleep(300);
      assert.deepEqual(why, [], 'status-only update and an object no app owns are ignored');
      server.store.mutate('apps/v1', 'Deployment', 'podinfo', 'podinfo', (o) => ((o.spec as { replicas: number }).replicas = 4), 'kubectl-scale');
      await until('the scale to be seen', () => why.length === 1);
      assert.equal(why[0], 'MODIFIED Deployment podinfo/podinfo');
      server.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stray', namespace: 'podinfo', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } }, data: {} });
      await until('the labelled ConfigMap to be seen', () => why.length === 2);
      assert.equal(why[1], 'ADDED ConfigMap podinfo/stray');
    } finally {
      w.stop();
    }
    assert.deepEqual(server.writeRequests(), []);
    assert.ok(server.requests.some((r) => r.verb === 'watch'), 'watches were made');
  });

  it('the first update after a comparison counts when generation equals observedGeneration (a label edit)', async () => {
    // The controller catches up with the first test's scale before a fresh comparison (so the new watch
    // does not replay the first test's events either).
    const caughtUp = server.store.mutate('apps/v1', 'Deployment', 'podinfo', 'podinfo', (o) => {
      ((o.status ??= {}) as Record<string, unknown>).observedGeneration = (o.metadata as { generation: number }).generation;
    }, 'kube-controller-manager');
    const index = new RepositoryIndex({ root, fs: nodeFileSystem });
    await index.scan();
    const r = await runDriftForApps({ client, targets: [driftTargets(index.apps()).targets[0]], fs: nodeFileSystem, root, index });
    assert.ok(r.ok);
    const why: string[] = [];
    const w = watchForDrift(client, r.apps, (reason) => why.push(reason));
    try {
      await sleep(200);
      assert.deepEqual(why, []);
      const labelled = server.store.mutate('apps/v1', 'Deployment', 'podinfo', 'podinfo', (o) => (((o.metadata as { labels: Record<string, string> }).labels ??= {}).team = 'ops'), 'kubectl-label');
      const meta = labelled.metadata as { generation: number };
      assert.equal(meta.generation, (caughtUp.metadata as { generation: number }).generation, 'a label edit leaves generation alone');
      assert.equal((labelled.status as { observedGeneration: number }).observedGeneration, meta.generation);
      await until('the label edit to be seen', () => why.length === 1);
      assert.equal(why[0], 'MODIFIED Deployment podinfo/podinfo');
      server.store.mutate('apps/v1', 'Deployment', 'podinfo', 'podinfo', (o) => (((o.status ??= {}) as Record<string, unknown>).availableReplicas = 1), 'kube-controller-manager');
      await sleep(300);
      assert.equal(why.length, 1, 'a status-only update after it is skipped');
    } finally {
      w.stop();
    }
  });

  it('the filter skips a repeated identical update and keeps no object data', () => {
    const shown = new Set(['apps|Deployment|web|a']);
    const f = new DriftChangeFilter(shown);
    const resource = { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true, verbs: [] };
    const dep = (replicas: number, status: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'web', generation: 2, resourceVersion: String(status) }, spec: { replicas }, status: { observedGeneration: 1, readyReplicas: status } });
    assert.equal(f.relevant({ type: 'MODIFIED', resource, object: dep(3, 1) }), true, 'generation ahead of observedGeneration: a spec change');
    assert.equal(f.relevant({ type: 'MODIFIED', resource, object: dep(3, 2) }), false, 'same object but status');
    assert.equal(f.relevant({ type: 'MODIFIED', resource, object: dep(4, 2) }), true);
    assert.equal(f.relevant({ type: 'DELETED', resource, object: dep(4, 2) }), true);
    assert.equal(f.relevant({ type: 'resync', resource, reason: 'resourceVersion expired' }), true);
    assert.ok(!JSON.stringify(f).includes('replicas'));
  });
});
