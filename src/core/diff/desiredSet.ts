// The desired set for a path: a Flux Kustomization or Argo CD Application file (its path rendered, namespace
// defaulted as the controller would, its labels used to find extra objects), a kustomization directory
// (rendered by the built-in engine), or a plain folder/file of manifests.
import { posix } from 'node:path';
import { RepositoryIndex } from '../index/repositoryIndex';
import { IndexedDocument } from '../index/model';
import { renderKustomization } from '../render/kustomize/build';
import { FileSystem, KubeObject, Manifest } from '../types';
import { AppOwner, IgnoreRule } from './types';

export interface DesiredSet {
  manifests: Manifest[];
  defaultNamespace?: string;
  /** Flux `targetNamespace`: replaces the namespace of every namespaced object. */
  namespaceOverride?: string;
  owner?: AppOwner;
  /** The app's own ignore rules (Argo CD `spec.ignoreDifferences`). */
  ignore?: IgnoreRule[];
  /** What was read, for people: `Flux Kustomization flux-system/apps → apps/production (kustomize)`. */
  description: string;
}

export type DesiredSetResult = { ok: true; value: DesiredSet } | { ok: false; error: string };

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Documents that are objects in a cluster (patches, kustomizations, Helm values are not). */
const CLUSTER_CLASSES = new Set(['kubernetes', 'flux', 'argocd', 'crd']);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function manifestOf(doc: IndexedDocument): Manifest {
  const range = { file: doc.file, start: doc.start, end: doc.end, startPos: { line: doc.startLine, character: 0 }, endPos: { line: doc.endLine, character: 0 } };
  return { object: structuredClone(doc.value) as KubeObject, origin: { file: doc.file, documentIndex: doc.index, range } };
}

async function isDirectory(fs: FileSystem, p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).type === 'directory';
  } catch {
    return false;
  }
}

async function hasKustomization(fs: FileSystem, dir: string): Promise<boolean> {
  for (const f of KUSTOMIZATION_FILES) {
    try {
      if ((await fs.stat(posix.join(dir, f))).type === 'file') return true;
    } catch {
      // not this name
    }
  }
  return false;
}

async function objectsOfDirectory(fs: FileSystem, index: RepositoryIndex, root: string, relDir: string): Promise<DesiredSetResult> {
  const abs = relDir ? posix.join(root, relDir) : root;
  if (!(await isDirectory(fs, abs))) return { ok: false, error: `${relDir || '.'} is not a directory in the repository.` };
  if (await hasKustomization(fs, abs)) {
    const r = await renderKustomization(fs, abs, { root });
    if (!r.ok) return { ok: false, error: `kustomize build ${relDir || '.'} failed: ${r.error.message}` };
    return { ok: true, value: { manifests: r.manifests, description: `${relDir || '.'} (kustomize)` } };
  }
  const prefix = relDir ? relDir + '/' : '';
  const manifests = index
    .documents()
    .filter((d) => d.file.startsWith(prefix) && CLUSTER_CLASSES.has(d.classification) && isMap(d.value))
    .map(manifestOf);
  return { ok: true, value: { manifests, description: `${relDir || '.'} (plain manifests)` } };
}

function cleanPath(p: unknown): string {
  return posix.normalize(String(p ?? '.')).replace(/^(\.\/)+/, '').replace(/^\.$/, '').replace(/\/$/, '');
}

export interface DesiredSetOptions {
  /** An index of `root` that is already scanned (the editor's), instead of scanning the repository again. */
  index?: RepositoryIndex;
  /** For a file: only this document (0-based) decides the app, when the file defines several. */
  documentIndex?: number;
  /** An Application an ApplicationSet in `target` generates: it decides the app instead of the file's documents. */
  application?: KubeObject;
}

/** `root`: absolute repository root (POSIX). `target`: repo-relative POSIX path of a file or directory ('' = root). */
export async function desiredSetFor(fs: FileSystem, root: string, target: string, options: DesiredSetOptions = {}): Promise<DesiredSetResult> {
  let index = options.index;
  if (!index) {
    index = new RepositoryIndex({ root, fs });
    await index.scan();
  }
  const abs = target ? posix.join(root, target) : root;
  if (await isDirectory(fs, abs)) return objectsOfDirectory(fs, index, root, target);
  const file = index.getFile(target);
  if (!file) return { ok: false, error: `${target} is not a manifest file the index could read.` };
  const docs = file.documents.filter((d) => isMap(d.value) && (options.documentIndex === undefined || d.index === options.documentIndex));
  for (const o of options.application ? [options.application] : docs.map((d) => d.value as KubeObject)) {
    const spec = isMap(o.spec) ? o.spec : {};
    if (o.kind === 'Kustomization' && String(o.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/')) {
      const dir = cleanPath(spec.path);
      const name = o.metadata?.name ?? '';
      const namespace = o.metadata?.namespace ?? 'flux-system';
      const r = await objectsOfDirectory(fs, index, root, dir);
      if (!r.ok) {
        const src = isMap(spec.sourceRef) ? `${String(spec.sourceRef.kind ?? '')} ${String(spec.sourceRef.name ?? '')}`.trim() : 'its source';
        return { ok: false, error: `Flux Kustomization ${namespace}/${name}: path ${String(spec.path ?? '.')} is not a directory of this repository (the path is relative to ${src}).` };
      }
      return {
        ok: true,
        value: {
          ...r.value,
          defaultNamespace: typeof spec.targetNamespace === 'string' ? spec.targetNamespace : undefined,
          namespaceOverride: typeof spec.targetNamespace === 'string' && spec.targetNamespace ? spec.targetNamespace : undefined,
          owner: { type: 'flux', name, namespace },
          description: `Flux Kustomization ${namespace}/${name} → ${r.value.description}`,
        },
      };
    }
    if (o.kind === 'Application' && String(o.apiVersion ?? '').startsWith('argoproj.io/')) {
      const source = isMap(spec.source) ? spec.source : Array.isArray(spec.sources) && isMap(spec.sources[0]) ? spec.sources[0] : {};
      if (typeof source.path !== 'string') return { ok: false, error: `Argo CD Application ${o.metadata?.name ?? ''} has no source.path in this repository (Helm chart sources are not rendered yet).` };
      const r = await objectsOfDirectory(fs, index, root, cleanPath(source.path));
      if (!r.ok) return r;
      const destination = isMap(spec.destination) ? spec.destination : {};
      const ignore = Array.isArray(spec.ignoreDifferences)
        ? (spec.ignoreDifferences as unknown[]).filter((x): x is IgnoreRule => isMap(x) && typeof x.kind === 'string')
        : undefined;
      const name = o.metadata?.name ?? '';
      return {
        ok: true,
        value: {
          ...r.value,
          defaultNamespace: typeof destination.namespace === 'string' ? destination.namespace : undefined,
          owner: { type: 'argocd', name },
          ignore,
          description: `Argo CD Application ${name} → ${r.value.description}`,
        },
      };
    }
  }
  const manifests = docs.filter((d) => CLUSTER_CLASSES.has(d.classification)).map(manifestOf);
  return { ok: true, value: { manifests, description: `${target} (plain manifests)` } };
}
