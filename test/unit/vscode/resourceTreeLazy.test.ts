// The GitOps Resources tree builds an app's namespace/kind/resource nodes when the app is expanded (its children
// are read), not when the first level is shown: on a 100,000-object monorepo the eager build held the view up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEntry, ResourceEntry } from '../../../src/core/index/model';
import { buildResourceTree, groupResources, ResourceTreeNode } from '../../../src/vscode/resources/resourceTreeModel';

/** Resource entries whose `line` (read only when resource nodes are made: their description) counts its reads. */
function countedResources(files: string[], perFile: number): { resources: ResourceEntry[]; lineReads: () => number } {
  let reads = 0;
  const resources: ResourceEntry[] = [];
  for (const file of files) {
    for (let i = 0; i < perFile; i++) {
      const r = { apiVersion: 'v1', kind: i % 2 ? 'ConfigMap' : 'Service', name: `obj-${i}`, namespace: 'team', file, documentIndex: i, classification: 'kubernetes' } as ResourceEntry;
      Object.defineProperty(r, 'line', { enumerable: true, get: () => (reads++, i * 5) });
      resources.push(r);
    }
  }
  return { resources, lineReads: () => reads };
}

test('app and "Other manifests" nodes build their children on first read, once', () => {
  const { resources, lineReads } = countedResources(['a/one.yaml', 'a/two.yaml', 'b/one.yaml', 'loose.yaml'], 4);
  const apps: AppEntry[] = [
    { kind: 'KustomizeDirectory', name: 'a', file: 'a/kustomization.yaml', documentIndex: 0, path: 'a' },
    { kind: 'KustomizeDirectory', name: 'b', file: 'b/kustomization.yaml', documentIndex: 0, path: 'b' },
  ];
  const appResources = (app: AppEntry) => resources.filter((r) => r.file.startsWith(`${app.path}/`));
  const roots = buildResourceTree({ apps, appResources, resources });
  assert.deepEqual(roots.map((n) => [n.type, n.label, n.description]), [
    ['app', 'a', 'kustomization directory · a · 8'],
    ['app', 'b', 'kustomization directory · b · 4'],
    ['other', 'Other manifests', '4 resources'],
  ]);
  assert.equal(lineReads(), 0, 'no resource node is made for the first level');

  const [a, b, other] = roots as Array<Extract<ResourceTreeNode, { type: 'app' | 'other' }>>;
  const aChildren = a.children;
  assert.ok(lineReads() > 0);
  // What the eager build gave, and the same array on every read (the view keeps node identity).
  assert.deepEqual(aChildren, groupResources(a.id, appResources(apps[0])));
  assert.equal(a.children, aChildren);
  const afterA = lineReads();
  assert.deepEqual(b.children.flatMap((ns) => (ns.type === 'resource' ? [] : ns.children)).map((k) => [k.label, k.description]), [
    ['ConfigMap', '2'],
    ['Service', '2'],
  ]);
  assert.ok(lineReads() > afterA);
  assert.deepEqual(other.children, groupResources('other', resources.filter((r) => r.file === 'loose.yaml')));
  // Spread or serialised, a node still carries its children.
  assert.deepEqual({ ...a }.children, aChildren);
});
