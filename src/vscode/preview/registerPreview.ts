// "Reconcile: Preview Rendered Manifests" (palette, GitOps Resources app nodes, editor title of kustomization
// files): one webview panel per target, reused. `reconcile.previewState` (hidden) returns plain data about
// the open panels, including what each webview reported after rendering; the e2e suite reads it. Each workspace
// folder renders its own apps (its own index, settings and Problems entries); a preview runs in the folder of
// the item, file or editor it is invoked on, and asks which folder when that leaves several.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import { folderKeyOf } from '../folderRouting';
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

/** A preview's folder: the one its argument names (tree node, URI, repo path), else the editor's; asks when several remain. */
async function previewFolder(folders: FolderRegistry, arg: unknown): Promise<Services | undefined> {
  const path = typeof arg === 'string' ? arg.replace(/^\.\/?/, '').replace(/\/+$/, '') : undefined;
  const holding = path === undefined ? undefined : folders.all().filter((f) => f.index.exists(path) !== undefined).map((f) => f.key);
  return folders.choose({ folder: folderKeyOf(arg), uri: arg instanceof vscode.Uri ? arg : undefined, holding }, 'Preview Rendered Manifests');
}

export function registerPreview(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const services = folders.first();
  if (!services) return;
  const firstKey = services.key;
  const panels = new Map<string, PreviewPanel>();
  const panelFolder = new WeakMap<PreviewPanel, Services>();
  const schemaDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath;
  const envs = folders.perFolder((services) => {
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
    const dispose = (): void => {
      // A folder removed from the workspace closes its panels (its index is gone); at shutdown they stay
      // remembered for the next window.
      const removed = !vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === services.key);
      if (removed) [...panels.values()].filter((p) => panelFolder.get(p) === services).forEach((p) => p.dispose());
      problems.dispose();
    };
    return { env, dispose };
  });
  // The first folder's panels keep the plain target key; other folders' put their key in front.
  const panelKey = (folder: Services, target: PreviewTarget): string => (folder.key === firstKey ? targetKey(target) : `${folder.key}|${targetKey(target)}`);

  // Open panels are remembered so a reloaded window restores them (previewSerializer.ts); closing one by
  // hand forgets it, the extension host shutting down does not.
  const remembered = new RememberedPreviews(context.workspaceState);
  let shuttingDown = false;
  const track = (target: PreviewTarget, restored?: vscode.WebviewPanel, folder: Services = services): PreviewPanel => {
    const key = panelKey(folder, target);
    const env = envs.get(folder)?.env;
    if (!env) throw new Error(`the workspace folder ${folder.name} is no longer open`);
    const created = new PreviewPanel(key, target, env, restored);
    panelFolder.set(created, folder);
    panels.set(key, created);
    void remembered.opened(created.panel.title, target);
    created.onDidDispose(() => {
      if (panels.get(key) === created) panels.delete(key);
      if (!shuttingDown) void remembered.closed(target);
    });
    return created;
  };

  const open = async (arg?: unknown): Promise<PreviewState | undefined> => {
    const folder = await previewFolder(folders, arg);
    if (!folder) return undefined;
    const target = await resolvePreviewTarget(folder, arg);
    if (!target) return undefined;
    let panel = panels.get(panelKey(folder, target));
    if (panel) panel.reveal(target);
    else panel = track(target, undefined, folder);
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
    // Restored panels come back in the first folder (what was remembered names no folder).
    registerPreviewSerializer(services, remembered, (target, restored) => track(target, restored)),
    {
      dispose: () => {
        shuttingDown = true;
        [...panels.values()].forEach((p) => p.dispose());
      },
    },
  );
}
