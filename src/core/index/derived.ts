// Views across files, derived from the per-file entries: which documents are patches, the resource list,
// resolved references, kustomizations and apps. Rebuilt lazily after a change (linear in the index size,
// about a millisecond per thousand documents); per-file parsing is what incremental updates avoid redoing.
import { AppEntry, DocumentClass, IndexedDocument, IndexedFile, KustomizationEntry, ObjectTarget, Reference, ResourceEntry } from './model';
import { dirname, isClusterObjectClass, isKustomizationFileName, isObject } from './classify';
import { joinRepoPath } from './references';

export interface DerivedInput {
  files: Map<string, IndexedFile>;
  references: Map<string, Reference[]>;
  allFiles: Set<string>;
  directories: Set<string>;
  /** The class each document had before patch detection. */
  baseClass: WeakMap<IndexedDocument, DocumentClass>;
}

export interface DerivedViews {
  resources: ResourceEntry[];
  references: Reference[];
  kustomizations: KustomizationEntry[];
  apps: AppEntry[];
  patchFiles: Set<string>;
  kustomizationByDir: Map<string, string>;
  findObjects(target: ObjectTarget): ResourceEntry[];
  appResources(app: AppEntry): ResourceEntry[];
}

function objectKey(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}

function resourceEntries(doc: IndexedDocument): ResourceEntry[] {
  if (!doc.apiVersion || !doc.kind) return [];
  // `kind: List` (and FooList) documents carry their objects in `items`.
  if (/List$/.test(doc.kind) && isObject(doc.value) && Array.isArray(doc.value.items)) {
    const out: ResourceEntry[] = [];
    doc.value.items.forEach((item, i) => {
      if (!isObject(item) || typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') return;
      const m = isObject(item.metadata) ? item.metadata : {};
      out.push({
        apiVersion: item.apiVersion,
        kind: item.kind,
        name: typeof m.name === 'string' ? m.name : '',
        namespace: typeof m.namespace === 'string' ? m.namespace : undefined,
        file: doc.file,
        documentIndex: doc.index,
        line: doc.itemLines?.[i] ?? doc.startLine,
        classification: doc.classification,
      });
    });
    return out;
  }
  return [{ apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name ?? '', namespace: doc.namespace, file: doc.file, documentIndex: doc.index, line: doc.startLine, classification: doc.classification }];
}

export function buildDerived(input: DerivedInput): DerivedViews {
  const { files, allFiles, directories, baseClass } = input;
  const allRefs: Reference[] = [];
  for (const refs of input.references.values()) allRefs.push(...refs);

  const kustomizationByDir = new Map<string, string>();
  for (const f of files.values()) {
    if (isKustomizationFileName(f.path) && f.role === 'manifests') {
      const dir = dirname(f.path);
      // kustomize prefers kustomization.yaml, then .yml, then Kustomization.
      if (!kustomizationByDir.has(dir)) kustomizationByDir.set(dir, f.path);
    }
  }

  // Flux Kustomization paths are relative to their source; map ExternalArtifact paths back to the repository.
  const artifacts = artifactCopyRules(files);
  for (const r of allRefs) {
    if (r.type !== 'flux-path' || r.target.type !== 'directory') continue;
    const doc = files.get(r.source.file)?.documents.find((d) => d.index === r.source.documentIndex);
    const spec = doc && isObject(doc.value) && isObject(doc.value.spec) ? doc.value.spec : undefined;
    const src = spec && isObject(spec.sourceRef) ? spec.sourceRef : undefined;
    const rules = src?.kind === 'ExternalArtifact' && typeof src.name === 'string' ? artifacts.get(src.name) : undefined;
    r.target = { type: 'directory', path: mapArtifactPath(joinRepoPath('', r.text), rules) };
  }

  // Resolve file/directory targets first: patch detection needs them.
  for (const r of allRefs) {
    const t = r.target;
    r.resolvedTo = undefined;
    if (t.type === 'remote') r.resolved = undefined;
    else if (t.type === 'file') r.resolved = allFiles.has(t.path);
    else if (t.type === 'directory') r.resolved = directories.has(t.path);
    else if (t.type === 'path') r.resolved = allFiles.has(t.path) || directories.has(t.path);
  }
  const patchFiles = new Set<string>();
  for (const r of allRefs) if (r.type === 'kustomize-patch' && r.resolved && r.target.type === 'file') patchFiles.add(r.target.path);

  const resources: ResourceEntry[] = [];
  const byKindName = new Map<string, ResourceEntry[]>();
  for (const f of files.values()) {
    for (const doc of f.documents) {
      const base = baseClass.get(doc) ?? doc.classification;
      doc.classification = patchFiles.has(f.path) && base !== 'kustomization' && base !== 'kustomize-component' && base !== 'empty' ? 'patch' : base;
      if (!isClusterObjectClass(doc.classification)) continue;
      for (const e of resourceEntries(doc)) {
        resources.push(e);
        const k = objectKey(e.kind, e.name);
        const list = byKindName.get(k);
        if (list) list.push(e);
        else byKindName.set(k, [e]);
      }
    }
  }

  const findObjects = (target: ObjectTarget): ResourceEntry[] => {
    const candidates = byKindName.get(objectKey(target.kind, target.name)) ?? [];
    if (target.namespace === undefined) return candidates;
    const exact = candidates.filter((c) => c.namespace === target.namespace);
    // Objects without a namespace get theirs at apply time (kustomize `namespace:`, Flux targetNamespace).
    return exact.length ? exact : candidates.filter((c) => c.namespace === undefined);
  };

  for (const r of allRefs) {
    if (r.target.type !== 'object') continue;
    const found = findObjects(r.target.object);
    r.resolved = found.length > 0;
    if (found[0]) r.resolvedTo = { file: found[0].file, documentIndex: found[0].documentIndex };
  }

  const kustomizations: KustomizationEntry[] = [];
  for (const f of files.values()) {
    for (const doc of f.documents) {
      if (doc.classification !== 'kustomization' && doc.classification !== 'kustomize-component') continue;
      const refs = input.references.get(f.path)?.filter((r) => r.source.documentIndex === doc.index) ?? [];
      const targets = (type: Reference['type']) => refs.filter((r) => r.type === type).map((r) => r.text);
      kustomizations.push({
        file: f.path,
        directory: dirname(f.path),
        kind: doc.classification === 'kustomization' ? 'Kustomization' : 'Component',
        resources: targets('kustomize-resource'),
        components: targets('kustomize-component'),
        patches: targets('kustomize-patch'),
      });
    }
  }

  const apps = buildApps(files, allRefs, kustomizations);
  const closureCache = new Map<string, Set<string>>();
  const closure = (dir: string, seen = new Set<string>()): Set<string> => {
    const cached = closureCache.get(dir);
    if (cached) return cached;
    const out = new Set<string>();
    if (seen.has(dir)) return out;
    seen.add(dir);
    const kfile = kustomizationByDir.get(dir);
    if (kfile) {
      out.add(kfile);
      for (const r of input.references.get(kfile) ?? []) {
        if ((r.type !== 'kustomize-resource' && r.type !== 'kustomize-component') || !r.resolved) continue;
        const p = (r.target as { path: string }).path;
        if (directories.has(p)) for (const f of closure(p, seen)) out.add(f);
        else out.add(p);
      }
    } else {
      // A folder without a kustomization: Flux applies every manifest below it, and a subfolder with a
      // kustomization as that kustomization's build.
      const prefix = dir === '' ? '' : dir + '/';
      for (const f of files.keys()) {
        if (!f.startsWith(prefix)) continue;
        const sub = dirname(f);
        let k: string | undefined;
        for (let d = sub; d.length >= dir.length; d = dirname(d)) {
          if (d !== dir && kustomizationByDir.has(d)) k = d;
          if (d === '' || d === dir) break;
        }
        if (k !== undefined) for (const x of closure(k, seen)) out.add(x);
        else out.add(f);
      }
    }
    closureCache.set(dir, out);
    return out;
  };
  const appResources = (app: AppEntry): ResourceEntry[] => {
    if (app.path === undefined || (app.kind === 'HelmRelease')) return [];
    const filesIn = closure(app.path);
    return resources.filter((r) => filesIn.has(r.file));
  };

  return { resources, references: allRefs, kustomizations, apps, patchFiles, kustomizationByDir, findObjects, appResources };
}

function buildApps(files: Map<string, IndexedFile>, refs: Reference[], kustomizations: KustomizationEntry[]): AppEntry[] {
  const apps: AppEntry[] = [];
  const pathOf = (file: string, documentIndex: number, type: Reference['type']) =>
    refs.find((r) => r.type === type && r.source.file === file && r.source.documentIndex === documentIndex)?.target;
  for (const f of files.values()) {
    for (const doc of f.documents) {
      if (!doc.kind || !doc.apiVersion) continue;
      const base = { name: doc.name ?? '', namespace: doc.namespace, file: f.path, documentIndex: doc.index };
      if (doc.classification === 'flux' && doc.kind === 'Kustomization') {
        const t = pathOf(f.path, doc.index, 'flux-path');
        apps.push({ kind: 'FluxKustomization', ...base, path: t && t.type === 'directory' ? t.path : undefined });
      } else if (doc.classification === 'flux' && doc.kind === 'HelmRelease') {
        // A HelmRelease is an app of its own only when its chart lives in this repository.
        const t = pathOf(f.path, doc.index, 'flux-chart');
        if (t && t.type === 'directory') apps.push({ kind: 'HelmRelease', ...base, path: t.path });
      } else if (doc.classification === 'argocd' && doc.kind === 'Application') {
        const t = pathOf(f.path, doc.index, 'argocd-path');
        apps.push({ kind: 'ArgoApplication', ...base, path: t && t.type === 'directory' ? t.path : undefined });
      }
    }
  }
  // Top-level kustomization directories: built by nobody else in the repository.
  const claimed = new Set<string>();
  for (const r of refs) {
    if ((r.type === 'kustomize-resource' || r.type === 'kustomize-component') && r.resolved && 'path' in r.target) claimed.add(r.target.path);
  }
  for (const a of apps) if (a.path !== undefined) claimed.add(a.path);
  for (const k of kustomizations) {
    if (k.kind !== 'Kustomization' || claimed.has(k.directory)) continue;
    const documentIndex = files.get(k.file)?.documents.find((d) => d.classification === 'kustomization')?.index ?? 0;
    apps.push({ kind: 'KustomizeDirectory', name: k.directory === '' ? '.' : k.directory, file: k.file, documentIndex, path: k.directory });
  }
  return apps;
}

interface CopyRule {
  /** Repo-relative directory the files come from. */
  from: string;
  /** Directory inside the artifact they land in ('' for its root). */
  to: string;
}

/** Flux ArtifactGenerator (source.extensions.fluxcd.io) copy rules per ExternalArtifact name. */
function artifactCopyRules(files: Map<string, IndexedFile>): Map<string, CopyRule[]> {
  const out = new Map<string, CopyRule[]>();
  for (const f of files.values()) {
    for (const doc of f.documents) {
      if (doc.kind !== 'ArtifactGenerator' || !isObject(doc.value) || !isObject(doc.value.spec) || !Array.isArray(doc.value.spec.artifacts)) continue;
      for (const a of doc.value.spec.artifacts) {
        if (!isObject(a) || typeof a.name !== 'string' || !Array.isArray(a.copy)) continue;
        const rules: CopyRule[] = [];
        for (const c of a.copy) {
          if (!isObject(c) || typeof c.from !== 'string' || typeof c.to !== 'string') continue;
          // `@alias/dir/**` → `dir`; `@artifact/sub/` → `sub`.
          const from = c.from.replace(/^@[^/]+\/?/, '').replace(/\/?\*\*?$/, '').replace(/\/$/, '');
          const to = c.to.replace(/^@artifact\/?/, '').replace(/\/$/, '');
          if (!/[*?[]/.test(from)) rules.push({ from, to });
        }
        out.set(a.name, [...(out.get(a.name) ?? []), ...rules]);
      }
    }
  }
  return out;
}

function mapArtifactPath(path: string, rules: CopyRule[] | undefined): string {
  if (!rules) return path;
  // The most specific destination wins.
  const sorted = [...rules].sort((a, b) => b.to.length - a.to.length);
  for (const r of sorted) {
    if (r.to === '' || path === r.to || path.startsWith(r.to + '/')) {
      const rest = r.to === '' ? path : path.slice(r.to.length).replace(/^\//, '');
      return [r.from, rest].filter((x) => x !== '').join('/');
    }
  }
  return path;
}
