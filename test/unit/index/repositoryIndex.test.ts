import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { CancelledError } from '../../../src/core/types';
import { normaliseRepoUrl } from '../../../src/core/index/references';

function repo(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-index-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      serviceAccountName: ${name}-sa
      containers:
        - name: app
          image: nginx
          envFrom:
            - configMapRef: {name: ${name}-config}
${extra}`;

test('an edited buffer re-indexes only that file, and closing it restores the disk version', async () => {
  const root = repo({ 'a.yaml': deployment('web'), 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\n' });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const bBefore = index.getFile('b.yaml');
  const changes: string[][] = [];
  index.onDidChange((f) => changes.push(f));
  await index.updateFile('a.yaml', deployment('api'));
  assert.deepEqual(changes, [['a.yaml']]);
  assert.deepEqual(index.resources().map((r) => `${r.kind}/${r.name}`).sort(), ['ConfigMap/web-config', 'Deployment/api']);
  assert.equal(index.getFile('b.yaml'), bBefore, 'untouched file keeps its entry');
  assert.equal(await index.readText('a.yaml'), deployment('api'));
  await index.closeBuffer('a.yaml');
  assert.ok(index.resources().some((r) => r.name === 'web'));
});

test('new, changed and deleted files on disk', async () => {
  const root = repo({ 'a.yaml': deployment('web') });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  fs.writeFileSync(path.join(root, 'c.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n');
  await index.updateFile('c.yaml');
  assert.ok(index.resources().some((r) => r.kind === 'Service'));
  fs.rmSync(path.join(root, 'c.yaml'));
  await index.updateFile('c.yaml');
  assert.ok(!index.resources().some((r) => r.kind === 'Service'));
  assert.equal(index.getFile('c.yaml'), undefined);
});

test('honours .gitignore, exclude globs, the size limit; notes binary files; survives symlink loops', async () => {
  const root = repo({
    '.gitignore': 'generated/\n*.secret.yaml\n',
    'generated/out.yaml': deployment('gen'),
    'app/x.secret.yaml': deployment('hidden'),
    'app/sub/.gitignore': 'local.yaml\n',
    'app/sub/local.yaml': deployment('local'),
    'app/ok.yaml': deployment('ok'),
    'vendor/v.yaml': deployment('vendored'),
    'big.yaml': `# ${'x'.repeat(3000)}\n` + deployment('big'),
    'bin.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01]),
    'package.json': '{"name": "not-a-manifest"}',
    'list.json': '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-json"}}]}',
  });
  fs.symlinkSync(root, path.join(root, 'app', 'loop'));
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { exclude: ['vendor/**'], maxFileSizeBytes: 2048 } });
  await index.scan();
  assert.deepEqual(index.resources().map((r) => r.name).sort(), ['from-json', 'ok']);
  const big = index.getFile('big.yaml');
  assert.equal(big?.role, 'skipped');
  assert.match(big?.skipReason ?? '', /above reconcile.maxFileSizeMB/);
  assert.equal(index.getFile('bin.yaml')?.role, 'skipped');
  assert.match(index.getFile('bin.yaml')?.skipReason ?? '', /binary/);
  assert.equal(index.getFile('package.json'), undefined);
  assert.equal(index.summary().skipped, 2);
  // Updates honour the same rules.
  await index.updateFile('generated/out.yaml');
  await index.updateFile('vendor/v.yaml');
  assert.ok(!index.resources().some((r) => r.name === 'gen' || r.name === 'vendored'));
});

test('resolves kustomization paths, object references and app closures', async () => {
  const root = repo({
    'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - missing.yaml\nconfigMapGenerator:\n  - name: cfg\n    files:\n      - app.conf=conf/app.conf\n',
    'base/deploy.yaml': deployment('web'),
    'base/conf/app.conf': 'x=1\n',
    'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\n  - https://github.com/org/repo//deploy?ref=v1\npatches:\n  - path: patch.yaml\n',
    'overlay/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n',
    'clusters/prod/sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: repo, namespace: flux-system}
spec: {url: https://example.com/org/repo}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: app, namespace: flux-system}
spec:
  path: ./overlay
  sourceRef: {kind: GitRepository, name: repo}
  dependsOn:
    - name: infra
`,
    'argo/app.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: guestbook, namespace: argocd}
spec:
  source: {repoURL: 'git@github.com:Org/Repo.git', path: base}
  destination: {namespace: guestbook}
`,
  });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: ['https://github.com/Org/Repo'] } });
  await index.scan();
  const refs = index.references();
  const byText = (t: string) => refs.find((r) => r.text === t);
  assert.equal(byText('deploy.yaml')?.resolved, true);
  assert.equal(byText('missing.yaml')?.resolved, false);
  assert.equal(byText('app.conf=conf/app.conf')?.resolved, true);
  assert.equal(byText('../base')?.resolved, true);
  assert.equal(byText('https://github.com/org/repo//deploy?ref=v1')?.target.type, 'remote');
  assert.equal(byText('repo')?.resolvedTo?.file, 'clusters/prod/sync.yaml');
  assert.equal(byText('infra')?.resolved, false);
  assert.equal(byText('web-sa')?.resolved, false);
  assert.equal(index.getFile('overlay/patch.yaml')?.documents[0].classification, 'patch');
  const apps = index.apps();
  assert.deepEqual(apps.map((a) => `${a.kind}:${a.path}`).sort(), ['ArgoApplication:base', 'FluxKustomization:overlay']);
  const flux = apps.find((a) => a.kind === 'FluxKustomization');
  assert.ok(flux);
  assert.deepEqual(index.appResources(flux).map((r) => `${r.kind}/${r.name}`), ['Deployment/web']);
  // The exact range of a reference, for go-to-definition and diagnostics.
  const missing = byText('missing.yaml');
  assert.ok(missing);
  const range = await index.locate(missing.source.file, missing.source.documentIndex, missing.source.path, 'value');
  assert.deepEqual(range?.startPos, { line: 2, character: 4 });
  // Editing the kustomization re-resolves: the patch is no longer one.
  await index.updateFile('overlay/kustomization.yaml', 'resources:\n  - ../base\n');
  assert.equal(index.getFile('overlay/patch.yaml')?.documents[0].classification, 'kubernetes');
});

test('repository URLs compare across https, ssh and scp forms', () => {
  const forms = ['https://github.com/Org/Repo.git', 'git@github.com:Org/Repo.git', 'ssh://git@github.com/Org/Repo', 'https://user@GitHub.com/Org/Repo/'];
  assert.equal(new Set(forms.map(normaliseRepoUrl)).size, 1);
  assert.notEqual(normaliseRepoUrl('https://github.com/Org/Other'), normaliseRepoUrl(forms[0]));
});

test('a scan can be cancelled and reports progress', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) files[`m/${i}.yaml`] = deployment(`d${i}`);
  const root = repo(files);
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  const seen: number[] = [];
  await index.scan(undefined, (done) => seen.push(done));
  assert.equal(seen.at(-1), 120);
  const token = { isCancellationRequested: false };
  const p = index.scan(token, (done) => {
    if (done >= 50) token.isCancellationRequested = true;
  });
  await assert.rejects(p, CancelledError);
});

test('List documents yield one object per item with its own line', async () => {
  const root = repo({ 'l.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: one}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: two}\n' });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  assert.deepEqual(index.resources().map((r) => [r.name, r.line]), [['one', 3], ['two', 6]]);
});
