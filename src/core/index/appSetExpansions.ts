// The Applications each ApplicationSet of the index generates (src/core/appset, offline), kept per
// ApplicationSet document so that a change re-expands only the ApplicationSets it can affect: the file
// that defines them, a path under one of their git generators' literal prefixes (a new overlay folder, a
// git files generator's config), a path one of their generated Applications deploys from, or a cluster
// Secret (for clusters generators). Expansion is async (it walks folders); the index awaits it before it
// reports a change, so `apps()` stays synchronous.
import { posix } from 'node:path';
import { clusterSecretsFrom, expandApplicationSet, ExpandResult, GeneratedApplication, RefReader } from '../appset';
import { FileSystem, KubeObject } from '../types';
import { isObject } from './classify';
import { AppEntry, AppSource, IndexedDocument, IndexError } from './model';
import { normaliseRepoUrl } from './references';

/** What an expansion may read besides the working tree: the branch checked out, and other revisions. */
export interface AppSetOptions {
  /** The branch checked out, or how to read it (once per batch of expansions; see appset/gitRevisions.ts). */
  currentBranch?: string | (() => Promise<string | undefined>);
  readRef?: RefReader;
  newGitFileGlobbing?: boolean;
}

export interface ExpansionHost {
  root: string;
  fs: FileSystem;
  repoUrls: string[];
  /** Every indexed document (cluster Secrets are looked up among them). */
  documents(): IndexedDocument[];
  /** The file's current text (an unsaved buffer wins). */
  readText(rel: string): Promise<string>;
  /** Whether the index sees the path (not excluded, not ignored): expansion sees what the index sees. */
  visible(rel: string): boolean;
}

export interface Expansion {
  file: string;
  documentIndex: number;
  name: string;
  namespace?: string;
  result: ExpandResult;
  /** Repo-relative paths whose change (below or above) can change the result. */
  watch: string[];
  usesClusters: boolean;
}

const key = (file: string, documentIndex: number) => `${file}\u0000${documentIndex}`;

export function isApplicationSet(doc: IndexedDocument): boolean {
  return doc.classification === 'argocd' && doc.kind === 'ApplicationSet' && isObject(doc.value);
}

function isClusterSecret(doc: IndexedDocument): boolean {
  if (doc.kind !== 'Secret' || !isObject(doc.value)) return false;
  const meta = isObject(doc.value.metadata) ? doc.value.metadata : {};
  return isObject(meta.labels) && meta.labels['argocd.argoproj.io/secret-type'] === 'cluster';
}

