// The repository index: every manifest file of a repository, its documents, references and apps.
// Full scans yield to the event loop every few milliseconds, so the extension host stays responsive;
// a changed file (or an unsaved editor buffer) is re-indexed alone.
import ignore, { Ignore } from 'ignore';
import { CancellationToken, CancelledError, FileSystem, KubeObject, Logger, NEVER_CANCELLED, ProgressReporter, SourceRange, silentLogger } from '../types';
import { AppSetExpansions, AppSetOptions, ExpansionHost, isApplicationSet } from './appSetExpansions';
import { basename, dirname, FileContext } from './classify';
import { buildDerived, buildDerivedCooperatively, DerivedInputWithStructure, DerivedState, DerivedViews, updateDerived } from './derived';
import { discoverFiles, isManifestCandidate, PathFilter } from './discover';
import { resolvesInside } from '../confinement';
import { FileIndexResult, helmTemplateFile, indexFileText, looksBinary, skippedFile } from './fileIndexer';
import type { ScanFileIndexer, ScanFileOutcome, ScanFileRequest } from './scanIndexer';
import {
  AppEntry,
  DEFAULT_INDEX_SETTINGS,
  DocumentClass,
  IndexedDocument,
  IndexedFile,
  IndexError,
  IndexSettings,
  IndexSummary,
  KustomizationEntry,
  ObjectTarget,
  Reference,
  ResourceEntry,
} from './model';
import { rangeOfPath } from './parse';
import { normaliseRepoUrl } from './references';
import type { ExpandResult } from '../appset';

/** Reads of files with an unsaved editor buffer return the buffer. */
function bufferedReads(fs: FileSystem, root: string, buffers: Map<string, string>): FileSystem {
  if (buffers.size === 0) return fs;
  const prefix = root === '/' ? '/' : `${root}/`;
  // Methods are bound: the file system may be a class instance, whose methods a spread would drop.
  return {
    readDirectory: (path) => fs.readDirectory(path),
    stat: (path) => fs.stat(path),
    realPath: (path) => fs.realPath(path),
    readFile: async (path) => {
      const b = path.startsWith(prefix) ? buffers.get(path.slice(prefix.length)) : undefined;
      return b !== undefined ? new TextEncoder().encode(b) : fs.readFile(path);
    },
  };
}

export interface RepositoryIndexOptions {
  /** Absolute path of the repository (workspace folder). */
  root: string;
  fs: FileSystem;
  settings?: Partial<IndexSettings>;
  logger?: Logger;
  /** How ApplicationSets are expanded (the checked-out branch, other revisions). */
  appSets?: AppSetOptions;
  /** Reads and indexes a full scan's files elsewhere (the CLI's worker pool); the index stays the same. */
  scanIndexer?: ScanFileIndexer;
}

/** How long synchronous work may run before the scan yields to the event loop. */
const SLICE_MS = 12;

const decoder = new TextDecoder('utf-8');

export class RepositoryIndex {
  readonly root: string;
  private readonly fs: FileSystem;
  private readonly logger: Logger;
  private settings: IndexSettings;
  private filter: PathFilter;
  private repoUrls: Set<string>;
  private readonly fileMap = new Map<string, IndexedFile>();
  private readonly refMap = new Map<string, Reference[]>();
  private allFiles = new Set<string>();
  private directories = new Set<string>(['']);
  private readonly buffers = new Map<string, string>();
  private readonly baseClass = new WeakMap<IndexedDocument, DocumentClass>();
  /** Each file's own errors, before ApplicationSet expansion problems are added to the ApplicationSet files. */
  private readonly baseErrors = new WeakMap<IndexedFile, IndexError[]>();
  /**
   * Per file, its documents of kind ApplicationSet or Secret (in the files' order): all that ApplicationSet expansion
   * reads of the index, found without walking every document of a 100,000-object repository on each edit.
   */
  private readonly expansionDocs = new Map<string, IndexedDocument[]>();
  private readonly appSets: AppSetExpansions;
  private readonly scanIndexer: ScanFileIndexer | undefined;
  private readonly gitignoreCache = new Map<string, Ignore | null>();
  private derivedViews: DerivedViews | undefined;
  /** What the last build of the derived views leaves for an update after an edit. */
  private derivedState: DerivedState | undefined;
  /** Bumped when files or directories are added or removed: path references then resolve anew. */
  private structure = 0;
  private readonly listeners = new Set<(files: string[]) => void>();
  private lastYield = 0;
  /** Counts emitted changes, so a derived build that paused knows whether it is still current. */
  private changeGeneration = 0;

