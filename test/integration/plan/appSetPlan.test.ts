// The plan treats Applications an ApplicationSet generates like written ones, in real git repositories:
// an edit to a folder a git generator picks up plans that Application; a new folder plans a new one
// (`added`); an edit to the ApplicationSet itself plans the Applications it now creates, deletes or changes; and
// history finds an object through the generated Application that deploys its folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { findAppForObject } from '../../../src/core/history/findApp';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { plan } from '../../../src/core/plan/plan';
import { AppPlan } from '../../../src/core/plan/types';
import { PlanRepo, repoFrom } from './planRepo';

const REMOTE = 'https://github.com/example/shop.git';

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: 'nginx:1.27'}]
`;

const gitAppSet = `apiVersion: argoproj.io/v1alpha1
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
`;

const overlay = (replicas: number) => `resources:\n  - ../../base\npatches:\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: ${replicas}\n    target: {kind: Deployment, name: web}\n`;

const listAppSet = (elements: Array<{ env: string; dir: string }>) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: envs, namespace: argocd}
spec:
  generators:
  - list:
      elements:
${elements.map((e) => `      - {env: ${e.env}, dir: ${e.dir}}`).join('\n')}
  template:
    metadata: {name: 'web-{{env}}'}
    spec:
      project: default
      source: {repoURL: '${REMOTE}', targetRevision: HEAD, path: '{{dir}}'}
      destination: {server: 'https://kubernetes.default.svc', namespace: '{{env}}'}
`;

function emptyFixture(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-plan-fixture-'));
}

const summary = (apps: AppPlan[]) => apps.map((a) => [a.kind, a.name, a.status, a.objects.map((o) => `${o.kind}/${o.name} ${o.change}`).join(',')]);

describe('plan: ApplicationSet-generated Applications', () => {
  const repos: PlanRepo[] = [];
  const fromFiles = (files: Record<string, string>) => {
    const r = repoFrom(emptyFixture(), { remote: REMOTE, extra: files });
    repos.push(r);
    return r;
  };
  afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

  const gitRepo = () =>
    fromFiles({
      'argocd/appset.yaml': gitAppSet,
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': deployment(1),
      'overlays/prod/kustomization.yaml': overlay(3),
      'overlays/dev/kustomization.yaml': overlay(1),
    });

  it('an edit to a folder the git generator picks up plans that Application only', async () => {
    const repo = gitRepo();
    repo.write('overlays/prod/kustomization.yaml', overlay(5));
    const r = await plan({ repoRoot: repo.dir, indexSettings: { repoUrls: [REMOTE] } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(summary(r.plan.apps), [['ArgoApplication', 'shop-prod', 'changed', 'Deployment/web changed']]);
    const prod = r.plan.apps[0];
    assert.equal(prod.file, 'argocd/appset.yaml');
    assert.equal(prod.path, 'overlays/prod');
    assert.deepEqual(prod.destination, { namespace: 'shop-prod', cluster: 'https://kubernetes.default.svc' });
    assert.deepEqual(prod.objects[0].fields.map((f) => `${f.path}: ${String(f.before)} -> ${String(f.after)}`), ['spec.replicas: 3 -> 5']);
  });

  it('a new folder under the glob plans a new Application (added)', async () => {
    const repo = gitRepo();
    repo.write('overlays/qa/kustomization.yaml', overlay(2));
    const r = await plan({ repoRoot: repo.dir, indexSettings: { repoUrls: [REMOTE] } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(summary(r.plan.apps), [['ArgoApplication', 'shop-qa', 'added', 'Deployment/web created']]);
    assert.deepEqual(r.plan.summary.apps.added, 1);
  });

  it('an edit to the ApplicationSet plans the Applications it creates, deletes and changes', async () => {
    const repo = fromFiles({
      'argocd/appset.yaml': listAppSet([{ env: 'prod', dir: 'envs/prod' }, { env: 'dev', dir: 'envs/dev' }]),
      'envs/prod/deployment.yaml': deployment(3),
      'envs/prod-v2/deployment.yaml': deployment(4),
      'envs/dev/deployment.yaml': deployment(1),
      'envs/qa/deployment.yaml': deployment(2),
    });
    repo.write('argocd/appset.yaml', listAppSet([{ env: 'prod', dir: 'envs/prod-v2' }, { env: 'qa', dir: 'envs/qa' }]));
    const r = await plan({ repoRoot: repo.dir, indexSettings: { repoUrls: [REMOTE] } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(
      summary(r.plan.apps).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        ['ArgoApplication', 'web-dev', 'removed', 'Deployment/web deleted'],
        ['ArgoApplication', 'web-prod', 'changed', 'Deployment/web changed'],
        ['ArgoApplication', 'web-qa', 'added', 'Deployment/web created'],
      ],
    );
    assert.ok(r.plan.apps.every((a) => a.selectedBy.includes('argocd/appset.yaml') || a.status !== 'changed'));
  });

  it('history: an object is found through the generated Application that deploys its folder', async () => {
    const repo = fromFiles({
      'argocd/appset.yaml': listAppSet([{ env: 'prod', dir: 'envs/prod' }]),
      // No kustomization anywhere: without the generated Application, the object's own folder would be the app.
      'envs/prod/workloads/deployment.yaml': deployment(3),
    });
    const index = new RepositoryIndex({ root: repo.dir, fs: nodeFileSystem, settings: { repoUrls: [REMOTE] } });
    await index.scan();
    const found = await findAppForObject(index, nodeFileSystem, { kind: 'Deployment', name: 'web' });
    assert.ok(found.ok, found.ok ? '' : found.message);
    assert.equal(found.app, 'envs/prod');
    assert.deepEqual(found.closureFiles, ['envs/prod/workloads/deployment.yaml']);
  });
});
