// Rendering an index entry point (a GitOps "app") with the editor's unsaved buffers: what the preview,
// validation-on-rendered-output and drift use. Kustomize directories and Argo CD Applications render
// their path; Flux Kustomizations render with overlays and post-build substitution (substituteFrom
// objects looked up in the index). Errors come back as values.
import { posix } from 'node:path';
import { FileSystem, CancellationToken } from '../types';
import { AppEntry } from '../index/model';
import { RepositoryIndex } from '../index/repositoryIndex';
import { parseDocuments } from '../index/parse';
import { JsonMap, isMap, Json } from './merge/strategicMerge';
import { renderTarget, RenderTargetResult, RenderEngine } from './renderTarget';
import { ObjectLookup, isFluxKustomization, renderFluxKustomization } from './flux/fluxKustomization';

/** A FileSystem whose reads of repository files go through the index, so unsaved editor buffers win. */
export function bufferedFileSystem(base: FileSystem, index: Pick<RepositoryIndex, 'root' | 'readText'>): FileSystem {
  const root = index.root.replace(/\/+$/, '');
  return {
    ...base,
    async readFile(path: string): Promise<Uint8Array> {
      if (path.startsWith(root + '/')) return new TextEncoder().encode(await index.readText(path.slice(root.length + 1)));
      return base.readFile(path);
    },
  };
}

/** substituteFrom ConfigMaps/Secrets from the index (namespaced match first, then objects without a namespace). */
export function indexLookup(index: Pick<RepositoryIndex, 'findObjects' | 'readText'>): ObjectLookup {
  return async (kind, name, namespace) => {
    const found = [...index.findObjects({ kind, name, namespace }), ...index.findObjects({ kind, name }).filter((e) => !e.namespace)];
    for (const e of found) {
      const doc = parseDocuments(e.file, await index.readText(e.file)).documents.find((d) => d.index === e.documentIndex);
      if (doc && isMap(doc.value as Json)) return doc.value as JsonMap;
    }
    return undefined;
  };
}

export interface RenderAppOptions {
  engine?: RenderEngine;
  trusted: boolean;
  kubectlPath?: string;
  token?: CancellationToken;
}

export async function renderApp(index: RepositoryIndex, fs: FileSystem, app: AppEntry, o: RenderAppOptions): Promise<RenderTargetResult> {
  const root = index.root.replace(/\/+$/, '');
  const bfs = bufferedFileSystem(fs, index);
  if (app.kind === 'HelmRelease') return { ok: false, error: { message: `HelmRelease ${app.name}: Helm rendering is not available in the built-in engine yet`, file: app.file } };
  if (app.kind === 'FluxKustomization') {
    const doc = parseDocuments(app.file, await index.readText(app.file)).documents.find((d) => d.index === app.documentIndex);
    if (!doc || !isFluxKustomization(doc.value)) return { ok: false, error: { message: `${app.file}: document ${app.documentIndex + 1} is not a Flux Kustomization`, file: app.file } };
    if (app.path === undefined) return { ok: false, error: { message: `Kustomization ${app.name} deploys from a source outside this repository; nothing to render locally`, file: app.file } };
    const r = await renderFluxKustomization(bfs, doc.value as JsonMap, { sourceRoot: root, dir: posix.join(root, app.path), lookup: indexLookup(index), token: o.token });
    return r.ok ? { ok: true, engine: 'builtin', units: [{ label: `Kustomization/${app.name}`, yaml: r.yaml, manifests: r.manifests }] } : r;
  }
  if (app.path === undefined) return { ok: false, error: { message: `${app.kind} ${app.name} deploys from outside this repository; nothing to render locally`, file: app.file } };
  return renderTarget(bfs, posix.join(root, app.path), { engine: o.engine, trusted: o.trusted, kubectlPath: o.kubectlPath, repoRoot: root, token: o.token });
}
