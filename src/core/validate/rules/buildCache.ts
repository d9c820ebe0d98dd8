// What the build-level rules (RC1402-RC1404) read from the index, recorded so their results can be kept between
// validation runs. A result is reused only while every read it made gives the same answer: the same file
// object (an edit replaces it) with the same document classifications (derived views may reclassify in place),
// the same references with the same resolution, the same directory lookups. So a run after an edit
// recomputes only the builds that read the edited files, and the others cost one look-up per file they read.
import type { IndexedFile, Reference } from '../../index/model';
import type { RepositoryIndex } from '../../index/repositoryIndex';

/** The part of the index the build-level rules read. */
export interface BuildReader {
  getFile(rel: string): IndexedFile | undefined;
  referencesFrom(rel: string): Reference[];
  exists(rel: string): 'file' | 'directory' | undefined;
  kustomizationIn(dir: string): string | undefined;
}

type Read = 'file' | 'refs' | 'exists' | 'kin';

interface Dep {
  read: Read;
  arg: string;
  /** The object the index returned (compared by identity) and what may change inside it in place. */
  obj: unknown;
  sig: string;
}

function fileSig(f: IndexedFile | undefined): string {
  if (!f) return '';
  let s = '';
  for (const d of f.documents) s += d.classification + ',';
  return s;
}

function refsSig(refs: Reference[]): string {
  let s = '';
  for (const r of refs) s += `${r.resolved}|${r.target.type}|${'path' in r.target ? r.target.path : ''};`;
  return s;
}

function observe(index: BuildReader, read: Read, arg: string): { obj: unknown; sig: string } {
  switch (read) {
    case 'file': {
      const f = index.getFile(arg);
      return { obj: f, sig: fileSig(f) };
    }
    case 'refs': {
      const refs = index.referencesFrom(arg);
      return { obj: refs, sig: refsSig(refs) };
    }
    case 'exists':
      return { obj: undefined, sig: index.exists(arg) ?? '' };
    case 'kin':
      return { obj: undefined, sig: index.kustomizationIn(arg) ?? '' };
  }
}

/** A reader that passes calls through to the index and records each distinct read. */
export class RecordingReader implements BuildReader {
  private readonly seen = new Set<string>();
  readonly deps: Dep[] = [];

  constructor(private readonly index: BuildReader) {}

  private note(read: Read, arg: string): void {
    const key = `${read}\0${arg}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { obj, sig } = observe(this.index, read, arg);
    this.deps.push({ read, arg, obj, sig });
  }

  getFile(rel: string): IndexedFile | undefined {
    this.note('file', rel);
    return this.index.getFile(rel);
  }

  referencesFrom(rel: string): Reference[] {
    this.note('refs', rel);
    return this.index.referencesFrom(rel);
  }

  exists(rel: string): 'file' | 'directory' | undefined {
    this.note('exists', rel);
    return this.index.exists(rel);
  }

  kustomizationIn(dir: string): string | undefined {
    this.note('kin', dir);
    return this.index.kustomizationIn(dir);
  }
}

/** Whether every recorded read still gives the same answer. */
export function stillValid(index: BuildReader, deps: readonly Dep[]): boolean {
  for (const d of deps) {
    const now = observe(index, d.read, d.arg);
    if (now.obj !== d.obj || now.sig !== d.sig) return false;
  }
  return true;
}

export type Deps = readonly Dep[];

/** Results kept between runs for one index (dropped with it). */
const caches = new WeakMap<RepositoryIndex, Map<string, unknown>>();

export function cacheFor(index: RepositoryIndex): Map<string, unknown> {
  let c = caches.get(index);
  if (!c) {
    c = new Map();
    caches.set(index, c);
  }
  return c;
}
