// Per-object history from Git: the commits that changed an object's RENDERED form, newest first.
// 1. Render the app at the start commit through a recording file system: the files and folders it
//    reads (plus the index's closure, when given) are the object's render closure; their folders
//    are the pathspec, so new patches or generator files next to them count too.
// 2. `git log --first-parent -- <pathspec>` pages through candidate commits.
// 3. Each candidate and its first parent are rendered from the object store (never the working tree)
//    and kept when the object differs. Renders are cached by the tree ids of the pathspec folders,
//    so a parent's render is usually the previous candidate's.
import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { CancellationToken, CancelledError, KubeObject, NEVER_CANCELLED, ProgressReporter } from '../types';
import { builtinRender, RenderFunction } from './renderFunction';
import { GitObjectStore } from './gitObjectStore';
import { GitTreeFileSystem, LazyTreeSource } from './gitTreeFileSystem';
import { HistoryObject, HistoryTarget, findObject, ObjectState, objectState, statesDiffer } from './objectState';
import { parsePullRequestRef, PullRequestRef } from './pullRequestRef';
import { folderOf, ReadKind, RecordingFileSystem } from './recordingFileSystem';

export interface HistoryRequest {
  /** Any directory inside the repository. */
  repoDir: string;
  /** Repo-relative folder the object is rendered from (a kustomization or plain folder). */
  appPath: string;
  target: HistoryTarget;
  /** Where history starts (default HEAD). */
  rev?: string;
  /** Candidate commits scanned per page (default 50). */
  pageSize?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  render?: RenderFunction;
  /** Repo-relative files known (from the index) to feed the object; widened to their folders. */
  closureFiles?: string[];
  /** Keep the object versions on each entry (for a diff view). */
  includeObjects?: boolean;
  /** Reuse a store across calls (the VS Code layer keeps one per repository). */
  store?: GitObjectStore;
  token?: CancellationToken;
  progress?: ProgressReporter;
}

export interface HistoryEntry {
  commit: string;
  parent?: string;
  author: string;
  authorEmail: string;
  /** ISO 8601 author date. */
  date: string;
  subject: string;
  message: string;
  pullRequest?: PullRequestRef;
  change: 'added' | 'removed' | 'modified' | 'render-broken' | 'render-fixed';
  /** Changed field paths of the rendered object (empty for added/removed). */
  paths: string[];
  /** Repo-relative files of the render closure this commit changed. */
  files: string[];
  renderError?: string;
  before?: KubeObject;
  after?: KubeObject;
}

export interface HistoryPage {
  object: HistoryObject;
  startCommit: string;
  pathspec: string[];
  entries: HistoryEntry[];
  /** Candidate commits looked at on this page. */
  scanned: number;
  nextCursor?: string;
}

export type HistoryErrorCode = 'not-a-repo' | 'bad-revision' | 'bad-cursor' | 'cancelled' | 'git-failed';
export type HistoryResult = { ok: true; value: HistoryPage } | { ok: false; error: { code: HistoryErrorCode; message: string } };

interface Candidate {
  commit: string;
  parent?: string;
  author: string;
  authorEmail: string;
  date: string;
  message: string;
  files: string[];
}

/** Runs git; a cancellation request kills it (polled, as the token is a plain flag). */
function runGit(cwd: string, args: string[], token: CancellationToken = NEVER_CANCELLED): Promise<{ ok: boolean; stdout: string; stderr: string; cancelled?: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1' };
    let cancelled = false;
    const child = execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, env }, (err, stdout, stderr) => {
      clearInterval(poll);
      resolve({ ok: !err && !cancelled, stdout, stderr, cancelled });
    });
    const poll = setInterval(() => {
      if (!token.isCancellationRequested) return;
      cancelled = true;
      child.kill();
    }, 10);
  });
}

const fail = (code: HistoryErrorCode, message: string): HistoryResult => ({ ok: false, error: { code, message } });

/** Folders covering the closure; folders inside another one are dropped. */
export function pathspecOf(paths: Iterable<string>): string[] {
  const dirs = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const d of dirs) if (!out.some((o) => o === '' || d === o || d.startsWith(o + '/'))) out.push(d);
  return out;
}

