// What an app holds (the index's appResources) and which folder each Flux Kustomization points at, after both
// were made to cost each app only its own files (they filtered every object, and searched every reference, per app).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';

function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appres-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const fluxKustomization = (name: string, p: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;

test('a Flux Kustomization over a plain folder holds the folder, its kustomized subfolders as built, and nothing beside it', async () => {
  const root = repo({
    // Two apps in one file: each must get its own document's path.
    'clusters/prod/apps.yaml': `${fluxKustomization('apps', './apps')}---\n${fluxKustomization('apps-old', './apps-old')}`,
    'apps/a.yaml': `${configMap('a1')}---\n${configMap('a2')}`,
    'apps/z.yaml': configMap('z'),
    'apps/web/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
    'apps/web/deploy.yaml': configMap('web'),
    'apps/web/unlisted.yaml': configMap('unlisted'),
    'apps/plain/deep/b.yaml': configMap('b'),
    // Names that share the folder's prefix but are not under it (they sort around and inside the folder's range).
    'apps-old/c.yaml': configMap('c'),
    'apps.yaml': configMap('sibling'),
    'apps0/d.yaml': configMap('d'),
  });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const apps = index.apps();
  const byName = (n: string) => {
    const a = apps.find((x) => x.kind === 'FluxKustomization' && x.name === n);
    assert.ok(a, `app ${n}`);
    return a;
  };
  assert.equal(byName('apps').path, 'apps');
  assert.equal(byName('apps-old').path, 'apps-old');
  const names = (n: string) => index.appResources(byName(n)).map((r) => r.name);
  const expected = new Set(['apps/a.yaml', 'apps/z.yaml', 'apps/web/deploy.yaml', 'apps/plain/deep/b.yaml']);
  // Same objects and the same order as the index's own resource list.
  assert.deepEqual(
    index.appResources(byName('apps')),
    index.resources().filter((r) => expected.has(r.file)),
  );
  assert.deepEqual(names('apps').sort(), ['a1', 'a2', 'b', 'web', 'z']);
  assert.deepEqual(names('apps-old'), ['c']);
  // A kustomization directory holds what it lists, not the file beside it.
  const web = apps.find((a) => a.kind === 'KustomizeDirectory' && a.path === 'apps/web');
  assert.ok(web);
  assert.deepEqual(index.appResources(web).map((r) => r.name), ['web']);
});

test('apps of a repository with many kustomization directories each hold exactly their own files, in index order', async () => {
  const files: Record<string, string> = {};
  for (let a = 0; a < 30; a++) {
    files[`teams/t${a % 3}/app-${a}/kustomization.yaml`] = 'resources:\n  - one.yaml\n  - two.yaml\n';
    files[`teams/t${a % 3}/app-${a}/one.yaml`] = `${configMap(`one-${a}`)}---\n${configMap(`one-${a}-b`)}`;
    files[`teams/t${a % 3}/app-${a}/two.yaml`] = configMap(`two-${a}`);
  }
  files['teams/shared.yaml'] = configMap('shared');
  const index = new RepositoryIndex({ root: repo(files), fs: nodeFileSystem });
  await index.scan();
  const apps = index.apps().filter((a) => a.kind === 'KustomizeDirectory');
  assert.equal(apps.length, 30);
  for (const app of apps) {
    const got = index.appResources(app);
    assert.deepEqual(got, index.resources().filter((r) => r.file.startsWith(`${app.path}/`)), app.path);
    assert.equal(got.length, 3);
  }
  // Asked twice, the same answer (the per-file lists are built once and reused).
  assert.deepEqual(index.appResources(apps[7]), index.appResources(apps[7]));
});
