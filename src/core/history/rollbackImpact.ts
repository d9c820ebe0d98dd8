// What a rollback commit does to the cluster: the apps whose render reads a changed file are rendered
// before and after (from the object store), and their objects compared. Feeds the PR body, which must
// name the objects rolled back. Falls back to the changed files' own objects when no app covers them.
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { RepositoryIndex } from '../index/repositoryIndex';
import { objectChangesForFile } from '../sync/fileChanges';
import { ObjectChange } from '../sync/prBody';
import { CancellationToken, CancelledError, KubeObject, Manifest, NEVER_CANCELLED, ResourceId } from '../types';
import { RenderFunction } from './renderFunction';
import { GitObjectStore } from './gitObjectStore';
import { GitTreeFileSystem } from './gitTreeFileSystem';
import { substitutionFilesFrom } from './findApp';
import { fluxRender } from './fluxRender';
import { changedPaths } from './objectDiff';
import { RecordingFileSystem } from './recordingFileSystem';

export interface RolledBackObject extends ObjectChange {
  /** Changed field paths of an updated object. */
  paths: string[];
}

export interface ImpactRequest {
  store: GitObjectStore;
  /** Working tree top level (the root the file systems pretend to be). */
  top: string;
  from: string;
  to: string;
  changedFiles: string[];
  /** Apps to consider (repo-relative folders); default: every app the index finds at `to`. */
  apps?: string[];
  render: RenderFunction;
  token?: CancellationToken;
}

function idOf(o: KubeObject): ResourceId {
  const av = o.apiVersion ?? '';
  const slash = av.lastIndexOf('/');
  return {
    group: slash > 0 ? av.slice(0, slash) : '',
    version: slash > 0 ? av.slice(slash + 1) : av,
    kind: o.kind ?? '',
    name: o.metadata?.name ?? '',
    ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
  };
}

const keyOf = (id: ResourceId) => `${id.group}/${id.kind}/${id.namespace ?? ''}/${id.name}`;

interface ImpactApp {
  path: string;
  render: RenderFunction;
}

/** The apps of the repository at `commit`; a Flux Kustomization over a folder renders it (its namespace and patches apply). */
async function appsAt(req: ImpactRequest, commit: string, token: CancellationToken): Promise<ImpactApp[]> {
  const fs = await GitTreeFileSystem.atCommit(req.store, commit, req.top);
  if (!fs) return [];
  const index = new RepositoryIndex({ root: req.top, fs, settings: { useGitignore: false } });
  await index.scan(token);
  const byPath = new Map<string, ImpactApp>();
  for (const a of index.apps()) {
    if (a.kind === 'HelmRelease' || a.path === undefined) continue;
    if (req.apps && !req.apps.includes(a.path)) continue;
    if (a.kind === 'FluxKustomization') byPath.set(a.path, { path: a.path, render: fluxRender(a.file, a.name, substitutionFilesFrom(index)) });
    else if (!byPath.has(a.path)) byPath.set(a.path, { path: a.path, render: req.render });
  }
  for (const p of req.apps ?? []) if (!byPath.has(p)) byPath.set(p, { path: p, render: req.render });
  return [...byPath.values()].sort((x, y) => (x.path < y.path ? -1 : 1));
}

async function renderAt(req: ImpactRequest, commit: string, app: ImpactApp, token: CancellationToken): Promise<{ objects: Map<string, KubeObject>; reads: Set<string> } | undefined> {
  const inner = await GitTreeFileSystem.atCommit(req.store, commit, req.top);
  if (!inner) return undefined;
  const fs = new RecordingFileSystem(inner, req.top);
  let manifests: Manifest[];
  try {
    manifests = await app.render(fs, req.top, app.path, token);
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    manifests = [];
  }
  const objects = new Map<string, KubeObject>();
  for (const m of manifests) objects.set(keyOf(idOf(m.object)), m.object);
  return { objects, reads: new Set(fs.reads.keys()) };
}

function yamlPatch(name: string, a: KubeObject | undefined, b: KubeObject | undefined): string {
  const text = (o: KubeObject | undefined) => (o ? stringify(o) : '');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, text(a), text(b), undefined, undefined, { context: 3 }).split('\n').slice(1).join('\n');
}

export async function rollbackImpact(req: ImpactRequest): Promise<RolledBackObject[]> {
  const token = req.token ?? NEVER_CANCELLED;
  const changed = new Set(req.changedFiles);
  const apps = await appsAt(req, req.to, token);
  const out: RolledBackObject[] = [];
  const covered = new Set<string>();
  for (const app of apps) {
    if (token.isCancellationRequested) throw new CancelledError();
    const before = await renderAt(req, req.from, app, token);
    const after = await renderAt(req, req.to, app, token);
    if (!before || !after) continue;
    const touched = [...changed].filter((f) => before.reads.has(f) || after.reads.has(f));
    if (!touched.length) continue;
    touched.forEach((f) => covered.add(f));
    const label = app.path || '.';
    for (const [key, b] of after.objects) {
      const a = before.objects.get(key);
      const paths = a ? changedPaths(a, b) : [];
      if (!a) out.push({ app: label, id: idOf(b), change: 'create', paths, diff: yamlPatch(key, undefined, b) });
      else if (paths.length) out.push({ app: label, id: idOf(b), change: 'update', paths, diff: yamlPatch(key, a, b) });
    }
    for (const [key, a] of before.objects) if (!after.objects.has(key)) out.push({ app: label, id: idOf(a), change: 'delete', paths: [], diff: yamlPatch(key, a, undefined) });
  }
  // Files no app reads (a lone manifest folder the index did not call an app): their own objects.
  for (const f of changed) {
    if (covered.has(f) || !/\.(ya?ml)$/i.test(f)) continue;
    const text = async (commit: string) => (await req.store.read(`${commit}:${f}`))?.content.toString('utf8');
    for (const c of objectChangesForFile(f, await text(req.from), await text(req.to))) out.push({ ...c, paths: [] });
  }
  return out;
}
