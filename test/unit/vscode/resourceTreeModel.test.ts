// The GitOps Resources tree grouping, on the real index of real repositories.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import type { ResourceEntry } from '../../../src/core/index/model';
import { buildResourceTree, groupResources, NO_NAMESPACE_LABEL, OTHER_MANIFESTS_LABEL, ResourceTreeNode } from '../../../src/vscode/resources/resourceTreeModel';

const FIXTURE = path.resolve(__dirname, '../../fixtures/e2e-repo');
const FLUX_EXAMPLE = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');
const K8S_EXAMPLES = path.resolve(__dirname, '../../fixtures/corpus/kubernetes__examples');

async function treeOf(root: string): Promise<{ index: RepositoryIndex; tree: ResourceTreeNode[] }> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  return { index, tree: buildResourceTree({ apps: index.apps(), appResources: (a) => index.appResources(a), resources: index.resources() }) };
}

function children(n: ResourceTreeNode): ResourceTreeNode[] {
  return n.type === 'resource' ? [] : n.children;
}
function leaves(n: ResourceTreeNode): ResourceEntry[] {
  return n.type === 'resource' ? [n.resource] : children(n).flatMap(leaves);
}
function outline(n: ResourceTreeNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${n.label}`, ...children(n).flatMap((c) => outline(c, depth + 1))];
}

describe('resource tree on the e2e fixture (Flux layout)', () => {
  let tree: ResourceTreeNode[];
  let index: RepositoryIndex;
  before(async () => ({ index, tree } = await treeOf(FIXTURE)));

  it('groups app → namespace → kind → resource, Flux apps first, "Other manifests" last', () => {
    assert.deepEqual(tree.map((n) => n.label), ['apps', 'flux-system', 'clusters/production/flux-system', OTHER_MANIFESTS_LABEL]);
    const apps = tree[0];
    assert.deepEqual(outline(apps), [
      'apps',
      '  podinfo',
      '    ConfigMap',
      '      podinfo-config',
      '    Deployment',
      '      podinfo',
      '    HorizontalPodAutoscaler',
      '      podinfo',
      '    Service',
      '      podinfo',
      `  ${NO_NAMESPACE_LABEL}`,
      '    Namespace',
      '      podinfo',
    ]);
    assert.match(apps.description, /^Flux Kustomization · apps\/production · 5$/);
  });

  it('puts objects that no app deploys under "Other manifests" and nowhere else', () => {
    const other = tree.find((n) => n.type === 'other');
    assert.ok(other);
    // The ApplicationSet object itself is applied to Argo CD by hand: no app of this repository deploys it.
    assert.deepEqual(leaves(other).map((r) => `${r.kind}/${r.name}`), ['ApplicationSet/podinfo', 'Pod/netshoot']);
    const inApps = tree.filter((n) => n.type === 'app').flatMap(leaves);
    assert.ok(!inApps.some((r) => r.name === 'netshoot'));
  });

  it('covers every cluster object of the index, and leaves out kustomizations and patches', () => {
    const shown = new Set(tree.flatMap(leaves).map((r) => `${r.file}#${r.documentIndex}`));
    const objects = index.resources().filter((r) => ['kubernetes', 'flux', 'argocd', 'crd'].includes(r.classification));
    for (const r of objects) assert.ok(shown.has(`${r.file}#${r.documentIndex}`), `${r.kind}/${r.name} is missing from the tree`);
    assert.ok(![...shown].some((k) => k.startsWith('apps/production/podinfo-values.yaml')), 'a patch is not a resource');
    assert.ok(![...shown].some((k) => k.includes('kustomization.yaml')));
  });

  it('resource leaves carry a 1-based file:line description and ids unique in the tree', () => {
    const hpa = tree[0].type === 'app' ? tree[0] : undefined;
    assert.ok(hpa);
    const all: ResourceTreeNode[] = [];
    const walk = (n: ResourceTreeNode): void => {
      all.push(n);
      children(n).forEach(walk);
    };
    tree.forEach(walk);
    assert.equal(new Set(all.map((n) => n.id)).size, all.length);
    const leaf = all.find((n) => n.type === 'resource' && n.resource.kind === 'HorizontalPodAutoscaler');
    assert.equal(leaf?.description, 'apps/base/podinfo/deployment.yaml:51');
  });
});

describe('resource tree on real corpus repositories', () => {
  it('tells apart Flux apps of the same name in different clusters', async () => {
    const { tree } = await treeOf(FLUX_EXAMPLE);
    const labels = tree.map((n) => n.label);
    assert.ok(labels.includes('apps (clusters/production)') && labels.includes('apps (clusters/staging)'), labels.join(', '));
    assert.equal(new Set(labels).size, labels.length, 'labels are unique');
  });

  it('a repository without apps shows all objects under "Other manifests", namespaces sorted, no-namespace last', async () => {
    const { index, tree } = await treeOf(K8S_EXAMPLES);
    assert.deepEqual(tree.map((n) => n.type), ['other']);
    const nsLabels = children(tree[0]).map((n) => n.label);
    assert.equal(nsLabels[nsLabels.length - 1], NO_NAMESPACE_LABEL);
    const named = nsLabels.slice(0, -1);
    assert.deepEqual(named, [...named].sort());
    const objects = index.resources().filter((r) => ['kubernetes', 'flux', 'argocd', 'crd'].includes(r.classification));
    assert.equal(leaves(tree[0]).length, objects.length);
  });
});

describe('groupResources', () => {
  const r = (kind: string, name: string, namespace?: string, line = 0): ResourceEntry => ({
    apiVersion: 'v1', kind, name, namespace, file: `${kind}.yaml`, documentIndex: 0, line, classification: 'kubernetes',
  });
  it('sorts kinds and names, counts per kind and per namespace', () => {
    const nodes = groupResources('x', [r('Service', 'b', 'ns'), r('Service', 'a', 'ns'), r('ConfigMap', 'c', 'ns'), r('ClusterRole', 'z')]);
    assert.deepEqual(nodes.flatMap((n) => outline(n)), ['ns', '  ConfigMap', '    c', '  Service', '    a', '    b', NO_NAMESPACE_LABEL, '  ClusterRole', '    z']);
    assert.equal(nodes[0].description, '3 resources');
    assert.equal(children(nodes[0])[1].description, '2');
  });
  it('returns nothing for no resources', () => {
    assert.deepEqual(groupResources('x', []), []);
  });
});
