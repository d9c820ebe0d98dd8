// Which workspace folder a URI, a tree item or a command belongs to. Plain data, no `vscode` import, so the
// routing of a multi-root workspace is unit-tested under Node; folderRegistry.ts applies it to VS Code's folders.

/** The parts of a URI the routing compares (a `vscode.Uri` has them). */
export interface UriLike {
  scheme: string;
  authority: string;
  path: string;
}

export interface FolderRoot {
  /** Stable key of the folder: its URI as a string. */
  key: string;
  root: UriLike;
}

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Whether `uri` is the folder itself or below it (same scheme and authority; `/a/bc` is not under `/a/b`). */
export function isUnder(root: UriLike, uri: UriLike): boolean {
  if (root.scheme !== uri.scheme || root.authority !== uri.authority) return false;
  const r = trimSlash(root.path);
  const p = trimSlash(uri.path);
  return p === r || p.startsWith(r === '/' ? '/' : `${r}/`);
}

/**
 * The folder holding `uri`. A folder nested in another (a workspace listing both `fleet` and `fleet/apps`) takes
 * the files below it: the deepest root wins, like VS Code's own `getWorkspaceFolder`.
 */
export function folderForUri<T extends FolderRoot>(folders: readonly T[], uri: UriLike | undefined): T | undefined {
  if (!uri) return undefined;
  let best: T | undefined;
  for (const f of folders) {
    if (!isUnder(f.root, uri)) continue;
    if (!best || trimSlash(f.root.path).length > trimSlash(best.root.path).length) best = f;
  }
  return best;
}

/** What a command that acts on one repository knows about where it was invoked from, most specific first. */
export interface FolderHints {
  /** The folder key a tree item or argument names. */
  folder?: string;
  /** A URI the command was given (explorer, editor title). */
  uri?: UriLike;
  /** The active editor's document. */
  activeEditor?: UriLike;
  /** Folders whose index holds what the argument names (a repo-relative file, an object), when that is all there is. */
  holding?: readonly string[];
}

/** How the folder was settled: `ask` means the caller shows a pick among `candidates`. */
export type FolderChoice<T> = { kind: 'folder'; folder: T; why: 'named' | 'uri' | 'only' | 'holding' | 'editor' } | { kind: 'ask'; candidates: T[] } | { kind: 'none' };

/**
 * The folder a one-repository command (Open Sync PR, Revert Sync, Show Object History, Preview) runs in:
 * the one the argument names, else the one of the URI it was given, else the only folder, else the only
 * folder holding what it names, else the active editor's; otherwise the user is asked.
 */
export function chooseFolder<T extends FolderRoot>(folders: readonly T[], hints: FolderHints): FolderChoice<T> {
  if (folders.length === 0) return { kind: 'none' };
  if (hints.folder !== undefined) {
    const named = folders.find((f) => f.key === hints.folder);
    if (named) return { kind: 'folder', folder: named, why: 'named' };
  }
  const byUri = folderForUri(folders, hints.uri);
  if (byUri) return { kind: 'folder', folder: byUri, why: 'uri' };
  if (folders.length === 1) return { kind: 'folder', folder: folders[0], why: 'only' };
  if (hints.holding) {
    const holding = folders.filter((f) => hints.holding!.includes(f.key));
    if (holding.length === 1) return { kind: 'folder', folder: holding[0], why: 'holding' };
    if (holding.length > 1) {
      const editor = folderForUri(holding, hints.activeEditor);
      return editor ? { kind: 'folder', folder: editor, why: 'editor' } : { kind: 'ask', candidates: holding };
    }
  }
  const editor = folderForUri(folders, hints.activeEditor);
  if (editor) return { kind: 'folder', folder: editor, why: 'editor' };
  return { kind: 'ask', candidates: [...folders] };
}

/** The `folder` key a tree node or a command argument carries (`{ folder: '<uri>' }`), if any. */
export function folderKeyOf(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const f = (arg as { folder?: unknown }).folder;
  return typeof f === 'string' && f ? f : undefined;
}

/** Tree ids must be unique across the view: with several folders each id gets its folder's key in front. */
export function scopedId(folderKey: string | undefined, id: string): string {
  return folderKey === undefined ? id : `${folderKey}|${id}`;
}
