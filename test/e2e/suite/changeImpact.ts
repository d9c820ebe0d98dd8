// In-editor checks for the Change Impact view, inside a real VS Code extension host: the fixture gets a
// second overlay (staging) over the same base and a first commit; an UNSAVED edit of the shared base must
// show both overlays' Deployment changed within seconds (the view re-plans on typing, debounced), the diff
// editor opens on read-only `reconcile-plan:` documents, a field click opens the edited line, and undo
// clears the view. Everything made here is undone (commit, files, settings).
// Called from test/e2e/suite/index.ts as `changeImpactTests(test, root)`.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImpactSnapshot } from '../../../src/vscode/plan/impactController';
import type { ImpactNode } from '../../../src/vscode/plan/impactModel';
import { git } from '../../support/git/tempRepo';
import { eventually } from './eventually';

type TestFn = (name: string, fn: () => Promise<void>) => Promise<void>;

const BASE_FILE = 'apps/base/podinfo/deployment.yaml';
const OLD_IMAGE = 'ghcr.io/stefanprodan/podinfo:6.7.1';
const NEW_IMAGE = 'ghcr.io/stefanprodan/podinfo:6.8.0';
const STAGING = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo-staging\nresources:\n  - ../base/podinfo\n';

function tryGit(cwd: string, ...args: string[]): string | undefined {
  try {
    return git(cwd, ...args).trim();
  } catch {
    return undefined;
  }
}

const peek = async (): Promise<ImpactSnapshot> => (await vscode.commands.executeCommand<ImpactSnapshot>('reconcile.plan.refresh', { peek: true }))!;

function appFor(s: ImpactSnapshot, overlay: string): ImpactNode | undefined {
  return s.roots.find((a) => a.kind === 'app' && a.id.endsWith(`|${overlay}`));
}

function deploymentOf(app: ImpactNode | undefined): ImpactNode | undefined {
  return app?.children.find((o) => o.kind === 'object' && o.label.startsWith('Deployment ') && o.label.endsWith('/podinfo'));
}

function diffTabs(): Array<{ tab: vscode.Tab; input: vscode.TabInputTextDiff }> {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t): t is vscode.Tab & { input: vscode.TabInputTextDiff } => t.input instanceof vscode.TabInputTextDiff)
    .map((tab) => ({ tab, input: tab.input }));
}

