// Renders one app at one side of a plan with the engine the preview uses (the built-in Kustomize engine,
// Flux Kustomizations with their overlays and post-build substitution, Helm for in-repo charts), through
// a FileSystem that records every path the render touched: the render's exact inputs, which the cache
// checks before reusing a render and tests compare with the app's selection inputs.
import type { AppEntry } from '../index/model';
import type { RepositoryIndex } from '../index/repositoryIndex';
import { substitutionFilesFrom } from '../history/findApp';
import { fluxRender } from '../history/fluxRender';
import { ReadKind, RecordingFileSystem } from '../history/recordingFileSystem';
import { builtinRender, RenderFunction } from '../history/renderFunction';
import { CancellationToken, CancelledError, FileSystem, Manifest } from '../types';
import { helmReleaseRender, HelmRunSettings } from './helmReleaseRender';

export type RenderOutcome = { ok: true; manifests: Manifest[] } | { ok: false; error: string };

export interface SideRender {
  outcome: RenderOutcome;
  /** Repo-relative paths the render touched, and as what. */
  reads: Map<string, ReadKind>;
}

export function engineOf(app: AppEntry): 'builtin' | 'helm' {
  return app.kind === 'HelmRelease' ? 'helm' : 'builtin';
}

export function renderFunctionFor(index: RepositoryIndex, app: AppEntry, helm: HelmRunSettings): RenderFunction {
  const objects = substitutionFilesFrom(index);
  if (app.kind === 'FluxKustomization') return fluxRender(app.file, app.name, objects);
  if (app.kind === 'HelmRelease') return helmReleaseRender(app.file, app.name, objects, helm);
  return builtinRender;
}

export async function renderOnSide(fs: FileSystem, root: string, index: RepositoryIndex, app: AppEntry, helm: HelmRunSettings, token: CancellationToken): Promise<SideRender> {
  const recording = new RecordingFileSystem(fs, root);
  if (app.path === undefined) {
    return { outcome: { ok: false, error: `${app.kind} ${app.name} deploys from a source outside this repository; nothing to render locally` }, reads: recording.reads };
  }
  try {
    const manifests = await renderFunctionFor(index, app, helm)(recording, root, app.path, token);
    return { outcome: { ok: true, manifests }, reads: recording.reads };
  } catch (e) {
    if (e instanceof CancelledError || token.isCancellationRequested) throw new CancelledError();
    return { outcome: { ok: false, error: e instanceof Error ? e.message : String(e) }, reads: recording.reads };
  }
}
