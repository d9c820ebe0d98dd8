// The preview's model without VS Code: what the panel shows for the e2e fixture's overlay and Flux app, the
// render closure that decides re-renders (unsaved buffers included), engine fallback in untrusted
// workspaces, and the Helm not-installed message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { closureAffected, listObjects, PreviewSettings, renderPreview } from '../../../src/vscode/preview/renderPreview';
import { targetForFile } from '../../../src/vscode/preview/targetForFile';
import { newValidator, writeRepo } from '../validate/helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'e2e-repo');
const builtin: PreviewSettings = { engine: 'builtin' };

async function fixtureIndex(): Promise<{ index: RepositoryIndex; root: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-preview-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
  await index.scan();
  return { index, root };
}

test('the overlay renders with each object listed at its line in the stream and linked to its origin', async () => {
  const { index } = await fixtureIndex();
  const r = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: builtin, trusted: true });
  assert.equal(r.view.error, undefined);
  assert.equal(r.view.engine, 'builtin');
  assert.deepEqual(
    r.view.objects.map((o) => `${o.kind}/${o.name} @${o.line} ← ${o.origin?.file}:${o.origin?.line}`),
    [
      'Namespace/podinfo @0 ← apps/base/podinfo/namespace.yaml:1',
      `ConfigMap/podinfo-config @${r.view.objects[1].line} ← apps/base/podinfo/configmap.yaml:1`,
      `Service/podinfo @${r.view.objects[2].line} ← apps/base/podinfo/service.yaml:1`,
      `Deployment/podinfo @${r.view.objects[3].line} ← apps/base/podinfo/deployment.yaml:3`,
      `HorizontalPodAutoscaler/podinfo @${r.view.objects[4].line} ← apps/base/podinfo/deployment.yaml:${r.view.objects[4].origin?.line}`,
    ],
  );
  const lines = r.view.yaml.split('\n');
  for (const o of r.view.objects) {
    // Each object's line is where its document starts: the line after a separator (or the first line).
    assert.ok(o.line === 0 || lines[o.line - 1] === '---', `${o.kind} starts after a separator`);
    assert.ok(lines.slice(o.line).find((l) => l.startsWith('kind: ')) === `kind: ${o.kind}`);
  }
  assert.deepEqual(r.view.warnings, []);
});

test('the render closure: files read (base, patch, kustomizations) trigger a re-render, unrelated files do not', async () => {
  const { index } = await fixtureIndex();
  const r = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: builtin, trusted: true });
  assert.equal(closureAffected(r.closure, ['apps/production/podinfo-values.yaml']), true);
  assert.equal(closureAffected(r.closure, ['apps/base/podinfo/deployment.yaml']), true);
  assert.equal(closureAffected(r.closure, ['apps/base/podinfo/kustomization.yaml']), true);
  assert.equal(closureAffected(r.closure, ['misc/debug-pod.yaml']), false);
  assert.equal(closureAffected(r.closure, ['clusters/production/apps.yaml']), false);
  assert.equal(closureAffected(r.closure, ['apps/base']), true, 'a removed directory the render read under');
});

test('an unsaved buffer given to the index is what the preview renders', async () => {
  const { index } = await fixtureIndex();
  const text = await index.readText('apps/base/podinfo/deployment.yaml');
  await index.updateFile('apps/base/podinfo/deployment.yaml', text.replace(/name: podinfo\n/, 'name: podinfo-edited\n'));
  const r = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: builtin, trusted: true });
  assert.ok(r.view.objects.some((o) => o.kind === 'Deployment' && o.name === 'podinfo-edited'), r.view.objects.map((o) => o.name).join(','));
});