export async function changeImpactTests(test: TestFn, root: vscode.Uri): Promise<void> {
  const ws = root.fsPath;
  const undo: Array<() => unknown> = [];
  let snapshot: ImpactSnapshot | undefined;
  try {
    for (const key of ['user.name', 'user.email']) {
      if (tryGit(ws, 'config', '--local', '--get', key) === undefined) {
        git(ws, 'config', '--local', key, key === 'user.name' ? 'Reconcile E2E' : 'e2e@reconcile.invalid');
        undo.push(() => tryGit(ws, 'config', '--local', '--unset', key));
      }
    }
    fs.mkdirSync(path.join(ws, 'apps', 'staging'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'apps', 'staging', 'kustomization.yaml'), STAGING);
    undo.push(() => fs.rmSync(path.join(ws, 'apps', 'staging'), { recursive: true, force: true }));
    const previous = tryGit(ws, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}');
    const branch = git(ws, 'symbolic-ref', '--short', 'HEAD').trim();
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '--no-gpg-sign', '-m', 'e2e: change impact base');
    undo.push(() => {
      // Back to where the workspace was: no commit (the e2e workspace starts unborn), or the earlier one.
      if (previous) {
        git(ws, 'update-ref', `refs/heads/${branch}`, previous);
        git(ws, 'read-tree', previous);
      } else {
        git(ws, 'update-ref', '-d', `refs/heads/${branch}`);
        fs.rmSync(path.join(ws, '.git', 'index'), { force: true });
      }
    });

    await test('change impact: the view plans against HEAD and shows nothing for a clean working tree', async () => {
      await vscode.commands.executeCommand('reconcile.changeImpact.focus');
      snapshot = await eventually('a plan of the clean working tree', async () => {
        const s = await vscode.commands.executeCommand<ImpactSnapshot>('reconcile.plan.refresh');
        return s && s.state === 'empty' ? s : undefined;
      }, 60_000, 500);
      assert.equal(snapshot.base, 'HEAD');
      assert.deepEqual(snapshot.roots, []);
      assert.equal(snapshot.appsChanged, 0);
    });

    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, ...BASE_FILE.split('/')));
    const editor = await vscode.window.showTextDocument(doc);
    let editedAt = 0;

    await test('change impact: an unsaved edit of the shared base shows both overlays\u2019 Deployment changed within seconds', async () => {
      const line = doc.getText().split('\n').findIndex((l) => l.includes(OLD_IMAGE));
      assert.ok(line >= 0, 'the fixture has the image line');
      const col = doc.lineAt(line).text.indexOf(OLD_IMAGE);
      // Typed in two steps like a person: the first plan (if it starts) is cancelled by the second keystroke.
      await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + OLD_IMAGE.length), 'ghcr.io/stefanprodan/podinfo:6.8'));
      await editor.edit((e) => e.insert(new vscode.Position(line, col + 'ghcr.io/stefanprodan/podinfo:6.8'.length), '.0'));
      editedAt = Date.now();
      assert.ok(doc.isDirty, 'the edit stays unsaved');
      // No refresh command: the view re-plans by itself once typing pauses.
      snapshot = await eventually('both overlays in the Change Impact view', async () => {
        const s = await peek();
        return deploymentOf(appFor(s, 'apps/production')) && deploymentOf(appFor(s, 'apps/staging')) ? s : undefined;
      }, 20_000, 100);
      const seconds = (Date.now() - editedAt) / 1000;
      console.log(`change impact: both overlays shown ${seconds.toFixed(1)} s after the edit (runs ${JSON.stringify(snapshot.runs)}, last renders ${JSON.stringify(snapshot.renders)})`);
      assert.ok(seconds < 10, `shown within seconds (took ${seconds.toFixed(1)} s)`);
      assert.ok(doc.isDirty, 'nothing was saved');
      assert.ok(snapshot.appsChanged >= 2, `badge: ${snapshot.appsChanged}`);
      for (const overlay of ['apps/production', 'apps/staging']) {
        const dep: ImpactNode = deploymentOf(appFor(snapshot, overlay))!;
        assert.equal(dep.change, 'changed');
        assert.deepEqual(dep.children.filter((c) => c.kind === 'field').map((f) => `${f.label}: ${f.description}`), [`spec.template.spec.containers[name=podinfod].image: ${OLD_IMAGE} → ${NEW_IMAGE}`]);
      }
      assert.ok(deploymentOf(appFor(snapshot, 'apps/staging'))!.label.includes('podinfo-staging/'), 'the staging overlay moves it to its namespace');
    });

    await test('change impact: clicking the Deployment opens the rendered diff (HEAD ↔ working tree), read-only', async () => {
      assert.ok(snapshot, 'needs the plan of the previous test');
      const dep = deploymentOf(appFor(snapshot, 'apps/staging'))!;
      const opened = await vscode.commands.executeCommand<{ base: string; head: string; title: string }>('reconcile.plan.openDiff', dep);
      assert.ok(opened, 'the command reports what it opened');
      assert.equal(opened.title, 'Deployment/podinfo (HEAD ↔ working tree)');
      const found = await eventually('the diff tab', () => diffTabs().find((t) => t.input.original.toString() === opened.base));
      assert.equal(found.tab.label, 'Deployment/podinfo (HEAD ↔ working tree)');
      assert.equal(found.input.original.scheme, 'reconcile-plan');
      const base = (await vscode.workspace.openTextDocument(found.input.original)).getText();
      const head = (await vscode.workspace.openTextDocument(found.input.modified)).getText();
      assert.match(base, /^apiVersion: apps\/v1\nkind: Deployment\n/);
      assert.ok(base.includes(`image: ${OLD_IMAGE}`) && head.includes(`image: ${NEW_IMAGE}`));
      assert.match(head, /namespace: podinfo-staging/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    await test('change impact: clicking the field opens the edited line of the unsaved buffer', async () => {
      assert.ok(snapshot);
      const field = deploymentOf(appFor(snapshot, 'apps/production'))!.children.find((c) => c.kind === 'field')!;
      const where = await vscode.commands.executeCommand<{ file: string; line: number }>('reconcile.plan.revealField', field);
      assert.equal(where?.file, BASE_FILE);
      const active = vscode.window.activeTextEditor;
      assert.equal(active?.document.uri.toString(), doc.uri.toString());
      assert.ok(active!.document.lineAt(active!.selection.start.line).text.includes(`image: ${NEW_IMAGE}`), 'the selection is on the edited image line');
    });

    await test('change impact: undo clears the view', async () => {
      await vscode.window.showTextDocument(doc);
      for (let i = 0; i < 10 && doc.isDirty; i++) await vscode.commands.executeCommand('undo');
      snapshot = await eventually('an empty Change Impact view after undo', async () => {
        const s = await peek();
        return s.state === 'empty' && s.roots.length === 0 ? s : undefined;
      }, 20_000, 100);
      assert.equal(snapshot.appsChanged, 0);
    });
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`change impact: restore step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
