// ApplicationSets in the repository index: their generated Applications are apps (with generatedBy,
// project, destination, sources), their expansion problems are errors on their lines, and a new or removed
// folder under a git generator's glob re-expands only the ApplicationSets that could match it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'appsets', 'repo');
const REMOTE = 'git@github.com:example/gitops.git';

function fixtureCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-index-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  return root;
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

async function scanned(root: string): Promise<RepositoryIndex> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [REMOTE] } });
  await index.scan();
  return index;
}

const generatedBy = (index: RepositoryIndex, appSet: string) => index.apps().filter((a) => a.generatedBy?.name === appSet).map((a) => a.name).sort();

test('generated Applications are apps with their ApplicationSet, project, destination and path', async () => {
  const root = fixtureCopy();
  const index = await scanned(root);
  assert.deepEqual(generatedBy(index, 'cluster-addons'), ['guestbook', 'my_api', 'podinfo']);
  const podinfo = index.apps().find((a) => a.generatedBy?.name === 'cluster-addons' && a.name === 'podinfo');
  assert.deepEqual(podinfo, {
    kind: 'ArgoApplication',
    name: 'podinfo',
    namespace: 'argocd',
    file: 'appsets/git-directories.yaml',
    documentIndex: 0,
    path: 'apps/podinfo',
    generatedBy: { kind: 'ApplicationSet', name: 'cluster-addons', namespace: 'argocd', file: 'appsets/git-directories.yaml', documentIndex: 0 },
    project: 'default',
    destination: { server: 'https://kubernetes.default.svc', namespace: 'podinfo' },
  });
  // The Application the controller would create, for renders, drift and plan.
  const object = index.applicationObject(podinfo);
  assert.equal((object?.spec as { source: { path: string } }).source.path, 'apps/podinfo');
  // The folder it deploys from is claimed, as a written Application's is: no separate kustomize-directory app.
  assert.equal(index.apps().some((a) => a.kind === 'KustomizeDirectory' && a.path === 'apps/podinfo'), false);
  assert.deepEqual(index.appResources(podinfo).map((r) => r.file).every((f) => f.startsWith('apps/podinfo/')), true);
  // A list generator with a templated destination.
  const list = index.apps().filter((a) => a.generatedBy?.name === 'guestbook');
  assert.deepEqual(list.map((a) => [a.name, a.destination?.server, a.project]), [
    ['engineering-dev-guestbook', 'https://1.2.3.4', 'my-project'],
    ['engineering-prod-guestbook', 'https://2.4.6.8', 'my-project'],
  ]);
});

test('expansion problems are index errors on the ApplicationSet lines, with RC18xx codes', async () => {
  const root = fixtureCopy();
  const index = await scanned(root);
  const broken = index.errors().filter((e) => e.file === 'appsets/broken.yaml');
  const text = fs.readFileSync(path.join(root, 'appsets/broken.yaml'), 'utf8').split('\n');
  const duplicate = broken.find((e) => e.code === 'RC1803');
  assert.ok(duplicate, JSON.stringify(broken));
  assert.match(duplicate.message, /duplicate name: guestbook/);
  assert.match(text[duplicate.line], /name: '\{\{ \.app \}\}'/);
  const missing = broken.find((e) => e.code === 'RC1804');
  assert.ok(missing);
  assert.match(missing.message, /apps\/nosuch/);
  assert.match(text[missing.line], /path: apps\/\{\{ \.app \}\}/);
  assert.equal(index.getFile('appsets/broken.yaml')?.errors.length, broken.length);
  assert.ok(index.summary().errors >= 2);
  // Fixing the file drops the problems (the unsaved buffer is what counts).
  await index.updateFile('appsets/broken.yaml', text.join('\n').replace('app: nosuch', 'app: podinfo').replace("name: '{{ .app }}'", "name: '{{ .app }}-{{ .region }}'"));
  assert.deepEqual(index.errors().filter((e) => e.file === 'appsets/broken.yaml').map((e) => e.code), []);
  assert.deepEqual(generatedBy(index, 'broken'), ['guestbook-eu', 'guestbook-us', 'podinfo-eu']);
});

test('a new folder under a git generator glob adds its Application incrementally; removing it takes it away', async () => {
  const root = fixtureCopy();
  const index = await scanned(root);
  const heard: string[][] = [];
  index.onDidChange((files) => heard.push(files));
  write(root, 'apps/billing/kustomization.yaml', 'resources: []\n');
  await index.updateFile('apps/billing/kustomization.yaml');
  assert.deepEqual(generatedBy(index, 'cluster-addons'), ['billing', 'guestbook', 'my_api', 'podinfo']);
  const billing = index.apps().find((a) => a.name === 'billing');
  assert.equal(billing?.path, 'apps/billing');
  assert.equal(billing?.destination?.namespace, 'billing');
  // Only the ApplicationSets whose generators can see apps/ were expanded again (and reported).
  const reported = heard.flat();
  assert.ok(reported.includes('apps/billing/kustomization.yaml'));
  assert.ok(reported.includes('appsets/git-directories.yaml'));
  assert.ok(!reported.includes('appsets/list.yaml'), reported.join(', '));
  assert.ok(!reported.includes('appsets/clusters.yaml'), reported.join(', '));

  heard.length = 0;
  fs.rmSync(path.join(root, 'apps/billing'), { recursive: true });
  await index.removeFile('apps/billing');
  assert.deepEqual(generatedBy(index, 'cluster-addons'), ['guestbook', 'my_api', 'podinfo']);
  assert.ok(heard.flat().includes('appsets/git-directories.yaml'));

  // A folder elsewhere re-expands nothing.
  heard.length = 0;
  write(root, 'docs/notes/readme.yaml', 'a: 1\n');
  await index.updateFile('docs/notes/readme.yaml');
  assert.deepEqual(heard, [['docs/notes/readme.yaml']]);
});

test('a new cluster Secret re-expands clusters generators; multi-source Applications list their sources', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-index-'));
  write(root, 'apps/web/kustomization.yaml', 'resources: []\n');
  write(
    root,
    'appset.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: web, namespace: argocd}
spec:
  goTemplate: true
  generators:
  - clusters: {}
  template:
    metadata: {name: 'web-{{ .name }}'}
    spec:
      project: default
      sources:
      - repoURL: https://github.com/example/gitops.git
        path: ./apps/web
        targetRevision: HEAD
      - repoURL: https://charts.example.com
        chart: redis
        targetRevision: 1.2.3
      destination: {server: '{{ .server }}', namespace: web}
`,
  );
  const index = await scanned(root);
  assert.deepEqual(generatedBy(index, 'web'), ['web-in-cluster']);
  const app = index.apps().find((a) => a.name === 'web-in-cluster');
  assert.equal(app?.path, 'apps/web');
  assert.deepEqual(app?.sources, [
    { repoURL: 'https://github.com/example/gitops.git', path: 'apps/web', targetRevision: 'HEAD' },
    { repoURL: 'https://charts.example.com', targetRevision: '1.2.3', chart: 'redis' },
  ]);
  write(
    root,
    'clusters/prod.yaml',
    `apiVersion: v1
kind: Secret
metadata:
  name: prod
  labels: {argocd.argoproj.io/secret-type: cluster}
stringData: {name: prod, server: 'https://prod.example.com'}
`,
  );
  await index.updateFile('clusters/prod.yaml');
  assert.deepEqual(generatedBy(index, 'web'), ['web-in-cluster', 'web-prod']);
  assert.equal(index.apps().find((a) => a.name === 'web-prod')?.destination?.server, 'https://prod.example.com');
});