test('a Flux Kustomization app renders its path; validation findings come back at their sources', async () => {
  const { index, root } = await fixtureIndex();
  fs.writeFileSync(path.join(root, 'apps/production/bad-patch.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  replicas: lots\n');
  fs.appendFileSync(path.join(root, 'apps/production/kustomization.yaml'), '  - path: bad-patch.yaml\n');
  await index.scan();
  const app = index.apps().find((a) => a.kind === 'FluxKustomization' && a.name === 'apps');
  assert.ok(app, 'the fixture defines the Flux Kustomization "apps"');
  const r = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'app', app }, settings: builtin, trusted: true, rules: newValidator('1.34') });
  assert.equal(r.view.error, undefined);
  assert.match(r.view.target, /^Flux Kustomization apps → apps\/production$/);
  assert.equal(r.view.objects.length, 5);
  assert.deepEqual(r.view.findings.map((f) => `${f.file}:${f.line} ${f.object}`), ['apps/production/bad-patch.yaml:7 Deployment/podinfo']);
  assert.equal(closureAffected(r.closure, ['clusters/production/apps.yaml']), true, 'the app definition is part of the closure');
});

test('external engines fall back to the built-in one in an untrusted workspace, and the header says so', async () => {
  const { index } = await fixtureIndex();
  const r = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: { engine: 'kubectl' }, trusted: false });
  assert.equal(r.view.engine, 'builtin');
  assert.match(r.view.engineNote ?? '', /'kubectl'.*untrusted workspace \(Restricted Mode\): rendered with the built-in engine/);
  assert.equal(r.view.objects.length, 5);
});

test('the kubectl engine (when installed) shows the same objects, without origins, and says so', async (t) => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    t.skip('kubectl is not installed on this machine');
    return;
  }
  const { index } = await fixtureIndex();
  const b = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: builtin, trusted: true });
  const k = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: { engine: 'kubectl' }, trusted: true });
  assert.equal(k.view.engine, 'kubectl');
  assert.deepEqual(k.view.objects.map((o) => `${o.kind}/${o.name}`), b.view.objects.map((o) => `${o.kind}/${o.name}`));
  assert.ok(k.view.objects.every((o) => o.origin === undefined));
  assert.match(k.view.warnings.join('\n'), /reports no origins/);
  assert.equal(k.closure.everything, true);
});

test('a local Helm chart: helm not installed is a message in the panel, not a crash', async () => {
  const root = writeRepo({ 'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'charts/web/values.yaml': 'replicaCount: 1\n', 'charts/web/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
  await index.scan();
  const target = targetForFile(index, 'charts/web/values.yaml');
  assert.deepEqual(target, { kind: 'path', path: 'charts/web' });
  const r = await renderPreview({ index, fs: nodeFileSystem, target, settings: { engine: 'builtin', helmPath: path.join(root, 'no-helm') }, trusted: true });
  assert.match(r.view.error ?? '', /no-helm' was not found\. Install Helm 3/);
  const u = await renderPreview({ index, fs: nodeFileSystem, target, settings: builtin, trusted: false });
  assert.match(u.view.error ?? '', /untrusted workspace/);
});

test('targets from files: kustomization → its directory, Flux file → its app, other manifest → nearest kustomization', async () => {
  const { index } = await fixtureIndex();
  assert.deepEqual(targetForFile(index, 'apps/production/kustomization.yaml'), { kind: 'path', path: 'apps/production' });
  const flux = targetForFile(index, 'clusters/production/apps.yaml');
  assert.equal(flux.kind === 'app' ? flux.app.name : flux.kind, 'apps');
  assert.deepEqual(targetForFile(index, 'apps/base/podinfo/deployment.yaml'), { kind: 'path', path: 'apps/base/podinfo' });
  assert.deepEqual(targetForFile(index, 'apps/production/podinfo-values.yaml'), { kind: 'path', path: 'apps/production' });
});

test('listObjects without origins parses kinds and names from the stream', () => {
  const objs = listObjects('apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n  namespace: n\n', undefined);
  assert.deepEqual(objs, [
    { apiVersion: 'v1', kind: 'A', name: 'a', line: 0 },
    { apiVersion: 'v1', kind: 'B', name: 'b', namespace: 'n', line: 5 },
  ]);
});
