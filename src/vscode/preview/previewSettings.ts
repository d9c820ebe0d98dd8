// `reconcile.kustomize.*`, `reconcile.helm.path` and the Kubernetes version, read into plain data.
import * as vscode from 'vscode';
import type { EngineSetting, PreviewSettings } from './renderPreview';

const ENGINES: readonly EngineSetting[] = ['builtin', 'kubectl', 'kustomize'];

export function readPreviewSettings(scope: vscode.Uri): PreviewSettings {
  const c = vscode.workspace.getConfiguration('reconcile', scope);
  const engine = c.get<string>('kustomize.engine') ?? 'builtin';
  const path = (key: string) => c.get<string>(key)?.trim() || undefined;
  return {
    engine: (ENGINES as readonly string[]).includes(engine) ? (engine as EngineSetting) : 'builtin',
    kubectlPath: path('kustomize.kubectlPath'),
    kustomizePath: path('kustomize.kustomizePath'),
    helmPath: path('helm.path'),
    kubernetesVersion: c.get<string>('kubernetesVersion') ?? undefined,
  };
}

export function affectsPreview(e: vscode.ConfigurationChangeEvent): boolean {
  return ['reconcile.kustomize', 'reconcile.helm', 'reconcile.kubernetesVersion', 'reconcile.validation'].some((s) => e.affectsConfiguration(s));
}
