// What "Preview Rendered Manifests" renders, from how it was invoked: a GitOps Resources app node, a file
// URI (editor title, explorer), a repo-relative path (tests, other commands), or nothing (the active
// editor's file; else a pick among the apps).
import * as vscode from 'vscode';
import type { AppEntry } from '../../core/index/model';
import type { Services } from '../services';
import { PreviewTarget, targetLabel } from './renderPreview';
import { targetForFile } from './targetForFile';

function isAppNode(v: unknown): v is { type: 'app'; app: AppEntry } {
  return !!v && typeof v === 'object' && (v as { type?: unknown }).type === 'app' && typeof (v as { app?: unknown }).app === 'object';
}

export async function resolvePreviewTarget(services: Services, arg: unknown): Promise<PreviewTarget | undefined> {
  const { index, paths } = services;
  if (isAppNode(arg)) return { kind: 'app', app: arg.app };
  if (typeof arg === 'string') return targetForFile(index, arg.replace(/^\.\/?/, '').replace(/\/+$/, ''));
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri) {
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.uri.toString() === uri.toString()) await services.sync.ensureFresh(editor.document, true);
    else await services.indexing.whenReady();
    const rel = paths.toRelative(uri);
    if (rel !== undefined) return targetForFile(index, rel);
  }
  await services.indexing.whenReady();
  const apps = index.apps();
  if (apps.length === 0) {
    void vscode.window.showInformationMessage('Open a kustomization, Flux Kustomization or chart file to preview what it renders.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    apps.map((app) => ({ label: targetLabel({ kind: 'app', app }), description: app.file, app })),
    { placeHolder: 'Which app to render?' },
  );
  return picked ? { kind: 'app', app: picked.app } : undefined;
}
