// In-editor checks for the Drift view, run inside a real VS Code extension host (code-server in e2e): a
// Kubernetes API test server in this process (127.0.0.1) seeded with what Flux applied for the fixture's
// `apps` Kustomization, then drifted (a Deployment scaled, a Secret value changed); the kubeconfig comes
// through the `reconcile.kubeconfig` setting. Called from test/e2e/suite/index.ts as `driftTests(test, root)`.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DriftNode } from '../../../src/core/diff/driftTree';
import type { ReconcileApi } from '../../../src/extension';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import { driftLive, secretYaml, SECRET_GIT, SECRET_LIVE, seedAppliedFluxApp, withReplicas } from '../../unit/vscode-drift/seedLive';
import { eventually, sleep } from './eventually';

type TestFn = (name: string, fn: () => Promise<void>) => Promise<void>;
type RefreshResult = { root: DriftNode; drifted: number } | undefined;

function walk(n: DriftNode): DriftNode[] {
  return [n, ...n.children.flatMap(walk)];
}

function objectNode(root: DriftNode, kind: string, name: string): DriftNode {
  const n = walk(root).find((x) => x.kind === 'object' && x.object?.kind === kind && x.object.name === name);
  assert.ok(n, `${kind}/${name} in the Drift tree; objects: ${walk(root).filter((x) => x.kind === 'object').map((x) => `${x.object?.kind}/${x.label}`).join(', ')}`);
  return n;
}

function appNode(root: DriftNode, label: string): DriftNode {
  const n = root.children.find((a) => a.label === label);
  assert.ok(n, `${label} in the Drift tree; apps: ${root.children.map((a) => a.label).join(', ')}`);
  return n;
}

/** The number in an app's "N modified" description (the Argo CD app's depends on which labels Flux set). */
function modifiedIn(app: DriftNode): number {
  const m = /(\d+) modified/.exec(String(app.description ?? ''));
  assert.ok(m, `${app.label}: ${app.description}`);
  return Number(m[1]);
}

function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input).filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff);
}

