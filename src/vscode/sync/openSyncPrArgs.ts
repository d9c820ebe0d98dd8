// The argument of `reconcile.openSyncPr`, checked; no `vscode` import so it is unit-testable.

/** Arguments for running the command without prompts (other features' buttons, tests). */
export interface OpenSyncPrArgs {
  /** Repo-relative files; with `title` set, these are used as they are, without the file picker. */
  files?: string[];
  title?: string;
  base?: string;
  /** The git remote to push to; default: the one the base branch tracks, the only one, else a pick. */
  remote?: string;
  draft?: boolean;
}

export function parseOpenSyncPrArgs(arg: unknown): OpenSyncPrArgs {
  if (Array.isArray(arg)) return { files: arg.filter((f): f is string => typeof f === 'string') };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  return {
    files: Array.isArray(a.files) ? a.files.filter((f): f is string => typeof f === 'string') : undefined,
    title: typeof a.title === 'string' && a.title.trim() ? a.title : undefined,
    base: typeof a.base === 'string' ? a.base : undefined,
    remote: typeof a.remote === 'string' && a.remote.trim() ? a.remote.trim() : undefined,
    draft: typeof a.draft === 'boolean' ? a.draft : undefined,
  };
}
