// Which app folder an object is rendered from, when the user names only the object: the index's apps
// whose closure holds a matching object, narrowed by rendering them (an overlay may rename or
// re-namespace it, and a base is shared by several overlays). Plain folders count as apps too.
import { posix } from 'node:path';
import { RepositoryIndex } from '../index/repositoryIndex';
import { CancellationToken, FileSystem, NEVER_CANCELLED } from '../types';
import { fluxRender } from './fluxRender';
import { findObject, HistoryTarget } from './objectState';
import { builtinRender, RenderFunction } from './renderFunction';

export type FindAppResult =
  | {
      ok: true;
      app: string;
      closureFiles: string[];
      render: RenderFunction;
      /** The Flux Kustomization the app is rendered through, when there is one. */
      flux?: { file: string; name: string };
    }
  | { ok: false; reason: 'not-found' | 'ambiguous'; message: string; candidates: string[] };

const label = (t: HistoryTarget) => `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

/** substituteFrom sources for Flux renders: files that define the ConfigMap/Secret now. */
export function substitutionFilesFrom(index: RepositoryIndex) {
  return (kind: 'ConfigMap' | 'Secret', name: string, namespace: string): string[] =>
    [...new Set(index.findObjects({ kind, name }).filter((r) => (r.namespace ?? namespace) === namespace).map((r) => r.file))];
}

interface Candidate {
  files: string[];
  render: RenderFunction;
  flux?: { file: string; name: string };
}

export interface FindAppOptions {
  /** Renderer for folders (default: the built-in Kustomize engine). */
  render?: RenderFunction;
  /** Only this repo-relative folder (the user named it): still rendered through its Flux Kustomization if one points at it. */
  app?: string;
  token?: CancellationToken;
}

export async function findAppForObject(index: RepositoryIndex, fs: FileSystem, target: HistoryTarget, options: FindAppOptions = {}): Promise<FindAppResult> {
  const render = options.render ?? builtinRender;
  const token = options.token ?? NEVER_CANCELLED;
  if (options.app !== undefined) {
    const only = options.app;
    const flux = index.apps().find((a) => a.kind === 'FluxKustomization' && a.path === only);
    if (flux) return { ok: true, app: only, closureFiles: [flux.file], render: fluxRender(flux.file, flux.name, substitutionFilesFrom(index)), flux: { file: flux.file, name: flux.name } };
    return { ok: true, app: only, closureFiles: [], render };
  }
  const byName = (r: { kind: string; name: string }) => r.kind === target.kind && r.name === target.name;
  const candidates = new Map<string, Candidate>();
  for (const app of index.apps()) {
    if (app.kind === 'HelmRelease' || app.path === undefined) continue;
    const res = index.appResources(app);
    if (!res.some(byName)) continue;
    const files = [...new Set(res.map((r) => r.file))];
    // A Flux Kustomization over a folder wins over the folder alone: its namespace, patches and
    // substitutions are part of what gets applied.
    if (app.kind === 'FluxKustomization') {
      const flux = { file: app.file, name: app.name };
      candidates.set(app.path, { files: [...files, app.file], render: fluxRender(app.file, app.name, substitutionFilesFrom(index)), flux });
    } else if (!candidates.has(app.path)) candidates.set(app.path, { files, render });
  }
  // An object in a folder no app points at: its own folder (or the kustomization there) is the app.
  if (!candidates.size) {
    for (const r of index.resources().filter(byName)) {
      const dir = posix.dirname(r.file) === '.' ? '' : posix.dirname(r.file);
      if (!candidates.has(dir)) candidates.set(dir, { files: [r.file], render });
    }
  }
  const matching: string[] = [];
  for (const [app, c] of [...candidates].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      if (findObject(await c.render(fs, index.root, app, token), target)) matching.push(app);
    } catch {
      // An app that does not render now cannot be told apart; it stays out unless nothing else matches.
    }
  }
  const chosen = matching.length ? matching : candidates.size === 1 ? [...candidates.keys()] : [];
  if (chosen.length === 1) {
    const c = candidates.get(chosen[0]) as Candidate;
    return { ok: true, app: chosen[0], closureFiles: c.files, render: c.render, ...(c.flux ? { flux: c.flux } : {}) };
  }
  if (!chosen.length) {
    return {
      ok: false,
      reason: 'not-found',
      message: `No app in this repository renders ${label(target)}${candidates.size ? ` (looked at ${[...candidates.keys()].map((a) => a || '.').join(', ')})` : ''}. Name the folder it is rendered from with --app.`,
      candidates: [...candidates.keys()],
    };
  }
  return {
    ok: false,
    reason: 'ambiguous',
    message: `${label(target)} is rendered by several apps: ${chosen.map((a) => a || '.').join(', ')}. Pick one with --app${target.namespace ? '' : ' (or narrow with --namespace)'}.`,
    candidates: chosen,
  };
}
