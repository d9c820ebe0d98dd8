// Renders one app at commits from the object store and picks the object out, caching renders by
// the tree ids of the pathspec folders (equal ids: equal input), and remembering which folders any
// render read so the history can widen its pathspec when the closure moved.
import { posix } from 'node:path';
import { CancellationToken, CancelledError } from '../types';
import { GitObjectStore } from './gitObjectStore';
import { GitTreeFileSystem, LazyTreeSource } from './gitTreeFileSystem';
import { HistoryTarget, findObject, ObjectState, objectState } from './objectState';
import { folderOf, ReadKind, RecordingFileSystem } from './recordingFileSystem';
import { RenderFunction } from './renderFunction';

interface Rendered {
  state: ObjectState;
  /** Paths read outside the pathspec, with their ids at render time ('-' when missing). */
  outside: Map<string, string>;
}

/**
 * Renders the app at commits from the object store. Equal tree ids of the pathspec folders mean an
 * equal render, as long as the few paths read outside them (a closure that changed over time) are
 * equal too, so those are checked before a cached render is reused.
 */
export class CommitRenderer {
  private readonly cache = new Map<string, Rendered[]>();
  private pathspec: string[] = [];
  /** Folders that held something any render read: where the closure was at the commits seen. */
  readonly foldersRead = new Set<string>();
  /** Files the first render read: fetched ahead for every commit of a page. */
  private readonly hotFiles = new Set<string>();
  constructor(
    private readonly store: GitObjectStore,
    private readonly top: string,
    private readonly appPath: string,
    private readonly target: HistoryTarget,
    private readonly render: RenderFunction,
    private readonly token: CancellationToken,
  ) {}

  setPathspec(p: string[]): void {
    this.pathspec = p;
    this.cache.clear();
    this.keys.clear();
  }

  private inPathspec(rel: string): boolean {
    return this.pathspec.some((p) => p === '' || rel === p || rel.startsWith(p + '/'));
  }

  private async entryId(source: LazyTreeSource, rel: string): Promise<string> {
    return (await source.dirId(rel)) ?? '-';
  }

  private async renderState(fs: RecordingFileSystem): Promise<ObjectState> {
    // Before the app folder existed the object was simply absent, not broken.
    const appDir = this.appPath ? posix.join(this.top, this.appPath) : this.top;
    if (this.token.isCancellationRequested) throw new CancelledError();
    const appThere = await fs.stat(appDir).then((st) => st.type === 'directory', () => false);
    if (!appThere) return { kind: 'absent' };
    try {
      return objectState(findObject(await this.render(fs, this.top, this.appPath, this.token), this.target));
    } catch (e) {
      if (e instanceof CancelledError || this.token.isCancellationRequested) throw new CancelledError();
      return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Renders at `commit`; `reads` receives the repo-relative paths the renderer touched. */
  private readonly keys = new Map<string, Promise<{ source: LazyTreeSource; key: string } | undefined>>();

  /** The commit's tree and cache key; memoised, so prefetching a page pipelines its reads. */
  keyOf(commit: string): Promise<{ source: LazyTreeSource; key: string } | undefined> {
    let p = this.keys.get(commit);
    if (!p) {
      p = (async () => {
        const tree = await this.store.treeOfCommit(commit);
        if (!tree) return undefined;
        const source = new LazyTreeSource(this.store, tree);
        const key = (await Promise.all(this.pathspec.map(async (d) => `${d}=${await this.entryId(source, d)}`))).join('\n');
        return { source, key };
      })();
      this.keys.set(commit, p);
    }
    return p;
  }

  /**
   * Reads a commit's tree key and the blobs of the files renders usually read, all at once: the
   * renderer reads one file after another, so without this each new blob costs a round trip.
   */
  async prefetch(commit: string): Promise<void> {
    const keyed = await this.keyOf(commit);
    if (!keyed) return;
    await Promise.all(
      [...this.hotFiles].map(async (f) => {
        const d = await keyed.source.dir(posix.dirname(f) === '.' ? '' : posix.dirname(f));
        const e = d?.get(posix.basename(f));
        if (e?.kind === 'file') await this.store.read(e.id);
      }),
    );
  }

  async at(commit: string, reads?: Map<string, ReadKind>): Promise<Rendered> {
    const keyed = await this.keyOf(commit);
    if (!keyed) return { state: { kind: 'error', message: `commit ${commit} is not in the repository` }, outside: new Map() };
    const { source, key } = keyed;
    for (const hit of this.cache.get(key) ?? []) {
      let same = true;
      for (const [rel, id] of hit.outside) if ((await this.entryId(source, rel)) !== id) same = false;
      if (same) return hit;
    }
    const fs = new RecordingFileSystem(new GitTreeFileSystem(this.store, source, this.top), this.top);
    const state = await this.renderState(fs);
    if (reads) for (const [r, k] of fs.reads) reads.set(r, k);
    if (!this.hotFiles.size) for (const [r, k] of fs.reads) if (k === 'file') this.hotFiles.add(r);
    for (const [r, k] of fs.reads) if (k !== 'missing') this.foldersRead.add(folderOf(r, k));
    const outside = new Map<string, string>();
    for (const r of fs.reads.keys()) if (!this.inPathspec(r)) outside.set(r, await this.entryId(source, r));
    const result = { state, outside };
    const list = this.cache.get(key) ?? [];
    list.push(result);
    this.cache.set(key, list);
    return result;
  }
}
