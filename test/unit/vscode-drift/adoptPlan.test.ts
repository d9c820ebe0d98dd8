// "Adopt Live Values" from the Drift view's model to file texts: in place for a file one app builds (only
// the drifted line changes), as an overlay patch for a shared base (demo repository: staging and production
// share apps/base/web), keyed list items placed by their key, Secrets refused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { connect } from '../../../src/core/cluster/client';
import { ObjectDrift } from '../../../src/core/diff/types';
import { KubeObject } from '../../../src/core/types';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { adoptLiveValues } from '../../../src/core/sync/adopt';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { adoptingOverlay, notAdoptable, planAdopt, resolvePath } from '../../../src/vscode/drift/adoptPlan';
import { driftTargets, runDriftForApps } from '../../../src/vscode/drift/driftApps';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import { driftLive, seedAppliedFluxApp, withReplicas } from './seedLive';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `reconcile-adopt-${name}-`));
  temps.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function driftOf(root: string, fluxFile: string, mutate: (s: KubeApiTestServer) => void, skip?: (o: KubeObject) => boolean): Promise<{ objects: ObjectDrift[]; index: RepositoryIndex; appPath?: string }> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const server = await KubeApiTestServer.start({});
  try {
    await seedAppliedFluxApp(server, root, fluxFile, undefined, skip);
    mutate(server);
    const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, {})), trusted: false });
    assert.ok(c.ok);
    const target = driftTargets(index.apps()).targets.find((t) => t.target === fluxFile);
    assert.ok(target);
    const r = await runDriftForApps({ client: c.value, targets: [target], fs: nodeFileSystem, root, index });
    assert.ok(r.ok && r.apps[0].report, 'drift ran');
    return { objects: r.apps[0].report!.resources, index, appPath: target.path };
  } finally {
    await server.close();
  }
}

const read = (root: string) => async (f: string) => fs.promises.readFile(path.join(root, f), 'utf8').catch(() => undefined);

describe('resolvePath', () => {
  const doc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }], containers: [{ name: 'a' }, { name: 'web', env: [{ name: 'X', value: '1' }] }] } };
  it('keyed items become their position in the document (ports matched with the default protocol)', () => {
    assert.deepEqual(resolvePath(['spec', 'containers', { key: { name: 'web' } }, 'env', { key: { name: 'X' } }, 'value'], doc), { ok: true, value: ['spec', 'containers', 1, 'env', 0, 'value'] });
    assert.deepEqual(resolvePath(['spec', 'ports', { key: { port: 443, protocol: 'TCP' } }, 'targetPort'], doc), { ok: true, value: ['spec', 'ports', 1, 'targetPort'] });
  });
  it('an item only the cluster has is appended; a field inside it cannot be placed', () => {
    assert.deepEqual(resolvePath(['spec', 'containers', { key: { name: 'sidecar' } }], doc), { ok: true, value: ['spec', 'containers', 2] });
    const r = resolvePath(['spec', 'containers', { key: { name: 'sidecar' } }, 'image'], doc);
    assert.ok(!r.ok);
    assert.match(r.message, /"sidecar".*not in the file/);
  });
});