/** The folder a glob's literal part names: `apps/*\/overlays` → `apps`; templated parts count as globs. */
function literalPrefix(pattern: string): string {
  const parts = pattern.replace(/^\.?\/+/, '').split('/');
  const kept: string[] = [];
  for (const p of parts) {
    if (/[*?[\\]|\{\{/.test(p)) break;
    kept.push(p);
  }
  // A plain path (no glob) names a directory to list, or a file whose content is the parameters.
  return kept.join('/');
}

interface Scan {
  prefixes: string[];
  clusters: boolean;
}

/** The git generators' path prefixes and whether a clusters generator is used, at any nesting depth. */
function scanGenerators(v: unknown, thisRepo: (url: unknown) => boolean, out: Scan = { prefixes: [], clusters: false }): Scan {
  if (Array.isArray(v)) {
    for (const x of v) scanGenerators(x, thisRepo, out);
    return out;
  }
  if (!isObject(v)) return out;
  // A templated repoURL (in a matrix's second child) may name this repository.
  if (isObject(v.git) && (thisRepo(v.git.repoURL) || String(v.git.repoURL).includes('{{'))) {
    for (const list of [v.git.directories, v.git.files]) {
      for (const item of Array.isArray(list) ? list : []) if (isObject(item) && typeof item.path === 'string') out.prefixes.push(literalPrefix(item.path));
    }
  }
  if (v.clusters !== undefined) out.clusters = true;
  for (const k of ['matrix', 'merge']) if (isObject(v[k])) scanGenerators((v[k] as Record<string, unknown>).generators, thisRepo, out);
  return out;
}

function related(path: string, watched: string): boolean {
  return watched === '' || path === '' || path === watched || path.startsWith(watched + '/') || watched.startsWith(path + '/');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export class AppSetExpansions {
  private readonly byKey = new Map<string, Expansion>();
  /** Latest request per ApplicationSet: an older expansion finishing late does not overwrite a newer one. */
  private readonly generation = new Map<string, number>();

  constructor(private readonly options: AppSetOptions = {}) {}

  all(): Expansion[] {
    return [...this.byKey.values()];
  }

  clear(): void {
    this.byKey.clear();
    this.generation.clear();
  }

  /** Expands every ApplicationSet of the index from scratch. */
  async expandAll(host: ExpansionHost): Promise<string[]> {
    this.clear();
    const docs = host.documents().filter(isApplicationSet);
    await this.expandDocs(host, docs);
    return [...new Set(docs.map((d) => d.file))];
  }

  /**
   * Re-expands what a change to these repo-relative paths (files or folders, added, edited or removed) can
   * affect. Returns the ApplicationSet files whose expansion was redone.
   */
  async refresh(host: ExpansionHost, changed: string[], clusterSecretChanged: boolean): Promise<string[]> {
    const docs = host.documents();
    const changedSet = new Set(changed);
    // Expansions of documents that no longer exist (the file was edited or removed) go.
    const live = new Set(docs.filter(isApplicationSet).map((d) => key(d.file, d.index)));
    const touched = new Set<string>();
    for (const [k, e] of this.byKey) {
      if (live.has(k)) continue;
      this.byKey.delete(k);
      this.generation.delete(k);
      touched.add(e.file);
    }
    const redo = docs.filter((d) => {
      if (!isApplicationSet(d)) return false;
      const e = this.byKey.get(key(d.file, d.index));
      if (!e || changedSet.has(d.file)) return true;
      if (clusterSecretChanged && e.usesClusters) return true;
      return changed.some((p) => e.watch.some((w) => related(p, w)));
    });
    await this.expandDocs(host, redo);
    for (const d of redo) touched.add(d.file);
    return [...touched];
  }

  private async expandDocs(host: ExpansionHost, docs: IndexedDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const clusterSecrets = clusterSecretsFrom(host.documents().filter(isClusterSecret));
    const branch = this.options.currentBranch;
    const currentBranch = typeof branch === 'function' ? await branch().catch(() => undefined) : branch;
    const texts = new Map<string, Promise<string | undefined>>();
    const textOf = (f: string) => {
      let t = texts.get(f);
      if (!t) texts.set(f, (t = host.readText(f).catch(() => undefined)));
      return t;
    };
    for (const doc of docs) {
      const k = key(doc.file, doc.index);
      const gen = (this.generation.get(k) ?? 0) + 1;
      this.generation.set(k, gen);
      const result = await expandApplicationSet(doc, {
        root: host.root,
        fs: host.fs,
        remotes: host.repoUrls,
        clusterSecrets,
        currentBranch,
        readRef: this.options.readRef,
        newGitFileGlobbing: this.options.newGitFileGlobbing,
        isIgnored: (rel) => !host.visible(rel),
        text: await textOf(doc.file),
      });
      if (this.generation.get(k) !== gen) continue;
      const spec = isObject(doc.value) && isObject(doc.value.spec) ? doc.value.spec : {};
      const urls = new Set(host.repoUrls.map(normaliseRepoUrl));
      const scan = scanGenerators(spec.generators, (u) => typeof u === 'string' && urls.has(normaliseRepoUrl(u)));
      const sourceDirs = result.applications.flatMap((a) => inRepoSources(a.object, host.repoUrls).map((s) => s.path as string));
      this.byKey.set(k, {
        file: doc.file,
        documentIndex: doc.index,
        name: doc.name ?? '',
        ...(doc.namespace ? { namespace: doc.namespace } : {}),
        result,
        watch: [...new Set([...scan.prefixes, ...sourceDirs])],
        usesClusters: scan.clusters,
      });
    }
  }

  /** The generated Applications as index apps. */
  apps(repoUrls: string[]): AppEntry[] {
    const out: AppEntry[] = [];
    for (const e of this.byKey.values()) {
      const generatedBy = { kind: 'ApplicationSet' as const, name: e.name, ...(e.namespace ? { namespace: e.namespace } : {}), file: e.file, documentIndex: e.documentIndex };
      for (const a of e.result.applications) out.push(generatedAppEntry(a, generatedBy, repoUrls));
    }
    return out;
  }

  /** The Application object the controller would create for a generated app. */
  object(app: Pick<AppEntry, 'generatedBy' | 'name'>): KubeObject | undefined {
    const g = app.generatedBy;
    if (!g) return undefined;
    return this.byKey.get(key(g.file, g.documentIndex))?.result.applications.find((a) => a.name === app.name)?.object;
  }

  expansionOf(file: string, documentIndex: number): Expansion | undefined {
    return this.byKey.get(key(file, documentIndex));
  }

  /** Expansion problems as index errors on the ApplicationSet's lines. */
  errorsFor(file: string, startLineOf: (documentIndex: number) => number): IndexError[] {
    const out: IndexError[] = [];
    for (const e of this.byKey.values()) {
      if (e.file !== file) continue;
      for (const p of e.result.problems) {
        const pos = p.range?.startPos ?? { line: startLineOf(e.documentIndex), character: 0 };
        out.push({ file, line: pos.line, character: pos.character, message: p.message, code: p.code, severity: p.severity, documentIndex: e.documentIndex });
      }
    }
    return out;
  }
}

/** Sources of an Application (`source` or `sources[]`) whose repoURL is this repository, with repo-relative paths. */
export function inRepoSources(object: KubeObject, repoUrls: string[]): AppSource[] {
  const urls = new Set(repoUrls.map(normaliseRepoUrl));
  return appSources(object).filter((s) => s.repoURL !== undefined && s.path !== undefined && s.chart === undefined && urls.has(normaliseRepoUrl(s.repoURL)));
}

/** `spec.source` / `spec.sources[]` of an Application, paths normalised to repo-relative form. */
export function appSources(object: unknown): AppSource[] {
  const spec = isObject(object) && isObject(object.spec) ? object.spec : {};
  const list = Array.isArray(spec.sources) ? spec.sources : spec.source !== undefined ? [spec.source] : [];
  return list.filter(isObject).map((s) => {
    const path = str(s.path);
    const clean = path === undefined ? undefined : posix.normalize(path.replace(/^\/+/, '') || '.');
    return {
      ...(str(s.repoURL) !== undefined ? { repoURL: str(s.repoURL) } : {}),
      ...(clean !== undefined ? { path: clean === '.' ? '' : clean.replace(/\/$/, '') } : {}),
      ...(str(s.targetRevision) !== undefined ? { targetRevision: str(s.targetRevision) } : {}),
      ...(str(s.chart) !== undefined ? { chart: str(s.chart) } : {}),
    };
  });
}

/** project and destination of an Application object, as AppEntry fields. */
export function applicationTarget(object: unknown): Pick<AppEntry, 'project' | 'destination'> {
  const spec = isObject(object) && isObject(object.spec) ? object.spec : {};
  const d = isObject(spec.destination) ? spec.destination : undefined;
  const destination = d ? { ...(str(d.server) ? { server: str(d.server) } : {}), ...(str(d.name) ? { name: str(d.name) } : {}), ...(str(d.namespace) ? { namespace: str(d.namespace) } : {}) } : undefined;
  return { ...(str(spec.project) ? { project: str(spec.project) } : {}), ...(destination ? { destination } : {}) };
}

function generatedAppEntry(a: GeneratedApplication, generatedBy: NonNullable<AppEntry['generatedBy']>, repoUrls: string[]): AppEntry {
  const sources = appSources(a.object);
  const here = inRepoSources(a.object, repoUrls).find((s) => !s.path?.startsWith('..'));
  const spec = isObject(a.object.spec) ? a.object.spec : {};
  return {
    kind: 'ArgoApplication',
    name: a.name,
    ...(a.namespace ? { namespace: a.namespace } : {}),
    file: generatedBy.file,
    documentIndex: generatedBy.documentIndex,
    path: here?.path,
    generatedBy,
    ...applicationTarget(a.object),
    ...(Array.isArray(spec.sources) ? { sources } : {}),
  };
}
