// In-editor checks for ApplicationSets, inside a real VS Code extension host: the fixture's ApplicationSet
// (argocd/podinfo-appset.yaml: a git directories generator over apps/*, `revision: main`, the workspace's
// branch) is expanded by the editor's index, so the GitOps Resources tree groups its generated Application;
// a new overlay folder adds one without a re-scan; "Show Generated Applications" opens them as YAML; and an
// unsaved edit of the production overlay shows the generated Application in the Change Impact view.
// Everything made here is undone (files, commit, settings). Called from index.ts as `appSetTests(test, root)`.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ReconcileApi } from '../../../src/extension';
import type { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import type { ImpactSnapshot } from '../../../src/vscode/plan/impactController';
import type { ImpactNode } from '../../../src/vscode/plan/impactModel';
import { buildResourceTree, ResourceTreeNode } from '../../../src/vscode/resources/resourceTreeModel';
import { git } from '../../support/git/tempRepo';
import { eventually } from './eventually';

type TestFn = (name: string, fn: () => Promise<void>) => Promise<void>;

const APPSET_FILE = 'argocd/podinfo-appset.yaml';
const VALUES_FILE = 'apps/production/podinfo-values.yaml';
const OLD_MESSAGE = 'Hello from production';
const NEW_MESSAGE = 'Hello from the ApplicationSet';

function tryGit(cwd: string, ...args: string[]): string | undefined {
  try {
    return git(cwd, ...args).trim();
  } catch {
    return undefined;
  }
}

function editorIndex(): RepositoryIndex {
  const api = vscode.extensions.getExtension<ReconcileApi>('reconcile.reconcile-gitops')?.exports;
  assert.ok(api?.services, 'the extension is active with a folder');
  return api.services.index;
}

const generatedNames = (index: RepositoryIndex): string[] =>
  index
    .apps()
    .filter((a) => a.generatedBy?.name === 'podinfo')
    .map((a) => a.name)
    .sort();

/** The GitOps Resources tree's top level, built the way its provider builds it, from the editor's own index. */
function resourceTree(index: RepositoryIndex): ResourceTreeNode[] {
  return buildResourceTree({ apps: index.apps(), appResources: (a) => index.appResources(a), resources: index.resources() });
}

const children = (n: ResourceTreeNode): ResourceTreeNode[] => (n.type === 'resource' ? [] : n.children);
const leaves = (n: ResourceTreeNode): string[] => (n.type === 'resource' ? [`${n.resource.kind}/${n.resource.name}`] : children(n).flatMap(leaves));

const peek = async (): Promise<ImpactSnapshot> => (await vscode.commands.executeCommand<ImpactSnapshot>('reconcile.plan.refresh', { peek: true }))!;
const argoApp = (s: ImpactSnapshot, name: string): ImpactNode | undefined => s.roots.find((a) => a.kind === 'app' && a.id.startsWith('app:ArgoApplication|') && a.label.endsWith(`/${name}`));

export async function appSetTests(test: TestFn, root: vscode.Uri): Promise<void> {
  const ws = root.fsPath;
  const undo: Array<() => unknown> = [];
  try {
    await test('appset: the editor expands the ApplicationSet (revision main = the checked-out branch) and the tree groups its Application', async () => {
      const index = editorIndex();
      // Exactly the fixture's overlay: an overlay an earlier suite added and removed may still be on its way out.
      await eventually('the generated Application podinfo-production, alone', () => (generatedNames(index).join() === 'podinfo-production' ? true : undefined), 30_000);
      const app = index.apps().find((a) => a.name === 'podinfo-production');
      assert.equal(app?.path, 'apps/production');
      assert.equal(app?.file, APPSET_FILE);
      assert.deepEqual(app?.destination, { server: 'https://kubernetes.default.svc', namespace: 'podinfo' });
      const group = resourceTree(index).find((n) => n.type === 'appset' && n.label === 'podinfo');
      assert.ok(group, `an ApplicationSet group in the tree: ${resourceTree(index).map((n) => `${n.type}:${n.label}`).join(', ')}`);
      assert.equal(group.description, 'Argo CD ApplicationSet · 1 Application');
      assert.deepEqual(children(group).map((c) => c.label), ['podinfo-production']);
      assert.deepEqual(leaves(children(group)[0]).sort(), ['ConfigMap/podinfo-config', 'Deployment/podinfo', 'HorizontalPodAutoscaler/podinfo', 'Namespace/podinfo', 'Service/podinfo']);
      assert.deepEqual(index.errors().filter((e) => e.file === APPSET_FILE), [], 'no expansion problem on the fixture');
    });

    await test('appset: a new overlay folder adds its generated Application without a re-scan; deleting it takes it away', async () => {
      const index = editorIndex();
      const dir = path.join(ws, 'apps', 'qa');
      undo.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo-qa\nresources:\n  - ../base/podinfo\n');
      await eventually('podinfo-qa generated', () => (generatedNames(index).includes('podinfo-qa') ? true : undefined), 20_000);
      assert.deepEqual(generatedNames(index), ['podinfo-production', 'podinfo-qa']);
      fs.rmSync(dir, { recursive: true, force: true });
      await eventually('podinfo-qa gone', () => (generatedNames(index).includes('podinfo-qa') ? undefined : true), 20_000);
    });

    await test('appset: "Show Generated Applications" opens the generated Application as read-only YAML', async () => {
      const uri = vscode.Uri.joinPath(root, ...APPSET_FILE.split('/'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const shown = await vscode.commands.executeCommand<string | undefined>('reconcile.showGeneratedApplications', uri);
      assert.ok(shown, 'the command names the document it opened');
      const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(shown))).getText();
      assert.match(text, /kind: Application\n/);
      assert.match(text, /name: podinfo-production\n/);
      assert.match(text, /path: apps\/production\n/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    // The Change Impact view plans against HEAD: the workspace starts unborn, so commit the fixture first.
    for (const key of ['user.name', 'user.email']) {
      if (tryGit(ws, 'config', '--local', '--get', key) === undefined) {
        git(ws, 'config', '--local', key, key === 'user.name' ? 'Reconcile E2E' : 'e2e@reconcile.invalid');
        undo.push(() => tryGit(ws, 'config', '--local', '--unset', key));
      }
    }
    const previous = tryGit(ws, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}');
    const branch = git(ws, 'symbolic-ref', '--short', 'HEAD').trim();
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '--no-gpg-sign', '--allow-empty', '-m', 'e2e: appset base');
    undo.push(() => {
      if (previous) {
        git(ws, 'update-ref', `refs/heads/${branch}`, previous);
        git(ws, 'read-tree', previous);
      } else {
        git(ws, 'update-ref', '-d', `refs/heads/${branch}`);
        fs.rmSync(path.join(ws, '.git', 'index'), { force: true });
      }
    });

    await test('appset: an unsaved edit of the production overlay shows the generated Application in the Change Impact view', async () => {
      await vscode.commands.executeCommand('reconcile.changeImpact.focus');
      await eventually('a plan of the clean working tree', async () => {
        const s = await vscode.commands.executeCommand<ImpactSnapshot>('reconcile.plan.refresh');
        return s && s.state === 'empty' ? s : undefined;
      }, 60_000, 500);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, ...VALUES_FILE.split('/')));
      const editor = await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => l.includes(OLD_MESSAGE));
      assert.ok(line >= 0, 'the overlay patch has the message');
      const col = doc.lineAt(line).text.indexOf(OLD_MESSAGE);
      await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + OLD_MESSAGE.length), NEW_MESSAGE));
      assert.ok(doc.isDirty);
      const snapshot = await eventually('podinfo-production in the Change Impact view', async () => {
        const s = await peek();
        return argoApp(s, 'podinfo-production')?.children.some((o) => o.kind === 'object' && o.label.includes('ConfigMap')) ? s : undefined;
      }, 30_000, 200);
      const app = argoApp(snapshot, 'podinfo-production')!;
      assert.equal(app.status, 'changed', 'an edit of its folder changes the generated Application, it is not new');
      const cm = app.children.find((o) => o.kind === 'object' && o.label.includes('ConfigMap'))!;
      assert.deepEqual(cm.children.filter((c) => c.kind === 'field').map((f) => `${f.label}: ${f.description}`), [`data.PODINFO_UI_MESSAGE: ${OLD_MESSAGE} → ${NEW_MESSAGE}`]);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await eventually('an empty Change Impact view after revert', async () => {
        const s = await peek();
        return s.state === 'empty' ? s : undefined;
      }, 20_000, 200);
    });
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`appset: restore step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
