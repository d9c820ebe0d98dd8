// Per-object history from Git: the commits that changed an object's RENDERED form, newest first.
// 1. Render the app at the start commit through a recording file system: the files and folders it
//    reads (plus the index's closure, when given) are the object's render closure; their folders
//    are the pathspec, so new patches or generator files next to them count too.
// 2. `git log --first-parent -- <pathspec>` pages through candidate commits.
// 3. Each candidate and its first parent are rendered from the object store (never the working tree)
//    and kept when the object differs. Renders are cached by the tree ids of the pathspec folders,
//    so a parent's render is usually the previous candidate's.
// 4. Renders at older commits may read folders outside the pathspec (the closure moved): the pathspec
//    widens and the page's range is searched again.
import { CancellationToken, CancelledError, KubeObject, NEVER_CANCELLED, ProgressReporter } from '../types';
import { Candidate, candidateCommits, pathspecOf, runGit } from './candidateCommits';
import { CommitRenderer } from './commitRenderer';
import { GitObjectStore } from './gitObjectStore';
import { HistoryObject, HistoryTarget, ObjectState, statesDiffer } from './objectState';
import { parsePullRequestRef, PullRequestRef } from './pullRequestRef';
import { folderOf, ReadKind } from './recordingFileSystem';
import { builtinRender, RenderFunction } from './renderFunction';

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

const fail = (code: HistoryErrorCode, message: string): HistoryResult => ({ ok: false, error: { code, message } });

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
      // Reading every candidate's trees and usual files at once lets the cat-file process answer them
      // back to back instead of one round trip per commit, folder level and file.
      await Promise.all(list.flatMap((c) => (c.parent ? [c.commit, c.parent] : [c.commit])).map((id) => renderer.prefetch(id)));
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
