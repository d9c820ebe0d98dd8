// What brings preview panels back after a window reload. VS Code restores a serialized panel with its
// title; the target behind each open title is remembered in workspace state (plain data, no webview
// involvement), and found again in the fresh index: an app by its defining file, document and name
// (ApplicationSet-generated apps share a file), a path as it was. No `vscode` import (unit-tested).
import type { AppEntry } from '../../core/index/model';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import type { PreviewTarget } from './renderPreview';

export type SavedTarget =
  | { kind: 'path'; path: string }
  | { kind: 'app'; appKind: AppEntry['kind']; file: string; documentIndex: number; name: string };

/** The part of `vscode.Memento` used here. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const STATE_KEY = 'reconcile.preview.openPanels';
/** Also in package.json's `onWebviewPanel:` activation event, which restores panels after a reload. */
export const PREVIEW_VIEW_TYPE = 'reconcile.preview';

export function saveTarget(t: PreviewTarget): SavedTarget {
  return t.kind === 'path' ? { kind: 'path', path: t.path } : { kind: 'app', appKind: t.app.kind, file: t.app.file, documentIndex: t.app.documentIndex, name: t.app.name };
}

function isSaved(v: unknown): v is SavedTarget {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  if (s.kind === 'path') return typeof s.path === 'string';
  return s.kind === 'app' && typeof s.appKind === 'string' && typeof s.file === 'string' && typeof s.documentIndex === 'number' && typeof s.name === 'string';
}

/** The target again, or undefined when the app is gone (deleted, renamed) or the path no longer exists. */
export function restoreTarget(saved: SavedTarget, index: RepositoryIndex): PreviewTarget | undefined {
  if (saved.kind === 'path') return saved.path === '' || index.exists(saved.path) === 'directory' ? { kind: 'path', path: saved.path } : undefined;
  const app = index.apps().find((a) => a.kind === saved.appKind && a.file === saved.file && a.name === saved.name && a.documentIndex === saved.documentIndex)
    // The document moved within its file (one inserted above): the same app by name is still it.
    ?? index.apps().find((a) => a.kind === saved.appKind && a.file === saved.file && a.name === saved.name);
  return app && { kind: 'app', app };
}

/** Open previews by panel title, kept in workspace state so a reloaded window finds their targets. */
export class RememberedPreviews {
  constructor(private readonly store: StateStore) {}

  private all(): Array<{ title: string; target: SavedTarget }> {
    const v = this.store.get<unknown>(STATE_KEY);
    return Array.isArray(v) ? v.filter((e): e is { title: string; target: SavedTarget } => !!e && typeof e.title === 'string' && isSaved(e.target)) : [];
  }

  async opened(title: string, target: PreviewTarget): Promise<void> {
    const saved = saveTarget(target);
    const rest = this.all().filter((e) => JSON.stringify(e.target) !== JSON.stringify(saved));
    await this.store.update(STATE_KEY, [...rest, { title, target: saved }]);
  }

  closed(target: PreviewTarget): Promise<void> {
    return this.forget(saveTarget(target));
  }

  async forget(saved: SavedTarget): Promise<void> {
    const key = JSON.stringify(saved);
    await this.store.update(STATE_KEY, this.all().filter((e) => JSON.stringify(e.target) !== key));
  }

  /** The target of a restored panel with `title` (the first one not `taken` yet: two panels may share a title). */
  find(title: string, taken: (t: SavedTarget) => boolean): SavedTarget | undefined {
    return this.all().find((e) => e.title === title && !taken(e.target))?.target;
  }
}
