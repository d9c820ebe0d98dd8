// An Application an ApplicationSet generates is a drift target like a written one: its generated
// source.path and destination namespace decide the desired set, compared with the Kubernetes API test server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, ReadOnlyClusterClient } from '../../../src/core/cluster/client';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { KubeObject } from '../../../src/core/types';
import { driftTargets, runDriftForApps } from '../../../src/vscode/drift/driftApps';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';

const REMOTE = 'https://github.com/example/shop.git';

const FILES: Record<string, string> = {
  'argocd/appset.yaml': `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: shop, namespace: argocd}
spec:
  generators:
  - git:
      repoURL: ${REMOTE}
      revision: HEAD
      directories:
      - path: overlays/*
  template:
    metadata: {name: 'shop-{{path.basename}}'}
    spec:
      project: default
      source: {repoURL: '${REMOTE}', targetRevision: HEAD, path: '{{path}}'}
      destination: {server: 'https://kubernetes.default.svc', namespace: 'shop-{{path.basename}}'}
`,
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:1.27'}]
`,
  'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n',
  'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n',
};

function live(namespace: string, app: string, replicas: number): KubeObject[] {
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace, labels: { 'app.kubernetes.io/instance': app } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
  return [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, dep];
}

describe('drift of ApplicationSet-generated Applications', () => {
  let root: string;
  let server: KubeApiTestServer;
  let client: ReadOnlyClusterClient;
  let index: RepositoryIndex;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-drift-'));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [REMOTE] } });
    await index.scan();
    server = await KubeApiTestServer.start({ tls: true, tokens: { t: 'viewer' } });
    // prod was scaled by hand to 5; dev is as Git says.
    server.seed([...live('shop-prod', 'shop-prod', 5), ...live('shop-dev', 'shop-dev', 2)]);
    const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 't' })), trusted: false });
    assert.ok(c.ok);
    client = c.value;
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('each generated Application is a target, compared in its generated destination namespace', async () => {
    const { targets } = driftTargets(index.apps());
    assert.deepEqual(targets.map((t) => [t.name, t.target, t.path]), [
      ['Argo CD argocd/shop-dev', 'argocd/appset.yaml', 'overlays/dev'],
      ['Argo CD argocd/shop-prod', 'argocd/appset.yaml', 'overlays/prod'],
    ]);
    const r = await runDriftForApps({ client, targets, fs: nodeFileSystem, root, index, dryRun: 'off' });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const byApp = new Map(r.apps.map((a) => [a.target.name, a]));
    const prod = byApp.get('Argo CD argocd/shop-prod');
    assert.equal(prod?.error, undefined);
    const dep = prod?.report?.resources.find((o) => o.kind === 'Deployment');
    assert.equal(dep?.namespace, 'shop-prod');
    assert.equal(dep?.status, 'modified');
    assert.ok(dep?.changes?.some((c) => c.path === 'spec.replicas'), JSON.stringify(dep));
    const devDep = byApp.get('Argo CD argocd/shop-dev')?.report?.resources.find((o) => o.kind === 'Deployment');
    assert.equal(devDep?.namespace, 'shop-dev');
    assert.equal(devDep?.status, 'in-sync');
    assert.deepEqual(server.writeRequests(), []);
  });

  it('a target whose Application is no longer generated is an error, not a crash', async () => {
    const { targets } = driftTargets(index.apps());
    const gone = { ...targets[0], generated: { ...targets[0].generated!, name: 'shop-qa' } };
    const r = await runDriftForApps({ client, targets: [gone], fs: nodeFileSystem, root, index, dryRun: 'off' });
    assert.ok(r.ok);
    assert.match(r.apps[0].error ?? '', /ApplicationSet shop no longer generates shop-qa/);
  });
});
