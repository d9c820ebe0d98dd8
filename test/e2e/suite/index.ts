// In-editor e2e suite: runs inside the extension host of a real VS Code (code-server here, or the desktop build
// through @vscode/test-electron) against the fixture repository, using only the public `vscode` API.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ReconcileApi } from '../../../src/extension';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { WorkspaceFileSystem } from '../../../src/vscode/workspaceFileSystem';
import { validationInEditorTests } from '../../unit/validate/inEditorSuite';
import { syncTests } from './sync';
import { historyTests } from './history';
import { previewTests } from './preview';
import { driftTests } from './drift';
import { eventually, sleep } from './eventually';
import { changeImpactTests } from './changeImpact';
import { appSetTests } from './appset';
import { terraformTests } from './terraform';
// <suite-imports> (keep this marker)

const EXTENSION_ID = 'reconcile.reconcile-gitops';
function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture repository open as the workspace folder');
  return folder.uri;
}
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root(), ...rel.split('/'));

async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  return (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
}
async function workspaceSymbols(query: string): Promise<vscode.SymbolInformation[]> {
  return (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
}
async function definitions(uri: vscode.Uri, position: vscode.Position): Promise<Array<{ uri: vscode.Uri; range: vscode.Range }>> {
  const raw = (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink> | undefined>('vscode.executeDefinitionProvider', uri, position)) ?? [];
  return raw.map((d) => ('targetUri' in d ? { uri: d.targetUri, range: d.targetRange } : { uri: d.uri, range: d.range }));
}
/** Position just inside the first occurrence of `needle` on a line that contains `lineText`. */
async function positionOf(uri: vscode.Uri, lineText: string, needle: string): Promise<vscode.Position> {
  const doc = await vscode.workspace.openTextDocument(uri);
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (text.includes(lineText)) return new vscode.Position(i, text.indexOf(needle) + 1);
  }
  throw new Error(`no line containing "${lineText}" in ${uri.path}`);
}

