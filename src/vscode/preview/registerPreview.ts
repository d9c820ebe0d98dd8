// "Reconcile: Preview Rendered Manifests" (palette, GitOps Resources app nodes, editor title of kustomization
// files): one webview panel per target, reused. `reconcile.previewState` (hidden) returns plain data about
// the open panels, including what each webview reported after rendering; the e2e suite reads it.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { Validator } from '../../core/validate/validator';
import { fileSystemFor } from '../workspaceFileSystem';
import { readValidationSettings } from '../validation/validationSettings';
import { PreviewEnvironment, PreviewPanel, PreviewState } from './previewPanel';
import { affectsPreview, readPreviewSettings } from './previewSettings';
import { resolvePreviewTarget } from './previewTargets';
import { PreviewTarget, targetKey } from './renderPreview';
import { RememberedPreviews } from './previewRestore';
import { registerPreviewSerializer } from './previewSerializer';
import { RenderedDiagnostics } from './renderedDiagnostics';
import { guarded } from '../guarded';

export const PREVIEW_COMMAND = 'reconcile.previewRendered';
export const PREVIEW_STATE_COMMAND = 'reconcile.previewState';

export function registerPreview(context: vscode.ExtensionContext, services: Services): void {
  const panels = new Map<string, PreviewPanel>();
  const schemaDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath;
  // Built on first preview (loading the schemas takes about a second), rebuilt when its settings change.
  let validator: { key: string; value: Validator | undefined } | undefined;
  const rules: PreviewEnvironment['rules'] = () => {
    const s = readValidationSettings(services.workspaceRoot, services.logger);
    if (!s.enabled) return {};
    const key = `${s.kubernetesVersion}|${JSON.stringify(s.severity)}`;
    if (validator?.key !== key) {
      const created = Validator.create(schemaDir, s.kubernetesVersion, { severityOverrides: s.severity });
      if (!created.ok) services.logger.error(`Preview: validation of rendered output is off: ${created.error}`);
      validator = { key, value: created.ok ? created.value : undefined };
    }
    return validator.value ? { rules: validator.value, severityOverrides: s.severity, registry: validator.value.registry } : {};
  };
  // Rendered-output findings also go to the Problems view, marked with the app, while the preview is open.
  const problems = new RenderedDiagnostics({ toUri: (file) => services.paths.toUri(file) });
  const env: PreviewEnvironment = {
    services,
    fs: fileSystemFor(services.workspaceRoot),
    webviewRoot: vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'),
    settings: () => readPreviewSettings(services.workspaceRoot),
    rules,
    problems,
  };

  // Open panels are remembered so a reloaded window restores them (previewSerializer.ts); closing one by
  // hand forgets it, the extension host shutting down does not.
  const remembered = new RememberedPreviews(context.workspaceState);
  let shuttingDown = false;
  const track = (target: PreviewTarget, restored?: vscode.WebviewPanel): PreviewPanel => {
    const key = targetKey(target);
    const created = new PreviewPanel(key, target, env, restored);
    panels.set(key, created);
    void remembered.opened(created.panel.title, target);
    created.onDidDispose(() => {
      if (panels.get(key) === created) panels.delete(key);
      if (!shuttingDown) void remembered.closed(target);
    });
    return created;
  };

  const open = async (arg?: unknown): Promise<PreviewState | undefined> => {
    const target = await resolvePreviewTarget(services, arg);
    if (!target) return undefined;
    let panel = panels.get(targetKey(target));
    if (panel) panel.reveal(target);
    else panel = track(target);
    await panel.render();
    return panel.state;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_COMMAND, (arg?: unknown) => guarded(services, 'Preview Rendered Manifests', () => open(arg), 'Preview')),
    vscode.commands.registerCommand(PREVIEW_STATE_COMMAND, (): PreviewState[] => [...panels.values()].map((p) => p.state)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsPreview(e)) for (const p of panels.values()) p.schedule();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const p of panels.values()) p.schedule();
    }),
    registerPreviewSerializer(services, remembered, track),
    {
      dispose: () => {
        shuttingDown = true;
        [...panels.values()].forEach((p) => p.dispose());
      },
    },
    problems,
  );
}
