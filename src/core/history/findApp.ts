// Which app folder an object is rendered from, when the user names only the object: the index's apps
// whose closure holds a matching object, narrowed by rendering them (an overlay may rename or
// re-namespace it, and a base is shared by several overlays). Plain folders count as apps too.
import { posix } from 'node:path';
import { RepositoryIndex } from '../index/repositoryIndex';
import { CancellationToken, FileSystem, NEVER_CANCELLED } from '../types';
import { findObject, HistoryTarget } from './objectState';
import { RenderFunction } from './renderFunction';

export type FindAppResult =
  | { ok: true; app: string; closureFiles: string[] }
  | { ok: false; reason: 'not-found' | 'ambiguous'; message: string; candidates: string[] };

const label = (t: HistoryTarget) => `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

export async function findAppForObject(
  index: RepositoryIndex,
  fs: FileSystem,
  target: HistoryTarget,
  render: RenderFunction,
  token: CancellationToken = NEVER_CANCELLED,
): Promise<FindAppResult> {
  const byName = (r: { kind: string; name: string }) => r.kind === target.kind && r.name === target.name;
  const candidates = new Map<string, string[]>();
  for (const app of index.apps()) {
    if (app.kind === 'HelmRelease' || app.path === undefined) continue;
    const res = index.appResources(app);
    if (res.some(byName) && !candidates.has(app.path)) candidates.set(app.path, [...new Set(res.map((r) => r.file))]);
  }
  // An object in a folder no app points at: its own folder (or the kustomization there) is the app.
  if (!candidates.size) {
    for (const r of index.resources().filter(byName)) {
      const dir = posix.dirname(r.file) === '.' ? '' : posix.dirname(r.file);
      if (!candidates.has(dir)) candidates.set(dir, [r.file]);
    }
  }
  const matching: string[] = [];
  for (const app of [...candidates.keys()].sort()) {
    try {
      if (findObject(await render(fs, index.root, app, token), target)) matching.push(app);
    } catch {
      // An app that does not render now cannot be told apart; it stays out unless nothing else matches.
    }
  }
  const chosen = matching.length ? matching : candidates.size === 1 ? [...candidates.keys()] : [];
  if (chosen.length === 1) return { ok: true, app: chosen[0], closureFiles: candidates.get(chosen[0]) ?? [] };
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