  constructor(options: RepositoryIndexOptions) {
    this.root = options.root.replace(/\/+$/, '') || '/';
    this.fs = options.fs;
    this.logger = options.logger ?? silentLogger;
    this.settings = { ...DEFAULT_INDEX_SETTINGS, ...options.settings };
    this.filter = new PathFilter(this.settings.exclude);
    this.repoUrls = new Set(this.settings.repoUrls.map(normaliseRepoUrl));
    this.appSets = new AppSetExpansions(options.appSets);
    this.scanIndexer = options.scanIndexer;
  }

  /** Changes settings; call `scan()` afterwards for them to take effect on existing entries. */
  configure(settings: Partial<IndexSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.filter = new PathFilter(this.settings.exclude);
    this.repoUrls = new Set(this.settings.repoUrls.map(normaliseRepoUrl));
  }

  onDidChange(listener: (changedFiles: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(files: string[]): void {
    this.derivedViews = undefined;
    this.changeGeneration++;
    for (const l of this.listeners) {
      try {
        l(files);
      } catch (e) {
        this.logger.error(`index listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private abs(rel: string): string {
    return rel === '' ? this.root : `${this.root}/${rel}`;
  }

  private async yieldIfDue(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
  }

  /** Indexes the whole repository from scratch. */
  async scan(token: CancellationToken = NEVER_CANCELLED, progress?: ProgressReporter): Promise<IndexSummary> {
    const started = performance.now();
    this.lastYield = started;
    const found = await discoverFiles(this.root, this.fs, this.settings, token);
    this.fileMap.clear();
    this.refMap.clear();
    this.expansionDocs.clear();
    this.gitignoreCache.clear();
    this.allFiles = found.allFiles;
    this.directories = found.directories;
    this.structure++;
    this.derivedState = undefined;
    const total = found.manifestFiles.length;
    let done = 0;
    // Files the in-process path would read from disk may be read and indexed by the scan indexer instead.
    const handed = new Map<string, number>();
    const requests: ScanFileRequest[] = [];
    if (this.scanIndexer) {
      for (const f of found.manifestFiles) {
        if (this.buffers.has(f.path) || this.isHelmTemplate(f.path) || f.size > this.settings.maxFileSizeBytes) continue;
        handed.set(f.path, requests.length);
        requests.push({ path: f.path, abs: this.abs(f.path), size: f.size, ctx: this.fileContext(f.path) });
      }
    }
    const pooled = requests.length ? this.scanIndexer?.start(requests, this.repoUrls) : undefined;
    try {
      for (const f of found.manifestFiles) {
        if (token.isCancellationRequested) throw new CancelledError();
        const i = pooled ? handed.get(f.path) : undefined;
        await this.indexPath(f.path, f.size, this.buffers.get(f.path), i === undefined ? undefined : await pooled!.outcome(i));
        done++;
        if (progress && (done % 50 === 0 || done === total)) progress(done, total, f.path);
        await this.yieldIfDue();
      }
    } finally {
      pooled?.close();
    }
    if (token.isCancellationRequested) throw new CancelledError();
    await this.appSets.expandAll(this.expansionHost());
    this.emit(found.manifestFiles.map((f) => f.path));
    // The listeners above only schedule work; what they and summary() read next is built here in slices.
    await this.prepareDerived();
    const s = this.summary();
    this.logger.info(`Indexed ${s.files} files, ${s.documents} documents, ${s.resources} resources in ${Math.round(performance.now() - started)} ms`);
    return s;
  }

  private isHelmTemplate(rel: string): boolean {
    const parts = rel.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] !== 'templates') continue;
      const chartDir = parts.slice(0, i).join('/');
      if (this.allFiles.has(chartDir ? `${chartDir}/Chart.yaml` : 'Chart.yaml')) return true;
    }
    return false;
  }

  private fileContext(rel: string): FileContext {
    return {
      isChartFile: basename(rel) === 'Chart.yaml',
      isChartValues: /^values[^/]*\.ya?ml$/.test(basename(rel)) && this.allFiles.has(dirname(rel) ? `${dirname(rel)}/Chart.yaml` : 'Chart.yaml'),
    };
  }

  /** `outcome`: what the scan indexer made of the file (undefined: read and index it here). */
  private async indexPath(rel: string, size: number, text?: string, outcome?: ScanFileOutcome): Promise<void> {
    this.fileMap.delete(rel);
    this.refMap.delete(rel);
    this.expansionDocs.delete(rel);
    if (this.isHelmTemplate(rel)) {
      this.fileMap.set(rel, helmTemplateFile(rel, size));
      return;
    }
    let result: FileIndexResult | undefined;
    if (outcome?.kind === 'unreadable') {
      this.fileMap.set(rel, skippedFile(rel, size, `Could not read the file: ${outcome.message}`, 'warning', 'RC0005'));
      return;
    } else if (outcome?.kind === 'binary') {
      this.fileMap.set(rel, skippedFile(rel, outcome.size, 'Not indexed: the file is binary.'));
      return;
    } else if (outcome?.kind === 'indexed') {
      result = outcome.result;
    } else if (text === undefined) {
      const limit = this.settings.maxFileSizeBytes;
      if (size > limit) {
        const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
        this.fileMap.set(rel, skippedFile(rel, size, `Not indexed: ${mb(size)} MB is above reconcile.maxFileSizeMB (${mb(limit)} MB).`));
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = await this.fs.readFile(this.abs(rel));
      } catch (e) {
        this.fileMap.set(rel, skippedFile(rel, size, `Could not read the file: ${e instanceof Error ? e.message : String(e)}`, 'warning', 'RC0005'));
        return;
      }
      if (looksBinary(bytes)) {
        this.fileMap.set(rel, skippedFile(rel, bytes.length, 'Not indexed: the file is binary.'));
        return;
      }
      text = decoder.decode(bytes);
    }
    result ??= await indexFileText(rel, text!, this.fileContext(rel), { repoUrls: this.repoUrls }, () => this.yieldIfDue());
    // JSON files without Kubernetes objects are not manifests.
    if (/\.json$/i.test(rel) && result.file.documents.length === 0 && result.file.errors.length === 0) return;
    for (const d of result.file.documents) this.baseClass.set(d, d.classification);
    this.baseErrors.set(result.file, result.file.errors);
    this.fileMap.set(rel, result.file);
    if (result.references.length) this.refMap.set(rel, result.references);
    const forExpansion = result.file.documents.filter((d) => d.kind === 'ApplicationSet' || d.kind === 'Secret');
    if (forExpansion.length) this.expansionDocs.set(rel, forExpansion);
  }

  private addDirectories(rel: string): void {
    for (let d = dirname(rel); ; d = dirname(d)) {
      this.directories.add(d);
      if (d === '') break;
    }
  }

  private async ignoredByGitignore(rel: string): Promise<boolean> {
    if (!this.settings.useGitignore) return false;
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      let m = this.gitignoreCache.get(dir);
      if (m === undefined) {
        try {
          m = ignore().add(decoder.decode(await this.fs.readFile(this.abs(dir ? `${dir}/.gitignore` : '.gitignore'))));
        } catch {
          m = null;
        }
        this.gitignoreCache.set(dir, m);
      }
      if (m && m.ignores(parts.slice(i).join('/'))) return true;
    }
    return false;
  }

  /** Whether a repo-relative path is outside the index (exclude globs, .gitignore). */
  async isExcluded(rel: string): Promise<boolean> {
    if (rel.split('/').includes('.git') || this.filter.excludesFile(rel)) return true;
    for (let d = dirname(rel); d !== ''; d = dirname(d)) if (this.filter.excludesDirectory(d)) return true;
    return this.ignoredByGitignore(rel);
  }

  /**
   * Re-indexes one file: from `text` when given (an unsaved editor buffer, kept until `closeBuffer`), else from disk.
   * A path that no longer exists is removed.
   */
  async updateFile(rel: string, text?: string): Promise<void> {
    if (basename(rel) === '.gitignore') this.gitignoreCache.clear();
    const hadClusterSecret = this.hasClusterSecret(rel);
    if (await this.isExcluded(rel)) return;
    if (text !== undefined) this.buffers.set(rel, text);
    const buffered = this.buffers.get(rel);
    let size = buffered?.length ?? 0;
    if (buffered === undefined) {
      // A symlink out of the folder (one a `git pull` just created, say) is read no more than the scan reads it.
      if (!(await resolvesInside(this.fs, this.root, this.abs(rel)))) {
        this.removeFile(rel);
        return;
      }
      try {
        const st = await this.fs.stat(this.abs(rel));
        if (st.type !== 'file') return;
        size = st.size;
      } catch {
        this.removeFile(rel);
        return;
      }
    }
    const isNew = !this.allFiles.has(rel);
    if (isNew) this.structure++;
    this.allFiles.add(rel);
    this.addDirectories(rel);
    const changed = [rel];
    if (isManifestCandidate(rel)) {
      this.lastYield = performance.now();
      await this.indexPath(rel, size, buffered);
      // A new Chart.yaml turns its templates/ into Helm templates (and back when removed).
      if (isNew && basename(rel) === 'Chart.yaml') changed.push(...(await this.reindexUnder(dirname(rel))));
    }
    changed.push(...(await this.appSets.refresh(this.expansionHost(), changed, hadClusterSecret || this.hasClusterSecret(rel))));
    this.emit([...new Set(changed)]);
  }

  /** Drops an editor buffer and re-reads the file from disk. */
  async closeBuffer(rel: string): Promise<void> {
    if (!this.buffers.delete(rel)) return;
    await this.updateFile(rel);
  }

  private async reindexUnder(dir: string): Promise<string[]> {
    const prefix = dir ? `${dir}/` : '';
    const paths = [...this.fileMap.keys()].filter((p) => p.startsWith(prefix));
    for (const p of paths) {
      const size = this.fileMap.get(p)?.size ?? 0;
      await this.indexPath(p, size, this.buffers.get(p));
    }
    return paths;
  }

  /**
   * Removes a file, or a whole directory's files. Listeners hear of the removal at once; the promise settles
   * once the ApplicationSets that could generate from the removed paths are expanded again.
   */
  removeFile(rel: string): Promise<void> {
    const prefix = `${rel}/`;
    const removed: string[] = [];
    const hadClusterSecret = [...this.fileMap.keys()].some((p) => (p === rel || p.startsWith(prefix)) && this.hasClusterSecret(p));
    for (const p of [...this.allFiles]) {
      if (p !== rel && !p.startsWith(prefix)) continue;
      this.allFiles.delete(p);
      this.fileMap.delete(p);
      this.refMap.delete(p);
      this.expansionDocs.delete(p);
      this.buffers.delete(p);
      removed.push(p);
    }
    for (const d of [...this.directories]) if (d === rel || d.startsWith(prefix)) this.directories.delete(d);
    if (removed.length === 0) return Promise.resolve();
    this.structure++;
    this.emit(removed);
    const pending: Array<Promise<unknown>> = [];
    // Without its Chart.yaml, a chart's templates/ are ordinary files again.
    for (const chart of removed.filter((p) => basename(p) === 'Chart.yaml')) {
      pending.push(this.reindexUnder(dirname(chart)).then((ps) => ps.length && this.emit(ps)));
    }
    pending.push(this.appSets.refresh(this.expansionHost(), [rel], hadClusterSecret).then((files) => files.length && this.emit(files)));
    return Promise.all(pending).then(
      () => undefined,
      (e: unknown) => this.logger.error(`re-indexing after removing ${rel} failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private hasClusterSecret(rel: string): boolean {
    return (this.fileMap.get(rel)?.documents ?? []).some((d) => d.kind === 'Secret' && JSON.stringify(d.value ?? null).includes('argocd.argoproj.io/secret-type'));
  }

  private expansionHost(): ExpansionHost {
    return {
      root: this.root,
      fs: bufferedReads(this.fs, this.root, this.buffers),
      repoUrls: this.settings.repoUrls,
      // Expansion looks only at ApplicationSets and (cluster) Secrets among the documents.
      documents: () => [...this.expansionDocs.values()].flat(),
      readText: (rel) => this.readText(rel),
      visible: (rel) => this.allFiles.has(rel) || this.directories.has(rel),
    };
  }

  /** The Application an ApplicationSet generates, for an app with `generatedBy`. */
  applicationObject(app: Pick<AppEntry, 'generatedBy' | 'name'>): KubeObject | undefined {
    return this.appSets.object(app);
  }

  /** The expansion of one ApplicationSet document: its Applications, problems and generators left unexpanded. */
  applicationSet(file: string, documentIndex: number): ExpandResult | undefined {
    return this.appSets.expansionOf(file, documentIndex)?.result;
  }

  /** The settings in effect: a plan indexes its base commit with the same, so both sides match the same repoURLs. */
  currentSettings(): IndexSettings {
    return { ...this.settings, exclude: [...this.settings.exclude], repoUrls: [...this.settings.repoUrls] };
  }

  /**
   * Expands every ApplicationSet again, without re-reading files: for when what a git generator reads moved
   * outside the working tree (another branch was checked out, a ref a generator names was fetched).
   */
  async reexpandApplicationSets(): Promise<void> {
    const files = await this.appSets.expandAll(this.expansionHost());
    if (files.length) this.emit(files);
  }

  private derivedInput(): DerivedInputWithStructure {
    // Only files with ApplicationSet documents ever get expansion problems added to their errors.
    for (const path of this.expansionDocs.keys()) {
      const f = this.fileMap.get(path);
      if (!f) continue;
      const own = this.baseErrors.get(f) ?? f.errors;
      const hasAppSet = f.documents.some(isApplicationSet);
      if (!hasAppSet && own === f.errors) continue;
      const lineOf = (i: number) => f.documents.find((d) => d.index === i)?.startLine ?? 0;
      f.errors = hasAppSet ? [...own, ...this.appSets.errorsFor(f.path, lineOf)] : own;
    }
    const generatedApps = this.appSets.apps(this.settings.repoUrls);
    return { files: this.fileMap, references: this.refMap, allFiles: this.allFiles, directories: this.directories, baseClass: this.baseClass, generatedApps, structure: this.structure };
  }

  private get derived(): DerivedViews {
    if (this.derivedViews) return this.derivedViews;
    const input = this.derivedInput();
    // After an edit, only the edited files' share is derived again (a full build is linear in the repository:
    // about a second at 100,000 objects).
    let views = this.derivedState ? updateDerived(input, this.derivedState) : undefined;
    if (!views) {
      const state = new DerivedState();
      views = buildDerived(input, state);
      this.derivedState = state;
    }
    this.derivedViews = views;
    return views;
  }

  /** Builds the derived views in slices, as the scan does; kept only if no change arrived meanwhile. */
  private async prepareDerived(): Promise<void> {
    if (this.derivedViews) return;
    const generation = this.changeGeneration;
    const state = new DerivedState();
    const views = await buildDerivedCooperatively(this.derivedInput(), () => this.yieldIfDue(), state);
    if (generation === this.changeGeneration && !this.derivedViews) {
      this.derivedViews = views;
      this.derivedState = state;
    }
  }

  files(): IndexedFile[] {
    void this.derived; // classifications of patch documents depend on other files
    return [...this.fileMap.values()];
  }

  getFile(rel: string): IndexedFile | undefined {
    void this.derived;
    return this.fileMap.get(rel);
  }

  documents(): IndexedDocument[] {
    return this.files().flatMap((f) => f.documents);
  }

  resources(): ResourceEntry[] {
    return this.derived.resources;
  }

  kustomizations(): KustomizationEntry[] {
    return this.derived.kustomizations;
  }

  apps(): AppEntry[] {
    return this.derived.apps;
  }

  references(): Reference[] {
    return this.derived.references;
  }

  referencesFrom(rel: string): Reference[] {
    void this.derived; // resolves them
    return this.refMap.get(rel) ?? [];
  }

  /** Whether a repo-relative path is a known file or directory. */
  exists(rel: string): 'file' | 'directory' | undefined {
    return this.allFiles.has(rel) ? 'file' : this.directories.has(rel) ? 'directory' : undefined;
  }

  errors(): IndexError[] {
    return this.files().flatMap((f) => f.errors);
  }

  findObjects(target: ObjectTarget): ResourceEntry[] {
    return this.derived.findObjects(target);
  }

  appResources(app: AppEntry): ResourceEntry[] {
    return this.derived.appResources(app);
  }

  /** The file that a kustomization directory builds from, if any. */
  kustomizationIn(dir: string): string | undefined {
    return this.derived.kustomizationByDir.get(dir);
  }

  summary(): IndexSummary {
    void this.derived; // ApplicationSet problems join their files' errors
    let documents = 0;
    let skipped = 0;
    let errors = 0;
    for (const f of this.fileMap.values()) {
      documents += f.documents.length;
      if (f.role === 'skipped') skipped++;
      errors += f.errors.filter((e) => e.severity === 'error').length;
    }
    return { files: this.fileMap.size - skipped, documents, resources: this.resources().length, errors, skipped };
  }

  /** The current text of a file: the editor buffer if one was given, else the file on disk. */
  async readText(rel: string): Promise<string> {
    const b = this.buffers.get(rel);
    if (b !== undefined) return b;
    return decoder.decode(await this.fs.readFile(this.abs(rel)));
  }

  /** Exact range of a key or value in a document, computed on demand. */
  async locate(rel: string, documentIndex: number, path: ReadonlyArray<string | number>, which: 'key' | 'value' = 'key', text?: string): Promise<SourceRange | undefined> {
    let t = text;
    if (t === undefined) {
      try {
        t = await this.readText(rel);
      } catch {
        return undefined;
      }
    }
    return rangeOfPath(rel, t, documentIndex, path, which);
  }
}
