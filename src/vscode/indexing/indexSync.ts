// Keeps the index in step with the workspace: unsaved edits (debounced), and files created, changed or deleted
// on disk (by git, other tools, or VS Code itself). Open dirty buffers win over disk until they are closed.
import * as vscode from 'vscode';
import type { Logger } from '../../core/types';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import type { IndexController } from './indexController';
import type { WorkspacePaths } from '../workspacePaths';

const EDIT_DEBOUNCE_MS = 300;
const DISK_DEBOUNCE_MS = 300;
type DiskChange = 'created' | 'changed' | 'deleted';
const INDEXED_LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'helm', 'dockercompose']);

/** Files whose content the index reads; anything else on disk is ignored by the watcher. */
export function isIndexCandidate(relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  return /\.(ya?ml|json)$/i.test(base) || base === 'Kustomization';
}

export class IndexSync implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Pending unsaved-buffer updates, by repo-relative path. */
  private readonly pendingEdits = new Map<string, { timer: NodeJS.Timeout; document: vscode.TextDocument }>();
  /** Index updates in flight, by path, so `ensureFresh` can wait for one that already started. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Last buffer version pushed to the index, by path. */
  private readonly pushedVersion = new Map<string, number>();
  private readonly pendingDisk = new Map<string, DiskChange>();
  private diskTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: RepositoryIndex,
    private readonly indexing: IndexController,
    private readonly paths: WorkspacePaths,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.scheduleEdit(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onClosed(doc)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.paths.root, '**/*'));
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onDisk(uri, 'created')),
      watcher.onDidChange((uri) => this.onDisk(uri, 'changed')),
      watcher.onDidDelete((uri) => this.onDisk(uri, 'deleted')),
    );
  }

  private tracked(doc: vscode.TextDocument): string | undefined {
    if (!INDEXED_LANGUAGES.has(doc.languageId) && !isIndexCandidate(doc.uri.path)) return undefined;
    return this.paths.toRelative(doc.uri);
  }

  private scheduleEdit(document: vscode.TextDocument): void {
    const rel = this.tracked(document);
    if (!rel) return;
    const pending = this.pendingEdits.get(rel);
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => void this.pushBuffer(rel, document), EDIT_DEBOUNCE_MS);
    this.pendingEdits.set(rel, { timer, document });
  }

  private pushBuffer(rel: string, document: vscode.TextDocument): Promise<void> {
    const pending = this.pendingEdits.get(rel);
    if (pending) clearTimeout(pending.timer);
    this.pendingEdits.delete(rel);
    const version = document.version;
    return this.run(rel, () => this.index.updateFile(rel, document.getText())).then(() => {
      this.pushedVersion.set(rel, version);
    });
  }

  /** Serialises updates per file so an older text never lands after a newer one. */
  private run(rel: string, work: () => Promise<void> | void): Promise<void> {
    const previous = this.inFlight.get(rel) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err: unknown) => this.logger.error(`index update of ${rel} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (this.inFlight.get(rel) === next) this.inFlight.delete(rel);
      });
    this.inFlight.set(rel, next);
    return next;
  }

  /**
   * Makes the index reflect this document's current text before a provider reads it (outline, definitions):
   * flushes a pending debounced edit, or pushes the buffer when it changed since the last push, or when the first
   * scan has not reached the file yet (so the outline of a big repository works before the scan ends).
   * `needsWholeIndex`: wait for the first scan too (cross-file lookups such as definitions).
   */
  async ensureFresh(document: vscode.TextDocument, needsWholeIndex = false): Promise<void> {
    const rel = this.tracked(document);
    if (!rel) return;
    if (needsWholeIndex) await this.indexing.whenReady();
    const stale = this.pendingEdits.has(rel) || (document.isDirty && this.pushedVersion.get(rel) !== document.version);
    if (stale || !this.index.getFile(rel)) {
      await this.pushBuffer(rel, document);
    } else {
      await this.inFlight.get(rel);
    }
  }

  private onClosed(doc: vscode.TextDocument): void {
    const rel = this.tracked(doc);
    if (!rel) return;
    const pending = this.pendingEdits.get(rel);
    if (pending) clearTimeout(pending.timer);
    this.pendingEdits.delete(rel);
    // An edited buffer closed without saving: the index goes back to what is on disk.
    if (this.pushedVersion.delete(rel)) void this.run(rel, () => this.index.closeBuffer(rel));
  }

  private onDisk(uri: vscode.Uri, what: DiskChange): void {
    const rel = this.paths.toRelative(uri);
    if (!rel || rel === '.git' || rel.startsWith('.git/')) return;
    this.queueDisk(rel, what);
  }

  private queueDisk(rel: string, what: DiskChange): void {
    this.pendingDisk.set(rel, what);
    if (this.diskTimer) clearTimeout(this.diskTimer);
    this.diskTimer = setTimeout(() => void this.flushDisk(), DISK_DEBOUNCE_MS);
  }

  private async flushDisk(): Promise<void> {
    this.diskTimer = undefined;
    const batch = [...this.pendingDisk];
    this.pendingDisk.clear();
    let rescan = false;
    for (const [rel, what] of batch) {
      if (rel === '.gitignore' || rel.endsWith('/.gitignore')) {
        rescan = true; // ignore rules change which files are in the index at all
        continue;
      }
      if (what === 'deleted') {
        void this.run(rel, () => this.index.removeFile(rel)); // a file, or every file under a directory
        continue;
      }
      const open = vscode.workspace.textDocuments.find((d) => this.paths.toRelative(d.uri) === rel);
      if (open?.isDirty) continue; // the buffer is the truth until it is saved or closed
      if (what === 'created' && (await this.isDirectory(rel))) {
        rescan = true; // a directory appeared (checkout, copy): its files may not get events of their own
        continue;
      }
      // Every file counts, not only manifests: kustomize `resources` may point at any path, and the index
      // decides itself what it parses.
      void this.run(rel, () => this.index.updateFile(rel));
    }
    if (rescan) void this.indexing.scan('files on disk changed');
  }

  private async isDirectory(rel: string): Promise<boolean> {
    try {
      return ((await vscode.workspace.fs.stat(this.paths.toUri(rel))).type & vscode.FileType.Directory) !== 0;
    } catch {
      return false;
    }
  }

  dispose(): void {
    for (const p of this.pendingEdits.values()) clearTimeout(p.timer);
    if (this.diskTimer) clearTimeout(this.diskTimer);
    for (const d of this.disposables) d.dispose();
  }
}
