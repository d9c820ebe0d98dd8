// The Drift view's model, computed the way the view computes it (the editor's index, one client, every app
// of the repository) against the Kubernetes API test server seeded with the e2e fixture as Flux applied it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, ReadOnlyClusterClient } from '../../../src/core/cluster/client';
import { sideText } from '../../../src/core/diff/driftTree';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { AppEntry } from '../../../src/core/index/model';
import { driftTargets, runDriftForApps } from '../../../src/vscode/drift/driftApps';
import { buildDriftModel, diffTitle } from '../../../src/vscode/drift/driftModel';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import { driftLive, secretYaml, SECRET_GIT, SECRET_LIVE, seedAppliedFluxApp, withReplicas } from './seedLive';

const FIXTURE = path.resolve(__dirname, '../../fixtures/e2e-repo');
const DEMO = path.resolve(__dirname, '../../fixtures/demo-repo');

function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-drift-view-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  // The fixture has no Secret; the view must show one masked.
  fs.writeFileSync(path.join(dir, 'apps/base/podinfo/secret.yaml'), secretYaml('podinfo-db', 'podinfo'));
  const k = path.join(dir, 'apps/base/podinfo/kustomization.yaml');
  fs.writeFileSync(k, fs.readFileSync(k, 'utf8').replace('  - service.yaml\n', '  - service.yaml\n  - secret.yaml\n'));
  const d = path.join(dir, 'apps/base/podinfo/deployment.yaml');
  fs.writeFileSync(d, withReplicas(fs.readFileSync(d, 'utf8'), 2));
  return dir;
}

async function scanned(root: string): Promise<RepositoryIndex> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  return index;
}

describe('drift targets: which apps the view compares', () => {
  it('Flux Kustomizations; a kustomization directory at or under a Flux app\'s path is that app, not compared twice', async () => {
    const { targets, skipped } = driftTargets((await scanned(FIXTURE)).apps());
    assert.deepEqual(targets.map((t) => [t.name, t.target, t.documentIndex]), [
      ['Flux flux-system/apps', 'clusters/production/apps.yaml', 0],
      ['Flux flux-system/flux-system', 'clusters/production/flux-system/gotk-sync.yaml', 1],
    ]);
    assert.deepEqual(skipped, []);
  });

  it('a kustomization directory no app deploys is compared on its own', () => {
    const flux: AppEntry = { kind: 'FluxKustomization', name: 'apps', namespace: 'flux-system', file: 'clusters/prod/apps.yaml', documentIndex: 0, path: 'apps/prod' };
    const dir = (p: string): AppEntry => ({ kind: 'KustomizeDirectory', name: p, file: `${p}/kustomization.yaml`, documentIndex: 0, path: p });
    const { targets } = driftTargets([flux, dir('apps/prod'), dir('apps/prod/extra'), dir('apps/production-eu'), dir('tools')]);
    assert.deepEqual(targets.map((t) => t.name), ['Flux flux-system/apps', 'Kustomize apps/production-eu', 'Kustomize tools']);
  });

  it('skips HelmReleases with a note and keeps Argo CD Applications', async () => {
    const { targets, skipped } = driftTargets((await scanned(DEMO)).apps());
    assert.ok(targets.some((t) => t.name === 'Argo CD argocd/demo-staging' && t.target === 'argocd/staging-app.yaml'));
    assert.ok(!targets.some((t) => t.name.includes('status-page')));
    assert.equal(skipped.length, 1);
    assert.match(skipped[0], /^HelmRelease monitoring\/status-page: .*not rendered/);
  });

  it('names stay unique when two apps share a name', () => {
    const a: AppEntry = { kind: 'FluxKustomization', name: 'apps', namespace: 'flux-system', file: 'a.yaml', documentIndex: 0, path: 'a' };
    const { targets } = driftTargets([a, { ...a, file: 'b.yaml', path: 'b' }]);
    assert.deepEqual(targets.map((t) => t.name), ['Flux flux-system/apps', 'Flux flux-system/apps (b.yaml)']);
  });
});

