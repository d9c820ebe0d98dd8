// A git generator whose `revision` names the checked-out branch (`main`, as most ApplicationSets write it)
// expands on both sides of a plan: the base commit and the working tree each stand for that branch. Before,
// the base side did not know the branch, so every generated Application showed as `added` (CLI and editor).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { GitRevisions } from '../../../src/core/appset/gitRevisions';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { plan } from '../../../src/core/plan/plan';
import { AppPlan } from '../../../src/core/plan/types';
import { PlanRepo, repoFrom } from './planRepo';

const REMOTE = 'https://github.com/example/shop.git';

const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: shop, namespace: argocd}
spec:
  generators:
  - git:
      repoURL: ${REMOTE}
      revision: main
      directories:
      - path: overlays/*
  template:
    metadata: {name: 'shop-{{path.basename}}'}
    spec:
      project: default
      source: {repoURL: '${REMOTE}', targetRevision: main, path: '{{path}}'}
      destination: {server: 'https://kubernetes.default.svc', namespace: 'shop-{{path.basename}}'}
`;

const configMap = (colour: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {colour: ${colour}}\n`;
const overlay = 'resources:\n  - ../../base\n';

const summary = (apps: AppPlan[]) => apps.map((a) => [a.kind, a.name, a.status, a.objects.map((o) => `${o.kind}/${o.name} ${o.change}`).join(',')]);

describe('plan: a git generator naming the checked-out branch', () => {
  const repos: PlanRepo[] = [];
  afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));
  const repo = () => {
    const r = repoFrom(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-branch-')), {
      remote: REMOTE,
      extra: {
        'argocd/appset.yaml': appSet,
        'base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
        'base/cm.yaml': configMap('blue'),
        'overlays/prod/kustomization.yaml': overlay,
        'overlays/dev/kustomization.yaml': overlay,
      },
    });
    repos.push(r);
    return r;
  };

  it('reconcile plan (no index given): a base edit changes both generated Applications, none is added', async () => {
    const r0 = repo();
    r0.write('base/cm.yaml', configMap('green'));
    const r = await plan({ repoRoot: r0.dir, indexSettings: { repoUrls: [REMOTE] } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(summary(r.plan.apps).sort(), [
      ['ArgoApplication', 'shop-dev', 'changed', 'ConfigMap/web changed'],
      ['ArgoApplication', 'shop-prod', 'changed', 'ConfigMap/web changed'],
    ]);
  });

  it('the editor (its own index, with the branch from GitRevisions): a clean tree plans nothing; a new overlay is one added Application', async () => {
    const r0 = repo();
    const revisions = new GitRevisions(r0.dir);
    try {
      const index = new RepositoryIndex({ root: r0.dir, fs: nodeFileSystem, settings: { repoUrls: [REMOTE] }, appSets: revisions.options });
      await index.scan();
      assert.equal(index.apps().filter((a) => a.generatedBy).length, 2);
      // The Change Impact view passes no indexSettings: the base is indexed with the head index's (repoURLs).
      const clean = await plan({ repoRoot: r0.dir, head: { kind: 'working-tree', index } });
      assert.ok(clean.ok, clean.ok ? '' : clean.message);
      assert.deepEqual(summary(clean.plan.apps), []);
      r0.write('overlays/qa/kustomization.yaml', overlay);
      await index.updateFile('overlays/qa/kustomization.yaml');
      const added = await plan({ repoRoot: r0.dir, head: { kind: 'working-tree', index } });
      assert.ok(added.ok, added.ok ? '' : added.message);
      assert.deepEqual(summary(added.plan.apps), [['ArgoApplication', 'shop-qa', 'added', 'ConfigMap/web created']]);
    } finally {
      revisions.dispose();
    }
  });
});
