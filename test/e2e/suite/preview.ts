// In-editor e2e for the rendered-manifest preview: the command on the fixture's overlay kustomization opens
// the webview, whose Monaco editor reports back what it shows (generation, objects counted in its text,
// lines); an unsaved edit of a base file re-renders the open panel; a GitOps Resources app node opens its
// own panel and the same target reuses one. Buffers are reverted and editors closed afterwards.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { ReconcileApi } from '../../../src/extension';
import type { PreviewState } from '../../../src/vscode/preview/previewPanel';
import { eventually, sleep } from './eventually';

type Test = (name: string, fn: () => Promise<void>) => Promise<void>;

const OVERLAY = 'apps/production/kustomization.yaml';
const BASE_CONFIGMAP = 'apps/base/podinfo/configmap.yaml';
const states = async (): Promise<PreviewState[]> => (await vscode.commands.executeCommand<PreviewState[]>('reconcile.previewState')) ?? [];

/** Waits until the webview of panel `key` reports having shown at least `generation`. */
function webviewShowed(key: string, generation: number, check: (s: PreviewState) => boolean = () => true): Promise<PreviewState> {
  return eventually(`the preview webview (${key}) to report generation ${generation}`, async () => {
    const s = (await states()).find((x) => x.key === key);
    return s?.webview && s.webview.generation >= generation && check(s) ? s : undefined;
  });
}

export async function previewTests(test: Test, root: vscode.Uri): Promise<void> {
  const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
  let overlayKey: string | undefined;

  await test('preview: Preview Rendered Manifests on the overlay kustomization shows its rendered objects in the webview', async () => {
    const doc = await vscode.workspace.openTextDocument(uri(OVERLAY));
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const state = await vscode.commands.executeCommand<PreviewState | undefined>('reconcile.previewRendered');
    assert.ok(state, 'the command returned no state');
    assert.equal(state.error, undefined, `render error: ${state.error}`);
    assert.equal(state.target, 'apps/production');
    assert.equal(state.engine, 'builtin');
    assert.equal(state.objects, 5, 'Namespace, ConfigMap, Service, Deployment, HorizontalPodAutoscaler');
    overlayKey = state.key;
    const shown = await webviewShowed(state.key, state.generation);
    // Counted by the webview in its Monaco model's text, not taken from the message it was sent.
    assert.equal(shown.webview?.objects, 5);
    assert.ok((shown.webview?.lines ?? 0) > 40, `rendered YAML has ${shown.webview?.lines} lines`);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Preview: apps/production');
    assert.ok(tab, 'a "Preview: apps/production" tab is open');
  });

  await test('preview: an unsaved edit of a base file re-renders the open preview', async () => {
    assert.ok(overlayKey, 'needs the first preview test');
    const before = (await states()).find((s) => s.key === overlayKey);
    assert.ok(before);
    const doc = await vscode.workspace.openTextDocument(uri(BASE_CONFIGMAP));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    try {
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const extra = `${doc.getText().endsWith('\n') ? '' : '\n'}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e2e-extra\ndata:\n  a: b\n`;
      assert.ok(await editor.edit((b) => b.insert(end, extra)), 'edit applied');
      assert.ok(doc.isDirty, 'the buffer is unsaved');
      const after = await eventually('the preview to re-render with 6 objects', async () => {
        const s = (await states()).find((x) => x.key === overlayKey);
        return s && s.generation > before.generation && s.objects === 6 ? s : undefined;
      });
      const shown = await webviewShowed(after.key, after.generation, (s) => s.webview?.objects === 6);
      assert.equal(shown.webview?.objects, 6);
    } finally {
      await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await eventually('the preview to go back to 5 objects', async () => {
      const s = (await states()).find((x) => x.key === overlayKey);
      return s && s.objects === 5 && s.webview?.objects === 5 ? s : undefined;
    });
  });

  await test('preview: reconcile.kustomize.engine = kubectl re-renders the open preview with kubectl (or says it is missing)', async () => {
    assert.ok(overlayKey, 'needs the first preview test');
    const config = vscode.workspace.getConfiguration('reconcile');
    const before = (await states()).find((s) => s.key === overlayKey);
    assert.ok(before);
    try {
      await config.update('kustomize.engine', 'kubectl', vscode.ConfigurationTarget.Workspace);
      const s = await eventually('the preview to re-render with the kubectl engine', async () => {
        const x = (await states()).find((y) => y.key === overlayKey);
        return x && x.generation > before.generation && (x.engine === 'kubectl' || /kubectl/.test(x.error ?? '')) ? x : undefined;
      });
      if (s.error) {
        // Machines without kubectl: the panel says how to install it instead of failing.
        assert.match(s.error, /was not found\. Install kubectl/);
      } else {
        assert.equal(s.objects, 5);
        await webviewShowed(s.key, s.generation, (x) => x.webview?.objects === 5);
      }
    } finally {
      await config.update('kustomize.engine', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually('the preview to go back to the built-in engine', async () => {
      const x = (await states()).find((y) => y.key === overlayKey);
      return x && x.engine === 'builtin' && x.objects === 5 ? x : undefined;
    });
  });

  await test('preview: a GitOps Resources app node opens its own panel; the same target reuses its panel', async () => {
    const api = vscode.extensions.getExtension<ReconcileApi>('reconcile.reconcile-gitops')?.exports;
    const app = api?.services?.index.apps().find((a) => a.kind === 'FluxKustomization' && a.name === 'apps');
    assert.ok(app, 'the fixture defines the Flux Kustomization "apps"');
    // The tree passes its node: { type: 'app', app, ... }.
    const state = await vscode.commands.executeCommand<PreviewState | undefined>('reconcile.previewRendered', { type: 'app', id: 'x', label: app.name, description: '', app, children: [] });
    assert.ok(state && !state.error, state?.error);
    assert.match(state.target, /^Flux Kustomization apps/);
    assert.equal(state.objects, 5);
    await webviewShowed(state.key, state.generation, (s) => s.webview?.objects === 5);
    const again = await vscode.commands.executeCommand<PreviewState | undefined>('reconcile.previewRendered', 'apps/production');
    assert.equal(again?.key, overlayKey);
    const all = await states();
    assert.equal(all.filter((s) => s.key === overlayKey).length, 1, 'one panel per target');
    assert.equal(all.length, 2, all.map((s) => s.key).join(', '));
  });

  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
