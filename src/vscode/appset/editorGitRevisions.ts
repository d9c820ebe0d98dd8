// The editor's side of GitRevisions (core/appset/gitRevisions.ts): ApplicationSet git generators in the editor
// see the checked-out branch and other local revisions, as `reconcile index` does. Git runs only for a `file:`
// folder in a trusted workspace. When HEAD or a ref moves (checkout, commit, fetch), the ApplicationSets are
// expanded again: what a generator naming a branch reads may have changed without any working-tree file changing.
import * as vscode from 'vscode';
import { GitRevisions } from '../../core/appset/gitRevisions';
import type { AppSetOptions } from '../../core/index/appSetExpansions';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import type { Logger } from '../../core/types';

/** Git writes several refs in one operation: re-expand once it has settled. */
const SETTLE_MS = 300;

export class EditorGitRevisions implements vscode.Disposable {
  private readonly revisions: GitRevisions;
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly root: vscode.Uri, private readonly logger: Logger) {
    this.revisions = new GitRevisions(root.fsPath, () => root.scheme === 'file' && vscode.workspace.isTrusted);
  }

  /** For `new RepositoryIndex({ appSets })`. */
  get options(): AppSetOptions {
    return this.revisions.options;
  }

  /** Re-expands the index's ApplicationSets when the repository's HEAD or refs move. */
  follow(index: RepositoryIndex): this {
    if (this.root.scheme !== 'file') return this;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.root, '.git/{HEAD,packed-refs,refs/**}'));
    const moved = (): void => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reexpand(index), SETTLE_MS);
    };
    this.disposables.push(watcher, watcher.onDidChange(moved), watcher.onDidCreate(moved), watcher.onDidDelete(moved));
    return this;
  }

  private async reexpand(index: RepositoryIndex): Promise<void> {
    try {
      const branchChanged = await this.revisions.refresh();
      const hasAppSets = index.files().some((f) => f.documents.some((d) => d.kind === 'ApplicationSet'));
      if (!hasAppSets) return;
      if (branchChanged) this.logger.info(`branch now ${(await this.revisions.currentBranch()) ?? '(detached)'}: expanding ApplicationSets again`);
      await index.reexpandApplicationSets();
    } catch (err) {
      this.logger.error(`ApplicationSets not expanded again after a git change: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.revisions.dispose();
  }
}