describe('adopt from the Drift view', () => {
  it('in place: the scaled replica count replaces only that line of the base file (one app builds it)', async () => {
    const root = copy('e2e-repo');
    const file = path.join(root, 'apps/base/podinfo/deployment.yaml');
    fs.writeFileSync(file, withReplicas(fs.readFileSync(file, 'utf8'), 2));
    const before = fs.readFileSync(file, 'utf8');
    const { objects, index, appPath } = await driftOf(root, 'clusters/production/apps.yaml', (s) => driftLive(s, { namespace: 'podinfo', name: 'podinfo', replicas: 5 }));
    const dep = objects.find((o) => o.kind === 'Deployment')!;
    assert.equal(dep.status, 'modified');
    assert.equal(adoptingOverlay(index, dep.origin!.file, appPath), undefined, 'only apps/production builds the base');
    const doc = index.getFile(dep.origin!.file)!.documents[dep.origin!.documentIndex].value;
    const plan = planAdopt({ object: dep, sourceDocument: doc, readFile: read(root) });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    const edits = await adoptLiveValues(plan.value);
    assert.ok(edits.ok, edits.ok ? '' : edits.error.message);
    assert.deepEqual(edits.value.map((e) => e.file), ['apps/base/podinfo/deployment.yaml']);
    const a = before.split('\n');
    const b = edits.value[0].text.split('\n');
    assert.equal(a.length, b.length);
    assert.deepEqual(a.flatMap((l, i) => (l === b[i] ? [] : [[l, b[i]]])), [['  replicas: 2', '  replicas: 5']]);
  });

  it('shared base: a patch in the app\'s overlay, container found by name in the live object', async () => {
    const root = copy('demo-repo');
    const { objects, index, appPath } = await driftOf(root, 'clusters/demo/apps.yaml', (s) =>
      s.store.mutate('apps/v1', 'Deployment', 'production', 'web', (o) => {
        const c = ((o.spec as { template: { spec: { containers: Array<{ resources: { requests: Record<string, string> } }> } } }).template.spec.containers)[0];
        c.resources.requests.cpu = '100m';
      }),
      // The demo plants a PodDisruptionBudget in policy/v1beta1, which Kubernetes 1.25+ no longer serves.
      (o) => o.apiVersion === 'policy/v1beta1',
    );
    const web = objects.find((o) => o.kind === 'Deployment' && o.name === 'web')!;
    assert.equal(web.status, 'modified', JSON.stringify(web.changes));
    const cpu = web.changes.find((c) => c.path === 'spec.template.spec.containers[name=web].resources.requests.cpu');
    assert.ok(cpu, web.changes.map((c) => c.path).join(', '));
    assert.equal(web.origin!.file, 'apps/base/web/deployment.yaml');
    const overlay = adoptingOverlay(index, web.origin!.file, appPath);
    assert.equal(overlay, 'apps/production/kustomization.yaml');
    const source = index.getFile(web.origin!.file)!.documents[web.origin!.documentIndex].value;
    const plan = planAdopt({ object: web, changes: [cpu], sourceDocument: source, overlayKustomization: overlay, readFile: read(root) });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    const edits = await adoptLiveValues(plan.value);
    assert.ok(edits.ok, edits.ok ? '' : edits.error.message);
    const [patch, kustomization] = edits.value;
    assert.equal(patch.file, 'apps/production/adopt-deployment-web.yaml');
    const patched = parseDocument(patch.text).toJS() as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    assert.equal(patched.spec.template.spec.containers[0].name, 'web');
    assert.deepEqual((patched.spec.template.spec.containers[0].resources as { requests: unknown }).requests, { cpu: '100m' });
    assert.equal(kustomization.file, 'apps/production/kustomization.yaml');
    assert.match(kustomization.text, /- path: adopt-deployment-web.yaml/);
    // The overlay still builds (the patch names the object as the base does) and now carries the live value.
    for (const e of edits.value) fs.writeFileSync(path.join(root, e.file), e.text);
    const built = await renderKustomization(nodeFileSystem, path.join(root, 'apps/production'), { root });
    assert.ok(built.ok, built.ok ? '' : built.error.message);
    const rendered = built.manifests.find((m) => m.object.kind === 'Deployment' && m.object.metadata?.name === 'web')!.object;
    const container = (rendered.spec as { template: { spec: { containers: Array<{ resources: { requests: Record<string, string> } }> } } }).template.spec.containers[0];
    assert.equal(container.resources.requests.cpu, '100m');
    assert.equal(rendered.metadata?.namespace, 'production');
    assert.equal(fs.readFileSync(path.join(root, 'apps/base/web/deployment.yaml'), 'utf8'), fs.readFileSync(path.join(FIXTURES, 'demo-repo/apps/base/web/deployment.yaml'), 'utf8'), 'the shared base is untouched');
  });

  it('Secrets, missing and extra objects are refused with a message', () => {
    const base: ObjectDrift = { apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'n', status: 'modified', changes: [{ path: 'data.p', segments: ['data', 'p'], git: '++++++++', live: '+++++++++' }], origin: { file: 'a.yaml', documentIndex: 0, range: { file: 'a.yaml', start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } } } };
    assert.match(notAdoptable(base) ?? '', /Secrets are excluded/);
    const plan = planAdopt({ object: base, sourceDocument: {}, readFile: async () => '' });
    assert.ok(!plan.ok);
    assert.match(plan.message, /never writes Secret values/);
    assert.match(notAdoptable({ ...base, kind: 'ConfigMap', status: 'missing' }) ?? '', /Only modified objects/);
    assert.equal(notAdoptable({ ...base, kind: 'ConfigMap' }), undefined);
    assert.match(notAdoptable({ ...base, apiVersion: 'example.com/v1', kind: 'Secret', origin: undefined }) ?? '', /no source file/);
  });
});