describe('drift run over all apps against the test server', () => {
  let server: KubeApiTestServer;
  let client: ReadOnlyClusterClient;
  let root: string;
  let index: RepositoryIndex;

  before(async () => {
    root = copyFixture();
    index = await scanned(root);
    server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'viewer' } });
    await seedAppliedFluxApp(server, root, 'clusters/production/apps.yaml', 0);
    driftLive(server, { namespace: 'podinfo', name: 'podinfo', replicas: 3 }, { namespace: 'podinfo', name: 'podinfo-db' });
    const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 't' }, { context: 'kind-e2e' })), trusted: false });
    assert.ok(c.ok);
    client = c.value;
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows the scaled Deployment with spec.replicas and the Secret masked, everything else of the app in sync', async () => {
    const { targets, skipped } = driftTargets(index.apps());
    const progress: string[] = [];
    const r = await runDriftForApps({ client, targets, fs: nodeFileSystem, root, index, progress: (m) => progress.push(m) });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const model = buildDriftModel(client.context, r.apps, skipped, false);
    assert.equal(model.root.label, 'kind-e2e');
    const apps = model.root.children;
    assert.equal(apps[0].label, 'Flux flux-system/apps');
    assert.equal(apps[0].description, '2 modified');
    const podinfo = [...model.objects.values()].find((e) => e.object.kind === 'Deployment' && e.object.name === 'podinfo');
    assert.ok(podinfo);
    assert.equal(podinfo.node.status, 'modified');
    assert.deepEqual(podinfo.node.children.map((c) => `${c.label}: ${c.description}`), ['spec.replicas: 2 → 3']);
    assert.equal(podinfo.object.origin?.file, 'apps/base/podinfo/deployment.yaml');
    assert.equal(podinfo.target.path, 'apps/production');
    assert.equal(diffTitle(podinfo.object), 'Deployment/podinfo (Git ↔ live)');
    assert.match(sideText(podinfo.object.git), /replicas: 2\n/);
    assert.match(sideText(podinfo.object.live), /replicas: 3\n/);
    const secret = [...model.objects.values()].find((e) => e.object.kind === 'Secret');
    assert.ok(secret);
    assert.equal(secret.node.status, 'modified');
    assert.deepEqual(secret.node.children.map((c) => c.label), ['data.password']);
    assert.match(String(secret.node.children[0].description), /^\++ → \++$/);
    const change = model.changes.get(podinfo.node.children[0].id);
    assert.equal(change?.change.path, 'spec.replicas');
    // Nowhere in the model or either diff side is a Secret value in clear or base64.
    const everything = JSON.stringify(model.root) + [...model.objects.values()].map((e) => sideText(e.object.git) + sideText(e.object.live)).join('');
    for (const clear of [SECRET_GIT, SECRET_LIVE]) {
      assert.ok(!everything.includes(clear), `clear value ${clear} leaked`);
      assert.ok(!everything.includes(Buffer.from(clear).toString('base64')), `base64 of ${clear} leaked`);
    }
    // The Flux objects themselves are not served by this cluster: unknown, with the reason, not an error.
    const flux = apps.find((a) => a.label === 'Flux flux-system/flux-system');
    assert.ok(flux && flux.status === 'unknown', `flux-system app: ${flux?.description}`);
    assert.ok(progress.includes('Flux flux-system/apps'));
    assert.deepEqual(server.writeRequests(), [], 'read-only: no writes other than dry-run');
    assert.deepEqual(server.rejectedMutations, []);
  });

  it('filters to drifted objects; the badge number stays the number drifted', async () => {
    const { targets } = driftTargets(index.apps());
    const r = await runDriftForApps({ client, targets: targets.slice(0, 1), fs: nodeFileSystem, root, index, dryRun: 'off' });
    assert.ok(r.ok);
    const all = buildDriftModel('c', r.apps, [], false);
    const only = buildDriftModel('c', r.apps, [], true);
    assert.equal(only.drifted, 2);
    assert.equal(all.drifted, 2);
    assert.deepEqual([...only.objects.values()].map((e) => `${e.object.kind}/${e.object.name}`).sort(), ['Deployment/podinfo', 'Secret/podinfo-db']);
    assert.ok(all.objects.size > only.objects.size);
    assert.deepEqual(only.root.children[0].counts, all.root.children[0].counts, 'the app still counts what is hidden');
    assert.equal(only.root.children[0].counts?.['in-sync'], 4, 'Namespace, ConfigMap, HPA, Service');
  });

  it('ignore rules from the setting apply to every app', async () => {
    const { targets } = driftTargets(index.apps());
    const r = await runDriftForApps({ client, targets: targets.slice(0, 1), fs: nodeFileSystem, root, index, ignore: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] });
    assert.ok(r.ok);
    const dep = r.apps[0].report?.resources.find((o) => o.kind === 'Deployment');
    assert.equal(dep?.status, 'in-sync');
  });

  it('an app whose desired set cannot be read is an error node; the others still compare', async () => {
    const r = await runDriftForApps({ client, targets: [{ name: 'broken', target: 'no/such/dir' }, ...driftTargets(index.apps()).targets.slice(0, 1)], fs: nodeFileSystem, root, index });
    assert.ok(r.ok);
    const model = buildDriftModel('c', r.apps, [], false);
    assert.equal(model.root.children[0].children[0].kind, 'error');
    assert.match(model.root.children[0].children[0].label, /no\/such\/dir is not a manifest file/);
    assert.equal(model.root.children[1].status, 'modified');
  });

  it('401 ends the run with one error; cancellation ends it quietly', async () => {
    const bad = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 'wrong' })), trusted: false });
    assert.ok(bad.ok);
    const { targets } = driftTargets(index.apps());
    const r = await runDriftForApps({ client: bad.value, targets, fs: nodeFileSystem, root, index });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unauthorized');
    const cancelled = await runDriftForApps({ client, targets, fs: nodeFileSystem, root, index, token: { isCancellationRequested: true } });
    assert.ok(!cancelled.ok);
    assert.equal(cancelled.error.kind, 'cancelled');
  });
});