export async function driftTests(test: TestFn, root: vscode.Uri): Promise<void> {
  const api = vscode.extensions.getExtension<ReconcileApi>('reconcile.reconcile-gitops')?.exports;
  const rootPath = root.fsPath;
  const rel = (f: string): string => path.join(rootPath, ...f.split('/'));
  const files = ['apps/base/podinfo/deployment.yaml', 'apps/base/podinfo/kustomization.yaml'];
  const originals = new Map(files.map((f) => [f, fs.readFileSync(rel(f), 'utf8')]));
  const config = vscode.workspace.getConfiguration('reconcile');
  const target = vscode.ConfigurationTarget.Workspace;
  let server: KubeApiTestServer | undefined;
  let kubeDir: string | undefined;
  let model: RefreshResult;

  try {
    // The fixture's Deployment leaves replicas to its autoscaler and it has no Secret: give Git both.
    fs.writeFileSync(rel('apps/base/podinfo/deployment.yaml'), withReplicas(originals.get('apps/base/podinfo/deployment.yaml')!, 2));
    fs.writeFileSync(rel('apps/base/podinfo/secret.yaml'), secretYaml('podinfo-db', 'podinfo'));
    fs.writeFileSync(rel('apps/base/podinfo/kustomization.yaml'), originals.get('apps/base/podinfo/kustomization.yaml')!.replace('  - service.yaml\n', '  - service.yaml\n  - secret.yaml\n'));
    await eventually('the index to see the new Secret', () => (api?.services?.index.findObjects({ kind: 'Secret', name: 'podinfo-db' }).length ? true : undefined));

    server = await KubeApiTestServer.start({ tokens: { 'e2e-token': 'drift-viewer' } });
    await seedAppliedFluxApp(server, rootPath, 'clusters/production/apps.yaml', 0);
    driftLive(server, { namespace: 'podinfo', name: 'podinfo', replicas: 3 }, { namespace: 'podinfo', name: 'podinfo-db' });
    kubeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-e2e-kube-'));
    const up = kubeconfigFor(server, { token: 'e2e-token' }, { context: 'e2e-drift' }) as { clusters: unknown[]; users: unknown[]; contexts: unknown[] };
    // A second context whose server is down: switching to it must give one clear message.
    up.clusters.push({ name: 'down-cluster', cluster: { server: 'http://127.0.0.1:9', 'insecure-skip-tls-verify': true } });
    up.users.push({ name: 'down-user', user: { token: 'x' } });
    up.contexts.push({ name: 'e2e-down', context: { cluster: 'down-cluster', user: 'down-user' } });
    const kubeconfig = writeKubeconfig(up as Record<string, unknown>, kubeDir);
    await config.update('kubeconfig', kubeconfig, target);
    await config.update('context', undefined, target);

    await test('drift: the view shows the scaled Deployment with spec.replicas and the Secret with masked values only', async () => {
      model = await eventually('a drift model for context e2e-drift', async () => {
        const r = await vscode.commands.executeCommand<RefreshResult>('reconcile.drift.refresh');
        return r && r.root.label === 'e2e-drift' && r.root.children.some((a) => a.label === 'Flux flux-system/apps' && a.status === 'modified') ? r : undefined;
      });
      // Two apps deploy apps/production: Flux's `apps`, which applied these objects, and the Argo CD Application
      // the fixture's ApplicationSet generates (podinfo-production), which sees Flux's labels as drift. The badge
      // counts both.
      assert.equal(appNode(model.root, 'Flux flux-system/apps').description, '2 modified', 'the Flux app: two drifted objects');
      assert.equal(model.drifted, 2 + modifiedIn(appNode(model.root, 'Argo CD argocd/podinfo-production')), 'badge: both apps');
      const dep = objectNode(model.root, 'Deployment', 'podinfo');
      assert.equal(dep.status, 'modified');
      assert.deepEqual(dep.children.map((c) => `${c.label}: ${c.description}`), ['spec.replicas: 2 → 3']);
      const secret = objectNode(model.root, 'Secret', 'podinfo-db');
      assert.equal(secret.status, 'modified');
      assert.deepEqual(secret.children.map((c) => c.label), ['data.password']);
      assert.match(String(secret.children[0].description), /^\++ → \++$/);
      const all = JSON.stringify(model.root);
      for (const clear of [SECRET_GIT, SECRET_LIVE]) {
        assert.ok(!all.includes(clear) && !all.includes(Buffer.from(clear).toString('base64')), 'no Secret value in clear or base64');
      }
      assert.equal(objectNode(model.root, 'Service', 'podinfo').status, 'in-sync');
      assert.deepEqual(server!.writeRequests(), [], 'read-only: nothing but reads and dry-run');
    });

    await test('drift: clicking an object opens the diff editor with the Git and live virtual documents', async () => {
      assert.ok(model, 'needs the model of the first test');
      const dep = objectNode(model.root, 'Deployment', 'podinfo');
      await vscode.commands.executeCommand('reconcile.drift.openDiff', dep);
      const tab = await eventually('a diff tab with both schemes', () => diffTabs().find((t) => t.original.scheme === 'reconcile-desired' && t.modified.scheme === 'reconcile-live'));
      const label = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input === tab || (t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === tab.original.toString()))?.label;
      assert.equal(label, 'Deployment/podinfo (Git ↔ live)');
      const git = (await vscode.workspace.openTextDocument(tab.original)).getText();
      const live = (await vscode.workspace.openTextDocument(tab.modified)).getText();
      assert.match(git, /^apiVersion: apps\/v1\nkind: Deployment\n/);
      assert.match(git, /\n {2}replicas: 2\n/);
      assert.match(live, /\n {2}replicas: 3\n/);
      assert.ok(!/managedFields|resourceVersion|\nstatus:/.test(live), 'the live side is normalized');
      const secret = objectNode(model.root, 'Secret', 'podinfo-db');
      await vscode.commands.executeCommand('reconcile.drift.openDiff', secret);
      const stab = await eventually('the Secret diff tab', () => diffTabs().find((t) => t.original.scheme === 'reconcile-desired' && t.original.path.endsWith('/Secret/podinfo-db.yaml')));
      const sides = (await vscode.workspace.openTextDocument(stab.original)).getText() + (await vscode.workspace.openTextDocument(stab.modified)).getText();
      assert.match(sides, /password: "?\+{8,9}"?/);
      for (const clear of [SECRET_GIT, SECRET_LIVE]) assert.ok(!sides.includes(clear) && !sides.includes(Buffer.from(clear).toString('base64')), 'Secret masked in the diff editor');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    await test('drift: Adopt Live Values writes the live replica count into the base file, changing only that line', async () => {
      assert.ok(model, 'needs the model of the first test');
      const dep = objectNode(model.root, 'Deployment', 'podinfo');
      const before = fs.readFileSync(rel('apps/base/podinfo/deployment.yaml'), 'utf8');
      const refused = await vscode.commands.executeCommand<{ files: string[] } | undefined>('reconcile.drift.adoptLiveValues', objectNode(model.root, 'Secret', 'podinfo-db').children[0]);
      assert.equal(refused, undefined, 'Secrets are never adopted');
      const r = await vscode.commands.executeCommand<{ files: string[] } | undefined>('reconcile.drift.adoptLiveValues', dep.children[0]);
      assert.deepEqual(r?.files, ['apps/base/podinfo/deployment.yaml']);
      const after = fs.readFileSync(rel('apps/base/podinfo/deployment.yaml'), 'utf8');
      const a = before.split('\n');
      const b = after.split('\n');
      assert.equal(a.length, b.length);
      assert.deepEqual(a.flatMap((l, i) => (l === b[i] ? [] : [[l, b[i]]])), [['  replicas: 2', '  replicas: 3']]);
      assert.ok(!fs.readFileSync(rel('apps/base/podinfo/secret.yaml'), 'utf8').includes(SECRET_LIVE));
      assert.equal(vscode.workspace.asRelativePath(vscode.window.activeTextEditor?.document.uri ?? root), 'apps/base/podinfo/deployment.yaml', 'the changed file is opened');
      // Git now says 3: the next comparison finds the Deployment in sync.
      const again = await eventually('the Deployment to be in sync after adopting', async () => {
        const m = await vscode.commands.executeCommand<RefreshResult>('reconcile.drift.refresh');
        return m && objectNode(m.root, 'Deployment', 'podinfo').status === 'in-sync' ? m : undefined;
      });
      assert.equal(appNode(again.root, 'Flux flux-system/apps').description, '1 modified', 'the Flux app: only the Secret is left');
      assert.equal(again.drifted, 1 + modifiedIn(appNode(again.root, 'Argo CD argocd/podinfo-production')));
    });

    await test('drift: with reconcile.drift.watch on, a scale in the cluster refreshes the shown view by itself', async () => {
      await config.update('drift.watch', true, target);
      try {
        await vscode.commands.executeCommand('reconcile.drift.focus');
        await eventually('a comparison with the watch on', async () => {
          const m = await vscode.commands.executeCommand<RefreshResult>('reconcile.drift.refresh');
          return m && objectNode(m.root, 'Deployment', 'podinfo').status === 'in-sync' ? m : undefined;
        });
        await sleep(500); // the watches are open
        server!.store.mutate('apps/v1', 'Deployment', 'podinfo', 'podinfo', (o) => ((o.spec as { replicas: number }).replicas = 6), 'kubectl-scale');
        const seen = await eventually('the view to show the new scale without a refresh command', async () => {
          const m = await vscode.commands.executeCommand<RefreshResult>('reconcile.drift.refresh', { peek: true });
          const dep = m && objectNode(m.root, 'Deployment', 'podinfo');
          return dep && dep.status === 'modified' ? dep : undefined;
        });
        assert.deepEqual(seen.children.map((c) => `${c.label}: ${c.description}`), ['spec.replicas: 3 → 6']);
        assert.ok(server!.requests.some((r) => r.verb === 'watch'));
        assert.deepEqual(server!.writeRequests(), []);
      } finally {
        await config.update('drift.watch', undefined, target);
      }
    });

    await test('drift: a context whose cluster is down shows one clear error in the view', async () => {
      await vscode.commands.executeCommand('reconcile.selectContext', 'e2e-down');
      const m = await eventually('an error model for e2e-down', async () => {
        const r = await vscode.commands.executeCommand<RefreshResult>('reconcile.drift.refresh');
        return r && r.root.children[0]?.kind === 'error' ? r : undefined;
      });
      assert.equal(m.root.children.length, 1);
      assert.match(m.root.children[0].label, /not reachable.*127\.0\.0\.1:9/);
    });
  } finally {
    await config.update('drift.watch', undefined, target);
    await config.update('context', undefined, target);
    await config.update('kubeconfig', undefined, target);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [f, text] of originals) fs.writeFileSync(rel(f), text);
    fs.rmSync(rel('apps/base/podinfo/secret.yaml'), { force: true });
    await server?.close();
    if (kubeDir) fs.rmSync(kubeDir, { recursive: true, force: true });
    await eventually('the index to drop the test Secret', () => (api?.services?.index.findObjects({ kind: 'Secret', name: 'podinfo-db' }).length ? undefined : true)).catch(() => undefined);
  }
}