export async function run(): Promise<void> {
  const passed: string[] = [];
  const failed: Array<{ name: string; error: string }> = [];
  // RECONCILE_E2E_GREP (a regular expression) runs only the matching tests: for working on one area.
  const grep = process.env.RECONCILE_E2E_GREP ? new RegExp(process.env.RECONCILE_E2E_GREP) : undefined;
  const test = async (name: string, fn: () => Promise<void>): Promise<void> => {
    if (grep && !grep.test(name) && !name.startsWith('extension activates')) return;
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
  let activationMs: number | undefined;

  await test('extension activates and indexes the workspace', async () => {
    const ext = vscode.extensions.getExtension<ReconcileApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    await api.whenIndexed();
    activationMs = api.activationMs;
    assert.ok(api.services, 'services are built when a folder is open');
    assert.equal(api.services.index.summary().resources, 10, 'the fixture holds 10 Kubernetes objects (the ApplicationSet included)');
  });

  await test('outline: one Kind/name symbol per document of a multi-document file', async () => {
    const symbols = await documentSymbols(file('apps/base/podinfo/deployment.yaml'));
    assert.deepEqual(symbols.map((s) => s.name), ['Deployment/podinfo', 'HorizontalPodAutoscaler/podinfo']);
    assert.equal(symbols[0].range.start.line, 2, 'the Deployment starts after the two comment lines');
    assert.equal(symbols[1].selectionRange.start.line, 50);
    assert.deepEqual(symbols[0].children.map((c) => c.name), ['apiVersion', 'kind', 'metadata', 'spec']);
    const spec = symbols[1].children.find((c) => c.name === 'spec');
    assert.ok(spec);
    assert.deepEqual([spec.range.start.line, spec.range.end.line], [55, 68], 'spec of the HPA spans its block');
  });

  await test('go to definition: kustomization resources entry → the manifest file', async () => {
    const kustomization = file('apps/base/podinfo/kustomization.yaml');
    const defs = await definitions(kustomization, await positionOf(kustomization, '- deployment.yaml', 'deployment'));
    assert.deepEqual(defs.map((d) => vscode.workspace.asRelativePath(d.uri)), ['apps/base/podinfo/deployment.yaml']);
  });

  await test('go to definition: kustomization resources directory → its kustomization.yaml', async () => {
    const overlay = file('apps/production/kustomization.yaml');
    const defs = await definitions(overlay, await positionOf(overlay, '- ../base/podinfo', 'base'));
    assert.deepEqual(defs.map((d) => vscode.workspace.asRelativePath(d.uri)), ['apps/base/podinfo/kustomization.yaml']);
  });

  await test('go to definition: Flux sourceRef → the GitRepository object', async () => {
    const apps = file('clusters/production/apps.yaml');
    const doc = await vscode.workspace.openTextDocument(apps);
    const sourceRefLine = doc.getText().split('\n').findIndex((l) => l.includes('sourceRef:'));
    const nameLine = sourceRefLine + 2; // kind:, then name:
    assert.match(doc.lineAt(nameLine).text, /name: flux-system/);
    const defs = await definitions(apps, new vscode.Position(nameLine, doc.lineAt(nameLine).text.indexOf('flux-system') + 2));
    assert.equal(defs.length, 1, `one target expected, got ${defs.length}`);
    assert.equal(vscode.workspace.asRelativePath(defs[0].uri), 'clusters/production/flux-system/gotk-sync.yaml');
    assert.equal(defs[0].range.start.line, 2, 'the GitRepository document (after the generated-file comment)');
  });

  await test('workspace symbols (Ctrl+T) find Deployment/podinfo', async () => {
    const found = (await workspaceSymbols('Deployment/podinfo')).filter((s) => s.name === 'Deployment/podinfo');
    assert.equal(found.length, 1);
    assert.equal(vscode.workspace.asRelativePath(found[0].location.uri), 'apps/base/podinfo/deployment.yaml');
    assert.equal(found[0].location.range.start.line, 2);
  });

  await test('unsaved edits reach the index (outline and Ctrl+T) without saving', async () => {
    const uri = file('apps/base/podinfo/service.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.trim() === 'name: podinfo');
    const col = doc.lineAt(line).text.indexOf('podinfo');
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 'podinfo'.length), 'podinfo-canary'));
    try {
      assert.deepEqual((await documentSymbols(uri)).map((s) => s.name), ['Service/podinfo-canary']);
      await eventually('Ctrl+T to find Service/podinfo-canary', async () =>
        (await workspaceSymbols('Service/podinfo-canary')).some((s) => s.name === 'Service/podinfo-canary') ? true : undefined,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.ok(!doc.getText().includes('podinfo-canary') || doc.isClosed, 'the edit was reverted, not saved (files.autoSave must be off)');
    await eventually('the index to return to the file on disk after revert', async () =>
      (await workspaceSymbols('Service/podinfo')).some((s) => s.name === 'Service/podinfo') &&
      !(await workspaceSymbols('Service/podinfo-canary')).some((s) => s.name === 'Service/podinfo-canary')
        ? true
        : undefined,
    );
  });

  await test('files created and deleted on disk are picked up by the watcher', async () => {
    const uri = file('misc/redis.yaml');
    fs.writeFileSync(uri.fsPath, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\n  namespace: cache\n');
    await eventually('Ctrl+T to find the new StatefulSet/redis', async () =>
      (await workspaceSymbols('StatefulSet/redis')).some((s) => s.name === 'StatefulSet/redis') ? true : undefined,
    );
    fs.unlinkSync(uri.fsPath);
    await eventually('StatefulSet/redis to disappear after delete', async () =>
      (await workspaceSymbols('StatefulSet/redis')).some((s) => s.name === 'StatefulSet/redis') ? undefined : true,
    );
  });

  await test('Cancel Indexing stops a running scan; Re-index Workspace restores the index', async () => {
    const running = vscode.commands.executeCommand<unknown>('reconcile.refreshIndex');
    await vscode.commands.executeCommand('reconcile.cancelIndexing');
    assert.equal(await running, undefined, 'a cancelled scan reports no summary');
    const again = await vscode.commands.executeCommand<{ resources: number } | undefined>('reconcile.refreshIndex');
    assert.equal(again?.resources, 10);
  });

  await test('reconcile.exclude and files.exclude take effect at once (re-scan) and undo cleanly', async () => {
    const api = vscode.extensions.getExtension<ReconcileApi>(EXTENSION_ID)?.exports;
    assert.ok(api?.services);
    const index = api.services.index;
    const count = async (expected: number, what: string): Promise<void> => {
      await eventually(`${what}: ${expected} resources`, async () => (index.summary().resources === expected ? true : undefined));
    };
    const target = vscode.ConfigurationTarget.Workspace;
    try {
      await vscode.workspace.getConfiguration('files').update('exclude', { '**/misc': true }, target);
      await count(9, 'files.exclude hides misc/ (Pod/netshoot)');
      await vscode.workspace.getConfiguration('reconcile').update('exclude', ['apps/base/podinfo/service.yaml'], target);
      await count(8, 'reconcile.exclude hides the Service too');
    } finally {
      await vscode.workspace.getConfiguration('reconcile').update('exclude', undefined, target);
      await vscode.workspace.getConfiguration('files').update('exclude', undefined, target);
    }
    await count(10, 'settings removed');
  });

  await test('the workspace.fs adapter (virtual workspaces) indexes the same as Node fs', async () => {
    const viaWorkspaceFs = new RepositoryIndex({ root: root().path, fs: new WorkspaceFileSystem(root()) });
    const viaNode = new RepositoryIndex({ root: root().fsPath, fs: nodeFileSystem });
    const [a, b] = await Promise.all([viaWorkspaceFs.scan(), viaNode.scan()]);
    assert.deepEqual(a, b);
    const ids = (i: RepositoryIndex): string[] => i.resources().map((r) => `${r.file}#${r.documentIndex} ${r.kind}/${r.name}`).sort();
    assert.deepEqual(ids(viaWorkspaceFs), ids(viaNode));
    assert.deepEqual(viaWorkspaceFs.apps(), viaNode.apps());
  });

  await validationInEditorTests(test, root());
  await syncTests(test, root());
  await historyTests(test, root());
  await previewTests(test, root());
  await driftTests(test, root());
  await changeImpactTests(test, root());
  await appSetTests(test, root());
  await terraformTests(test, root());
  // <suite-areas> (one `await <area>Tests(test, root());` per feature area, imported from ./<area>; keep this marker)

  const summary = { passed: passed.length, failed: failed.length, failures: failed, activationMs };
  console.log(`RESULT ${JSON.stringify(summary)}`);
  if (failed.length > 0) throw new Error(`${failed.length} of ${passed.length + failed.length} in-editor tests failed`);
}
