// The GitOps Resources tree groups the Applications an ApplicationSet generates under the ApplicationSet;
// each generated Application is an app node with the objects of the folder it deploys, like a written one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { buildResourceTree, ResourceTreeNode } from '../../../src/vscode/resources/resourceTreeModel';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'appsets', 'repo');

function leaves(n: ResourceTreeNode): string[] {
  return n.type === 'resource' ? [`${n.resource.kind}/${n.resource.name}`] : n.children.flatMap(leaves);
}

test('an ApplicationSet is a group of its generated Applications, each with its objects', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-tree-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.writeFileSync(path.join(root, 'apps/podinfo/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\n');
  fs.writeFileSync(path.join(root, 'apps/podinfo/kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: ['git@github.com:example/gitops.git'] } });
  await index.scan();
  const tree = buildResourceTree({ apps: index.apps(), appResources: (a) => index.appResources(a), resources: index.resources() });
  const group = tree.find((n) => n.type === 'appset' && n.label === 'cluster-addons');
  assert.ok(group && group.type === 'appset', tree.map((n) => `${n.type}:${n.label}`).join(', '));
  assert.equal(group.appSet.file, 'appsets/git-directories.yaml');
  assert.equal(group.description, 'Argo CD ApplicationSet · 3 Applications');
  assert.deepEqual(group.children.map((c) => [c.type, c.label]), [['app', 'guestbook'], ['app', 'my_api'], ['app', 'podinfo']]);
  // Generated Applications are not also listed at the top level.
  assert.ok(!tree.some((n) => n.type === 'app' && n.app.generatedBy));
  const podinfo = group.children[2];
  assert.ok(podinfo.type === 'app');
  assert.match(podinfo.description, /^Argo CD Application · apps\/podinfo · /);
  assert.ok(leaves(podinfo).includes('Deployment/podinfo'), leaves(podinfo).join(', '));
  // Ids stay unique across the whole tree (VS Code rejects duplicates).
  const ids: string[] = [];
  const walk = (n: ResourceTreeNode) => {
    ids.push(n.id);
    if (n.type !== 'resource') n.children.forEach(walk);
  };
  tree.forEach(walk);
  assert.equal(new Set(ids).size, ids.length);
});