/** First-parent commits of `revs` (a start, optionally `^exclusions`) touching the pathspec, newest first. */
export async function candidateCommits(
  top: string,
  revs: string[],
  pathspec: string[],
  page: { skip?: number; max?: number },
  token?: CancellationToken,
): Promise<Candidate[] | string | CancelledError> {
  const limits = [...(page.skip ? [`--skip=${page.skip}`] : []), ...(page.max ? [`-n${page.max}`] : [])];
  const args = ['log', '--first-parent', '-z', '--name-only', '--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%B%x1f', ...limits, ...revs, '--', ...pathspec.map((p) => p || '.')];
  const r = await runGit(top, args, token);
  if (r.cancelled) return new CancelledError();
  if (!r.ok) return r.stderr.trim() || 'git log failed';
  const out: Candidate[] = [];
  for (const rec of r.stdout.split('\x1e')) {
    if (!rec.trim()) continue;
    const [commit, parents, author, authorEmail, date, message, rest] = rec.split('\x1f');
    out.push({
      commit,
      parent: parents.split(' ').filter(Boolean)[0],
      author,
      authorEmail,
      date,
      message: message.replace(/\n+$/, ''),
      // git lists every file of a root commit whatever the pathspec, so filter here.
      files: (rest ?? '')
        .split('\0')
        .map((f) => f.trim())
        .filter((f) => f && pathspec.some((p) => p === '' || f === p || f.startsWith(p + '/'))),
    });
  }
  return out;
}

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
class CommitRenderer {
  private readonly cache = new Map<string, Rendered[]>();
  private pathspec: string[] = [];
  /** Folders that held something any render read: where the closure was at the commits seen. */
  readonly foldersRead = new Set<string>();
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

/** Whether the object's render differs between a candidate and its first parent; the entry if so. */
async function evaluate(renderer: CommitRenderer, c: Candidate, includeObjects: boolean): Promise<HistoryEntry | null> {
  const after = (await renderer.at(c.commit)).state;
  const before: ObjectState = c.parent ? (await renderer.at(c.parent)).state : { kind: 'absent' };
  const diff = statesDiffer(before, after);
  if (!diff) return null;
  const entry: HistoryEntry = {
    commit: c.commit,
    parent: c.parent,
    author: c.author,
    authorEmail: c.authorEmail,
    date: c.date,
    subject: c.message.split('\n', 1)[0],
    message: c.message,
    pullRequest: parsePullRequestRef(c.message),
    change: diff.change,
    paths: diff.paths,
    files: c.files,
  };
  if (diff.renderError) entry.renderError = diff.renderError;
  if (includeObjects) {
    if (before.kind === 'present') entry.before = before.object;
    if (after.kind === 'present') entry.after = after.object;
  }
  return entry;
}

/** `START:OFFSET[:PREVIOUS]`: the start commit, candidates already seen, and the last one of them. */
function parseCursor(cursor: string): { start: string; skip: number; previous?: string } | undefined {
  const m = /^([0-9a-f]{40,64}):(\d+)(?::([0-9a-f]{40,64}))?$/.exec(cursor);
  return m ? { start: m[1], skip: Number(m[2]), previous: m[3] } : undefined;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export async function objectHistory(req: HistoryRequest): Promise<HistoryResult> {
  const token = req.token ?? NEVER_CANCELLED;
  const progress = req.progress ?? (() => undefined);
  const pageSize = Math.max(1, req.pageSize ?? 50);
  const topR = await runGit(req.repoDir, ['rev-parse', '--show-toplevel'], token);
  if (topR.cancelled) return fail('cancelled', 'Cancelled.');
  if (!topR.ok) return fail('not-a-repo', `'${req.repoDir}' is not inside a git repository.`);
  const top = topR.stdout.trim();
  const store = req.store ?? new GitObjectStore(top);
  try {
    let start: string | undefined;
    let skip = 0;
    let previous: string | undefined;
    if (req.cursor) {
      const c = parseCursor(req.cursor);
      if (!c) return fail('bad-cursor', `'${req.cursor}' is not a history cursor (expected COMMIT:OFFSET from a previous page).`);
      ({ start, skip, previous } = c);
    }
    start = await store.resolveCommit(start ?? req.rev ?? 'HEAD');
    if (!start) return fail('bad-revision', `'${req.rev ?? 'HEAD'}' is not a commit in this repository${req.rev ? '' : ' (is it empty?)'}.`);
    const appPath = req.appPath === '.' ? '' : req.appPath.replace(/^\.\/|\/+$/g, '');
    const render = req.render ?? builtinRender;
    const renderer = new CommitRenderer(store, top, appPath, req.target, render, token);

    progress(0, 1, 'Finding the files the object is rendered from');
    if (token.isCancellationRequested) return fail('cancelled', 'Cancelled.');
    const reads = new Map<string, ReadKind>([[appPath, 'directory']]);
    await renderer.at(start, reads);
    for (const f of req.closureFiles ?? []) if (!reads.has(f)) reads.set(f, 'file');
    const pathspec = pathspecOf([...reads].map(([r, kind]) => folderOf(r, kind)));
    renderer.setPathspec(pathspec);
    if (token.isCancellationRequested) return fail('cancelled', 'Cancelled.');

    const page = await candidateCommits(top, [start], pathspec, { skip, max: pageSize }, token);
    if (page instanceof CancelledError) return fail('cancelled', 'Cancelled.');
    if (typeof page === 'string') return fail('git-failed', `git log failed: ${page}`);
    const last = page[page.length - 1];
    const morePages = page.length === pageSize;
    // This page covers the first-parent commits after the previous page's last candidate down to this
    // page's last one (to the root on the last page). Older commits may have read folders outside the
    // pathspec (a base that was moved or replaced): widen it and look again within the same range.
    const range = [previous ? `${previous}^` : start, ...(morePages && last?.parent ? [`^${last.parent}`] : [])];
    const evaluated = new Map<string, HistoryEntry | null>();
    let spec = pathspec;
    let list = page;
    for (let round = 0; ; round++) {
      // Reading every candidate's trees at once lets the cat-file process answer them back to back
      // instead of one round trip per commit and folder level.
      await Promise.all(list.flatMap((c) => (c.parent ? [c.commit, c.parent] : [c.commit])).map((id) => renderer.keyOf(id)));
      for (let i = 0; i < list.length; i++) {
        if (token.isCancellationRequested) return fail('cancelled', 'Cancelled.');
        const c = list[i];
        if (evaluated.has(c.commit)) continue;
        progress(i, list.length, `Rendering ${c.commit.slice(0, 8)}`);
        evaluated.set(c.commit, await evaluate(renderer, c, req.includeObjects === true));
      }
      const wider = pathspecOf([...spec, ...renderer.foldersRead]);
      if (sameSet(wider, spec) || round >= 2 || !list.length || (previous === undefined && skip > 0)) break;
      spec = wider;
      renderer.setPathspec(spec);
      const again = await candidateCommits(top, range, spec, {}, token);
      if (again instanceof CancelledError) return fail('cancelled', 'Cancelled.');
      if (typeof again === 'string') return fail('git-failed', `git log failed: ${again}`);
      list = again;
    }
    const entries = list.map((c) => evaluated.get(c.commit)).filter((e): e is HistoryEntry => !!e);
    progress(list.length, list.length, `${entries.length} of ${list.length} commits changed the object`);
    return {
      ok: true,
      value: {
        object: { ...req.target, app: appPath },
        startCommit: start,
        pathspec: spec,
        entries,
        scanned: list.length,
        nextCursor: morePages && last ? `${start}:${skip + pageSize}:${last.commit}` : undefined,
      },
    };
  } catch (e) {
    if (e instanceof CancelledError) return fail('cancelled', 'Cancelled.');
    return fail('git-failed', e instanceof Error ? e.message : String(e));
  } finally {
    if (!req.store) store.dispose();
  }
}
