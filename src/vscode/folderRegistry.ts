// The workspace's folders, each its own repository root with its own Services (index, scans, editor sync).
// Features register once against the registry: language providers and commands route to the folder of the
// document or item they act on (folderRouting.ts), and per-folder state (validation, drift, plan, history)
// is set up through `eachFolder`, which also covers folders added later and disposes what a removed folder had.
import * as vscode from 'vscode';
import { chooseFolder, FolderHints, folderForUri } from './folderRouting';
import { FolderSet, FolderSetup, PerFolder as PerFolderOf } from './folderSet';
import type { Services } from './services';

export interface FolderChange {
  added: Services[];
  removed: Services[];
}

export type PerFolder<T> = PerFolderOf<T, Services>;

export class FolderRegistry implements vscode.Disposable {
  private readonly set = new FolderSet<Services>((services, err) =>
    services.logger.error(`setting up ${services.name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
  );
  private readonly changed = new vscode.EventEmitter<FolderChange>();
  /** Fires after folders were added or removed (their setups have run or been disposed). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly create: (folder: vscode.WorkspaceFolder) => Services) {}

  /** Builds the services of the folders open now, and follows `onDidChangeWorkspaceFolders` from then on. */
  start(folders: readonly vscode.WorkspaceFolder[]): void {
    this.update(folders, []);
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders((e) => this.update(e.added, e.removed)));
  }

  /** In the workspace's folder order. */
  all(): Services[] {
    return this.set.all();
  }

  get size(): number {
    return this.set.all().length;
  }

  /** True when the trees show a level per folder. */
  get grouped(): boolean {
    return this.size > 1;
  }

  first(): Services | undefined {
    return this.set.all()[0];
  }

  byKey(key: string | undefined): Services | undefined {
    return this.set.byKey(key);
  }

  /** The folder a file belongs to (the deepest when folders nest); undefined outside every folder. */
  forUri(uri: vscode.Uri | undefined): Services | undefined {
    return folderForUri(this.roots(), uri)?.services;
  }

  /** The folder of the active editor's document, if it is in one. */
  forActiveEditor(): Services | undefined {
    return this.forUri(vscode.window.activeTextEditor?.document.uri);
  }

  /**
   * The folder a one-repository command runs in (see chooseFolder): from the argument, the URI, the only
   * folder, the folders holding what it names, the active editor; a pick when that leaves several.
   */
  async choose(hints: Omit<FolderHints, 'activeEditor'>, title: string): Promise<Services | undefined> {
    const choice = chooseFolder(this.roots(), { ...hints, activeEditor: vscode.window.activeTextEditor?.document.uri });
    if (choice.kind === 'none') return undefined;
    if (choice.kind === 'folder') return choice.folder.services;
    const picked = await vscode.window.showQuickPick(
      choice.candidates.map((c) => ({ label: c.services.name, description: c.services.workspaceRoot.fsPath || c.services.workspaceRoot.toString(), services: c.services })),
      { title, placeHolder: 'Which workspace folder (repository)?', ignoreFocusOut: true },
    );
    return picked?.services;
  }

  /**
   * Runs `setup` for every folder now and for each folder added later (in registration order); what it returns
   * is disposed with its folder.
   */
  eachFolder(setup: FolderSetup<Services>): void {
    this.set.eachFolder(setup);
  }

  /** One `T` per folder (a controller holding that folder's state), made by `make` as folders come and disposed as they go. */
  perFolder<T extends vscode.Disposable>(make: (services: Services) => T): PerFolder<T> {
    return this.set.perFolder(make);
  }

  private roots(): Array<{ key: string; root: vscode.Uri; services: Services }> {
    return this.set.all().map((services) => ({ key: services.key, root: services.workspaceRoot, services }));
  }

  private update(added: readonly vscode.WorkspaceFolder[], removed: readonly vscode.WorkspaceFolder[]): void {
    // Keep VS Code's order (the first folder is the one `services` in the API means).
    const order = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    const fresh = added.filter((f) => !this.set.has(f.uri.toString())).map((f) => this.create(f));
    const change = this.set.update(fresh, removed.map((f) => f.uri.toString()), order);
    for (const s of change.removed) s.logger.info(`workspace folder removed: ${s.name}`);
    if (change.added.length || change.removed.length) this.changed.fire(change);
  }

  dispose(): void {
    this.set.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** A view of per-folder values through `f` (a controller's tree provider, say). */
export function mapPerFolder<T, U>(values: PerFolder<T>, f: (value: T) => U): PerFolder<U> {
  return {
    get: (services) => {
      const v = values.get(services);
      return v === undefined ? undefined : f(v);
    },
    entries: () => values.entries().map((e) => ({ services: e.services, value: f(e.value) })),
  };
}

/** The URI schemes of the folders open now (document selectors are fixed when a provider registers). */
export function folderSchemes(folders: FolderRegistry): string[] {
  const schemes = [...new Set(folders.all().map((f) => f.workspaceRoot.scheme))];
  return schemes.length ? schemes : ['file'];
}
