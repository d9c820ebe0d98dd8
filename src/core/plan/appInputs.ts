// What an app's render can read, from the index alone: the folders it builds (its path, and every
// kustomization root reached through `resources`/`components`) and single files (the app's own
// definition, patches or generator files named by path, Flux substituteFrom and Helm valuesFrom
// objects, Helm values files). kustomize refuses files outside a kustomization root, so "everything
// under each root" over-approximates a render's reads; renders record what they read, and tests check
// reads ⊆ inputs for every app. A changed file selects an app when it is one of its inputs.
import { posix } from 'node:path';
import type { AppEntry, Reference } from '../index/model';
import type { RepositoryIndex } from '../index/repositoryIndex';
import { substitutionFilesFrom } from '../history/findApp';

export interface AppInputs {
  /** Repo-relative folders whose whole content the render may read ('' = the whole repository). */
  dirs: Set<string>;
  files: Set<string>;
}

/** Identity of an app across the two sides of a plan (document positions may move, names do not). */
export function appKey(app: Pick<AppEntry, 'kind' | 'file' | 'name' | 'namespace' | 'path'>): string {
  return app.kind === 'KustomizeDirectory' ? `${app.kind}|${app.path ?? ''}` : `${app.kind}|${app.file}|${app.namespace ?? ''}|${app.name}`;
}

const FOLLOWED: ReadonlySet<Reference['type']> = new Set(['kustomize-resource', 'kustomize-component', 'kustomize-patch', 'kustomize-generator-file', 'kustomize-crd']);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function inside(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(dir + '/');
}

export function isInput(inputs: AppInputs, file: string): boolean {
  if (inputs.files.has(file)) return true;
  for (const d of inputs.dirs) if (inside(file, d)) return true;
  return false;
}

/** The app's defining document, as the index parsed it. */
export function appDocument(index: RepositoryIndex, app: AppEntry): Record<string, unknown> | undefined {
  // An ApplicationSet's file holds the ApplicationSet; the Application is the one it generates.
  if (app.generatedBy) return index.applicationObject(app);
  const doc = index.getFile(app.file)?.documents.find((d) => d.index === app.documentIndex);
  return isMap(doc?.value) ? doc.value : undefined;
}

/** Adds a kustomization root and, transitively, the roots and files its kustomizations point at. */
function addRoot(index: RepositoryIndex, dir: string, out: AppInputs, seen: Set<string>): void {
  if (seen.has(dir) || dir.startsWith('..')) return;
  seen.add(dir);
  out.dirs.add(dir);
  // A folder without a kustomization renders every manifest below it, and builds each kustomization
  // found below it: those may reach out of the folder (`../../base`).
  const own = index.kustomizationIn(dir);
  const files = own ? [own] : index.kustomizations().filter((k) => inside(k.directory, dir)).map((k) => k.file);
  for (const f of files) {
    for (const r of index.referencesFrom(f)) {
      if (!FOLLOWED.has(r.type) || !('path' in r.target)) continue;
      const p = r.target.path;
      if (p.startsWith('..')) continue; // outside the repository: nothing to read here
      const kind = r.target.type === 'directory' ? 'directory' : r.target.type === 'file' ? 'file' : index.exists(p);
      // A missing target may appear at the other side: a folder reference watches the whole folder.
      if (kind === 'directory' || (kind === undefined && r.type !== 'kustomize-patch' && r.type !== 'kustomize-generator-file' && !/\.(ya?ml|json)$/i.test(p))) addRoot(index, p, out, seen);
      else out.files.add(p);
    }
  }
}

/** Repo-relative path of a path written relative to the repository root (`./apps/x`). */
function fromRoot(p: string): string {
  const n = posix.normalize(p.replace(/^\/+/, ''));
  return n === '.' ? '' : n.replace(/\/$/, '');
}

export function appInputs(index: RepositoryIndex, app: AppEntry): AppInputs {
  const out: AppInputs = { dirs: new Set(), files: new Set([app.file]) };
  if (app.path === undefined) return out;
  const seen = new Set<string>();
  addRoot(index, app.path, out, seen);
  const doc = appDocument(index, app);
  const spec = isMap(doc?.spec) ? doc.spec : {};
  const ns = isMap(doc?.metadata) && typeof doc.metadata.namespace === 'string' ? doc.metadata.namespace : 'flux-system';
  const objectFiles = substitutionFilesFrom(index);
  const addObjects = (list: unknown) => {
    for (const ref of Array.isArray(list) ? list : []) {
      if (!isMap(ref) || typeof ref.name !== 'string') continue;
      for (const f of objectFiles(ref.kind === 'Secret' ? 'Secret' : 'ConfigMap', ref.name, ns)) out.files.add(f);
    }
  };
  if (app.kind === 'FluxKustomization') {
    for (const c of Array.isArray(spec.components) ? spec.components : []) if (typeof c === 'string') addRoot(index, fromRoot(posix.join(app.path, c)), out, seen);
    addObjects(isMap(spec.postBuild) ? spec.postBuild.substituteFrom : undefined);
  }
  if (app.kind === 'HelmRelease') {
    const chartSpec = isMap(spec.chart) && isMap(spec.chart.spec) ? spec.chart.spec : {};
    for (const v of Array.isArray(chartSpec.valuesFiles) ? chartSpec.valuesFiles : []) if (typeof v === 'string') out.files.add(fromRoot(v));
    if (typeof chartSpec.valuesFile === 'string') out.files.add(fromRoot(chartSpec.valuesFile));
    addObjects(spec.valuesFrom);
  }
  return out;
}

/** Where an app's objects go, when its definition says so. */
export function appDestination(index: RepositoryIndex, app: AppEntry): { namespace?: string; cluster?: string } | undefined {
  const doc = appDocument(index, app);
  const spec = isMap(doc?.spec) ? doc.spec : {};
  if (app.kind === 'ArgoApplication' && isMap(spec.destination)) {
    const d = spec.destination;
    const cluster = typeof d.name === 'string' ? d.name : typeof d.server === 'string' ? d.server : undefined;
    return { ...(typeof d.namespace === 'string' ? { namespace: d.namespace } : {}), ...(cluster ? { cluster } : {}) };
  }
  if (app.kind === 'FluxKustomization' || app.kind === 'HelmRelease') {
    const namespace = typeof spec.targetNamespace === 'string' ? spec.targetNamespace : undefined;
    const kc = isMap(spec.kubeConfig) && isMap(spec.kubeConfig.secretRef) && typeof spec.kubeConfig.secretRef.name === 'string' ? `kubeConfig ${spec.kubeConfig.secretRef.name}` : undefined;
    if (namespace || kc) return { ...(namespace ? { namespace } : {}), ...(kc ? { cluster: kc } : {}) };
  }
  return undefined;
}
