// Turns the user's settings into the index's settings. No `vscode` import: the caller passes plain values.
import type { IndexSettings } from '../../core/index/model';
import { DEFAULT_INDEX_SETTINGS } from '../../core/index/model';

export interface RawIndexSettings {
  /** `reconcile.exclude`: picomatch globs relative to the workspace root. */
  exclude?: unknown;
  /** `reconcile.maxFileSizeMB`. */
  maxFileSizeMB?: unknown;
  /** `files.exclude`: glob → boolean (or `{ when }` objects, which depend on sibling files and are not supported). */
  filesExclude?: unknown;
  repoUrls?: string[];
}

/**
 * VS Code's `files.exclude` patterns match a path or any of its parents (`**\/.git` hides everything inside),
 * while the index matches file paths: add `/**` so a folder pattern also excludes what is below it.
 */
export function filesExcludeGlobs(filesExclude: unknown): string[] {
  if (!filesExclude || typeof filesExclude !== 'object') return [];
  const out: string[] = [];
  for (const [glob, on] of Object.entries(filesExclude as Record<string, unknown>)) {
    if (on !== true || glob.trim() === '') continue;
    const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    out.push(g, `${g}/**`);
  }
  return out;
}

export function toIndexSettings(raw: RawIndexSettings): Partial<IndexSettings> & { exclude: string[] } {
  const user = Array.isArray(raw.exclude) ? raw.exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  const mb = typeof raw.maxFileSizeMB === 'number' && Number.isFinite(raw.maxFileSizeMB) && raw.maxFileSizeMB > 0 ? raw.maxFileSizeMB : 5;
  const exclude = [...new Set([...DEFAULT_INDEX_SETTINGS.exclude, ...user, ...filesExcludeGlobs(raw.filesExclude)])];
  return {
    exclude,
    maxFileSizeBytes: Math.round(mb * 1024 * 1024),
    ...(raw.repoUrls && raw.repoUrls.length > 0 ? { repoUrls: raw.repoUrls } : {}),
  };
}
