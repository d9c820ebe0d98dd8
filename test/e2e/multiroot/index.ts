// In-editor e2e suite for a multi-root workspace: a `.code-workspace` with two folders, each a git repository
// (test/e2e/runMultiRoot.ts makes them: `platform`, a copy of the fixture repository, and `apps`, a small
// kustomization). Checks that each folder is indexed, validated and compared with the cluster as its own
// repository, that the trees group by folder, that each folder's atlantis.yaml and Terraform group are its own,
// and that a folder added or removed at run time is followed.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ReconcileApi } from '../../../src/extension';
import type { DriftViewResult } from '../../../src/vscode/drift/registerDrift';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import { driftLive, seedAppliedFluxApp } from '../../unit/vscode-drift/seedLive';
import { eventually } from '../suite/eventually';

const EXTENSION_ID = 'reconcile.reconcile-gitops';
type Peeked = Array<{ label: string; description: string; children: Array<{ label: string; description: string }> }>;

const reconcileDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'reconcile');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

export async function run(): Promise<void> {
  const passed: string[] = [];
  const failed: Array<{ name: string; error: string }> = [];
  const grep = process.env.RECONCILE_E2E_GREP ? new RegExp(process.env.RECONCILE_E2E_GREP) : undefined;
  const test = async (name: string, fn: () => Promise<void>): Promise<void> => {
    if (grep && !grep.test(name) && !name.startsWith('multi-root: activates')) return;
    try {
      await fn();
      passed.push(name);
      console.log(`ok - ${name}`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      failed.push({ name, error });
      console.error(`not ok - ${name}: ${err instanceof Error ? err.stack : error}`);
    }
  };
  const folders = vscode.workspace.workspaceFolders ?? [];
  const byName = (name: string) => {
    const f = folders.find((x) => x.name === name);
    assert.ok(f, `workspace folder ${name} (open: ${folders.map((x) => x.name).join(', ')})`);
    return f;
  };
  let api: ReconcileApi | undefined;

  await test('multi-root: activates with one repository per workspace folder', async () => {
    assert.deepEqual(folders.map((f) => f.name), ['platform', 'apps']);
    const ext = vscode.extensions.getExtension<ReconcileApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await api.whenIndexed();
    assert.deepEqual(api.folders.map((f) => f.name), ['platform', 'apps']);
    assert.equal(api.services, api.folders[0], 'services is the first folder');
    const [platform, apps] = api.folders;
    assert.ok(platform.index.findObjects({ kind: 'Deployment', name: 'podinfo' }).length > 0);
    assert.deepEqual(platform.index.findObjects({ kind: 'Deployment', name: 'shop' }), [], "the platform index holds none of apps' objects");
    assert.deepEqual(apps.index.resources().filter((r) => r.kind === 'Deployment').map((r) => r.name), ['shop']);
  });

  await test('multi-root: the GitOps Resources view groups by folder, both populated', async () => {
    const top = await eventually('both folders in the Resources view', async () => {
      const t = await vscode.commands.executeCommand<Peeked>('reconcile.resources.peek');
      return t && t.length === 2 && t.every((f) => f.children.length > 0) ? t : undefined;
    });
    assert.deepEqual(top.map((f) => f.label), ['platform', 'apps']);
    assert.ok(top[0].children.some((c) => c.label === 'apps'), `platform's apps: ${top[0].children.map((c) => c.label).join(', ')}`);
    assert.ok(top[1].children.some((c) => /kustomization directory/.test(c.description)), `apps' apps: ${JSON.stringify(top[1].children)}`);
  });

  await test('multi-root: validation reports a problem in each folder, each at its own line', async () => {
    const inPlatform = vscode.Uri.joinPath(byName('platform').uri, 'misc', 'multiroot-wrong-type.yaml');
    const inApps = vscode.Uri.joinPath(byName('apps').uri, 'misc', 'wrong-type.yaml');
    const a = await eventually('a diagnostic in platform', () => reconcileDiagnostics(inPlatform)[0]);
    const b = await eventually('a diagnostic in apps', () => reconcileDiagnostics(inApps)[0]);
    assert.equal(codeOf(a), 'RC1101');
    assert.equal(codeOf(b), 'RC1101');
    assert.equal(a.range.start.line, 6);
    assert.equal(b.range.start.line, 7);
    // The hover of the second folder comes from its own index and schemas.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', inApps, new vscode.Position(7, 8));
    assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /integer/);
  });

  await test('multi-root: go to definition stays inside the folder of the file', async () => {
    const k = vscode.Uri.joinPath(byName('apps').uri, 'kustomization.yaml');
    const doc = await vscode.workspace.openTextDocument(k);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('deployment.yaml'));
    const links = (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', k, new vscode.Position(line, 6))) ?? [];
    const targets = links.map((l) => ('targetUri' in l ? l.targetUri : l.uri).toString());
    assert.deepEqual(targets, [vscode.Uri.joinPath(byName('apps').uri, 'deployment.yaml').toString()]);
  });

  // Each atlantis.yaml names a project dir that exists only in the other folder (runMultiRoot.ts): checked against
  // its own folder's files, each shows RC2105 on that project's dir line and nothing else.
  const atlantisOf = (name: string) => vscode.Uri.joinPath(byName(name).uri, 'atlantis.yaml');
  const atlantisProblems = (name: string) => vscode.languages.getDiagnostics(atlantisOf(name)).map((d) => `${codeOf(d)}@${d.range.start.line}`);
  await test('multi-root: each folder\'s atlantis.yaml is checked against its own files, each problem at its line', async () => {
    await eventually('atlantis.yaml problems in both folders', () => (atlantisProblems('platform').length && atlantisProblems('apps').length ? true : undefined));
    assert.deepEqual(atlantisProblems('platform'), ['RC2105@3'], 'platform: dir "infra" is only in apps');
    assert.deepEqual(atlantisProblems('apps'), ['RC2105@5'], 'apps: dir "terraform" is only in platform');
    assert.match(vscode.languages.getDiagnostics(atlantisOf('apps'))[0].message, /dir "terraform" does not exist/);
  });

  await test('multi-root: fixing the apps atlantis.yaml clears its problem; platform\'s stays', async () => {
    const uri = atlantisOf('apps');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const line = doc.lineAt(5);
      const at = line.text.indexOf('terraform');
      assert.ok(at > 0, `line 6 of apps' atlantis.yaml: ${line.text}`);
      assert.ok(await editor.edit((e) => e.replace(new vscode.Range(5, at, 5, at + 'terraform'.length), 'infra')));
      await eventually('the apps atlantis.yaml problem cleared', () => (atlantisProblems('apps').length === 0 ? true : undefined));
      assert.deepEqual(atlantisProblems('platform'), ['RC2105@3']);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    // Closed without saving: the file on disk is checked again.
    await eventually('the apps atlantis.yaml problem back after revert', () => (atlantisProblems('apps').join() === 'RC2105@5' ? true : undefined));
  });

  await test('multi-root: an atlantis.yaml changed on disk, not open (as by git checkout), is checked again', async () => {
    const file = atlantisOf('platform').fsPath;
    const before = fs.readFileSync(file, 'utf8');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file), 'not open in the editor');
    fs.writeFileSync(file, before.replace('  - dir: infra\n', ''));
    await eventually('the platform atlantis.yaml problem cleared', () => (atlantisProblems('platform').length === 0 ? true : undefined));
    assert.deepEqual(atlantisProblems('apps'), ['RC2105@5']);
  });

  await test('multi-root: each folder has its own Terraform group in the Resources view, with its own blocks', async () => {
    const group = (folder: string) =>
      eventually(`a Terraform group under ${folder}`, async () => {
        const [g] = (await vscode.commands.executeCommand<Peeked | undefined>('reconcile.resources.peek', [folder, 'Terraform'])) ?? [];
        return g && g.children.length > 0 ? g : undefined;
      });
    const labels = async (p: string[]) => ((await vscode.commands.executeCommand<Peeked | undefined>('reconcile.resources.peek', p)) ?? [])[0]?.children.map((c) => c.label);
    assert.deepEqual((await group('platform')).children.map((c) => c.label), ['terraform', 'terraform/modules/network']);
    assert.deepEqual((await group('apps')).children.map((c) => c.label), ['infra']);
    assert.deepEqual(await labels(['platform', 'Terraform', 'terraform', 'Resources']), ['aws_s3_bucket.logs']);
    assert.deepEqual(await labels(['apps', 'Terraform', 'infra', 'Resources']), ['aws_sqs_queue.orders']);
    assert.deepEqual(await labels(['apps', 'Terraform', 'infra', 'Variables']), ['var.env']);
    // A click opens the block in its own folder (the same relative path in the first folder would not exist).
    const [resources] = (await vscode.commands.executeCommand<Array<{ children: Array<{ command?: { command: string; arguments: unknown[] } }> }> | undefined>('reconcile.resources.peek', ['apps', 'Terraform', 'infra', 'Resources'])) ?? [];
    const click = resources?.children[0]?.command;
    assert.ok(click, 'the block item has a command');
    await vscode.commands.executeCommand(click.command, ...click.arguments);
    const want = vscode.Uri.joinPath(byName('apps').uri, 'infra', 'main.tf').toString();
    const editor = await eventually('apps/infra/main.tf in the active editor', () => (vscode.window.activeTextEditor?.document.uri.toString() === want ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, 4, 'the line of resource "aws_sqs_queue" "orders"');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const config = vscode.workspace.getConfiguration('reconcile');
  const target = vscode.ConfigurationTarget.Workspace;
  let server: KubeApiTestServer | undefined;
  let kubeDir: string | undefined;
  try {
    await test('multi-root: drift compares each folder with the test cluster, grouped by folder', async () => {
      server = await KubeApiTestServer.start({ tokens: { 'e2e-token': 'drift-viewer' } });
      // platform's Flux app as Flux applied it, then scaled by hand; apps' objects were never applied (missing).
      await seedAppliedFluxApp(server, byName('platform').uri.fsPath, 'clusters/production/apps.yaml', 0);
      driftLive(server, { namespace: 'podinfo', name: 'podinfo', replicas: 3 });
      kubeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-e2e-multiroot-'));
      const kubeconfig = writeKubeconfig(kubeconfigFor(server, { token: 'e2e-token' }, { context: 'e2e-multiroot' }) as Record<string, unknown>, kubeDir);
      await config.update('drift.serverSideDryRun', false, target);
      await config.update('kubeconfig', kubeconfig, target);
      const r = await eventually('drift results for both folders', async () => {
        const m = await vscode.commands.executeCommand<DriftViewResult>('reconcile.drift.refresh');
        return m?.folders?.length === 2 && m.folders.every((f) => f.root?.label === 'e2e-multiroot' && f.drifted > 0) ? m : undefined;
      });
      const [platform, apps] = r.folders!;
      assert.equal(platform.name, 'platform');
      assert.equal(apps.name, 'apps');
      const labels = (f: typeof platform) => (f.root?.children ?? []).map((c) => `${c.label}:${c.status}`);
      assert.ok(labels(platform).includes('Flux flux-system/apps:modified'), `platform: ${labels(platform).join(', ')}`);
      assert.ok(labels(apps).some((l) => /^Kustomize .*:(missing|modified)$/.test(l)), `apps: ${labels(apps).join(', ')}`);
      assert.equal(r.drifted, platform.drifted + apps.drifted, 'the badge adds the folders up');
      assert.deepEqual(server.writeRequests(), [], 'read-only');
    });
  } finally {
    await config.update('kubeconfig', undefined, target);
    await config.update('drift.serverSideDryRun', undefined, target);
    await server?.close();
    if (kubeDir) fs.rmSync(kubeDir, { recursive: true, force: true });
  }

  await test('multi-root: a folder added at run time is indexed, and dropped when removed', async () => {
    assert.ok(api);
    const extra = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-e2e-extra-'));
    fs.writeFileSync(path.join(extra, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added-later\n');
    try {
      assert.ok(vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri: vscode.Uri.file(extra), name: 'extra' }));
      const added = await eventually('the added folder indexed', () => api!.folders.find((f) => f.name === 'extra' && f.index.findObjects({ kind: 'ConfigMap', name: 'added-later' }).length > 0));
      assert.equal(api.folders.length, 3);
      const top = await eventually('three folders in the Resources view', async () => {
        const t = await vscode.commands.executeCommand<Peeked>('reconcile.resources.peek');
        return t?.length === 3 ? t : undefined;
      });
      assert.equal(top[2].label, 'extra');
      assert.ok(added);
      assert.ok(vscode.workspace.updateWorkspaceFolders(folders.length, 1));
      await eventually('the removed folder dropped', () => (api!.folders.length === 2 ? true : undefined));
      assert.deepEqual(api.folders.map((f) => f.name), ['platform', 'apps']);
    } finally {
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  console.log(`RESULT ${JSON.stringify({ passed: passed.length, failed: failed.length, failures: failed, activationMs: api?.activationMs })}`);
  if (failed.length) throw new Error(`${failed.length} multi-root test(s) failed`);
}
