// Outline and Ctrl+T names from real indexed documents, and the query matching.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { documentSymbolName, matchesSymbolQuery, rankSymbol, resourceSymbolName } from '../../../src/vscode/symbols/symbolNames';

const FIXTURE = path.resolve(__dirname, '../../fixtures/e2e-repo');

describe('documentSymbolName', () => {
  it('names each document of the fixture Kind/name, a kustomization without a name Kustomization', async () => {
    const index = new RepositoryIndex({ root: FIXTURE, fs: nodeFileSystem });
    await index.scan();
    const names = (file: string): Array<string | undefined> => index.getFile(file)!.documents.map(documentSymbolName);
    assert.deepEqual(names('apps/base/podinfo/deployment.yaml'), ['Deployment/podinfo', 'HorizontalPodAutoscaler/podinfo']);
    assert.deepEqual(names('apps/base/podinfo/kustomization.yaml'), ['Kustomization']);
    assert.deepEqual(names('clusters/production/flux-system/gotk-sync.yaml').filter(Boolean), ['GitRepository/flux-system', 'Kustomization/flux-system']);
  });

  it('gives non-Kubernetes YAML no symbol', async () => {
    const index = new RepositoryIndex({ root: FIXTURE, fs: nodeFileSystem });
    await index.updateFile('values.yaml', 'replicaCount: 2\nimage:\n  tag: latest\n');
    const doc = index.getFile('values.yaml')?.documents[0];
    assert.ok(doc);
    assert.equal(documentSymbolName(doc), undefined);
  });
});

describe('workspace symbol query', () => {
  it('matches case-insensitive subsequences, like VS Code does', () => {
    assert.ok(matchesSymbolQuery('Deployment/web', 'Deployment/web'));
    assert.ok(matchesSymbolQuery('Deployment/web', 'depweb'));
    assert.ok(matchesSymbolQuery('Deployment/web', 'dep web'));
    assert.ok(matchesSymbolQuery('Deployment/web', ''));
    assert.ok(!matchesSymbolQuery('Deployment/web', 'webdep'));
    assert.ok(!matchesSymbolQuery('Service/web', 'Deployment'));
  });

  it('ranks exact, then name prefix, then substring, then scattered matches', () => {
    const names = ['Service/podinfo-canary', 'ConfigMap/x-podinfo', 'Deployment/podinfo', 'Pod/p-o-d-info'].map((n) => resourceSymbolName({ kind: n.split('/')[0], name: n.split('/')[1] }));
    const sorted = names.filter((n) => matchesSymbolQuery(n, 'podinfo')).sort((a, b) => rankSymbol(a, 'podinfo') - rankSymbol(b, 'podinfo'));
    assert.deepEqual(sorted, ['Service/podinfo-canary', 'Deployment/podinfo', 'ConfigMap/x-podinfo', 'Pod/p-o-d-info']);
    assert.equal(rankSymbol('Deployment/podinfo', 'deployment/podinfo'), 0);
  });
});
