// What the build-level rules (RC1402-RC1404) read from the index, recorded so their results can be kept between
// validation runs. A result is reused only while every read it made gives the same answer: the same file
// object (an edit replaces it) with the same document classifications (derived views may reclassify in place),
// the same reference objects with the same resolution and target, the same directory lookups. So a run after an edit
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
  /** The object the index returned (compared by identity), or the answer itself for look-ups. */
  obj: unknown;
  /** What may change inside `obj` in place: document classifications, or per reference its resolution and target. */
  parts: unknown[] | undefined;
}

function parts(read: Read, obj: unknown): unknown[] | undefined {
  if (read === 'file') return obj ? (obj as IndexedFile).documents.map((d) => d.classification) : undefined;
  if (read === 'refs') {
    const out: unknown[] = [];
    for (const r of obj as Reference[]) out.push(r, r.resolved, r.target);
    return out;
  }
  return undefined;
}

function ask(index: BuildReader, read: Read, arg: string): unknown {
  switch (read) {
    case 'file':
      return index.getFile(arg);
    case 'refs':
      return index.referencesFrom(arg);
    case 'exists':
      return index.exists(arg);
    case 'kin':
      return index.kustomizationIn(arg);
  }
}

/** Whether a read gives the same answer as when it was recorded (compared in place, without allocating). */
function same(index: BuildReader, d: Dep): boolean {
  const now = ask(index, d.read, d.arg);
  // A file without references gets a new empty list each time: references are compared one by one.
  if (now !== d.obj && d.read !== 'refs') return false;
  const p = d.parts;
  if (!p) return true;
  if (d.read === 'file') {
    const docs = (now as IndexedFile).documents;
    if (docs.length !== p.length) return false;
    for (let i = 0; i < docs.length; i++) if (docs[i].classification !== p[i]) return false;
    return true;
  }
  const refs = now as Reference[];
  if (refs.length * 3 !== p.length) return false;
  for (let i = 0; i < refs.length; i++) if (refs[i] !== p[3 * i] || refs[i].resolved !== p[3 * i + 1] || refs[i].target !== p[3 * i + 2]) return false;
  return true;
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
    const obj = ask(this.index, read, arg);
    this.deps.push({ read, arg, obj: read === 'refs' ? undefined : obj, parts: parts(read, obj) });
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
  for (const d of deps) if (!same(index, d)) return false;
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
