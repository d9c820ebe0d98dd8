// The workspace's folders, each its own repository root with its own Services (index, scans, editor sync).
// Features register once against the registry: language providers and commands route to the folder of the
// document or item they act on (folderRouting.ts), and per-folder state (validation, drift, plan, history)
// is set up through `eachFolder`, which also covers folders added later and disposes what a removed folder had.
import * as vscode from 'vscode';
import { chooseFolder, FolderHints, folderForUri } from './folderRouting';
import type { Services } from './services';

export interface FolderChange {
  added: Services[];
  removed: Services[];
}

/** Per-folder values in the workspace's folder order. */
export interface PerFolder<T> {
  get(services: Services | undefined): T | undefined;
  entries(): Array<{ services: Services; value: T }>;
}

type Setup = (services: Services) => vscode.Disposable | vscode.Disposable[] | void;

export class FolderRegistry implements vscode.Disposable {
  private readonly folders: Services[] = [];
  private readonly setups: Setup[] = [];
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
    return [...this.folders];
  }

  get size(): number {
    return this.folders.length;
  }

  /** True when the trees show a level per folder. */
  get grouped(): boolean {
    return this.folders.length > 1;
  }

  first(): Services | undefined {
    return this.folders[0];
  }

  byKey(key: string | undefined): Services | undefined {
    return key === undefined ? undefined : this.folders.find((f) => f.key === key);
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
  eachFolder(setup: Setup): void {
    this.setups.push(setup);
    for (const f of this.folders) this.runSetup(setup, f);
  }

  /** One `T` per folder (a controller holding that folder's state), made by `make` as folders come and disposed as they go. */
  perFolder<T extends vscode.Disposable>(make: (services: Services) => T): PerFolder<T> {
    const values = new Map<string, { services: Services; value: T }>();
    const folders = this;
    this.eachFolder((services) => {
      const value = make(services);
      values.set(services.key, { services, value });
      return {
        dispose: () => {
          values.delete(services.key);
          value.dispose();
        },
      };
    });
    return {
      get: (services) => (services ? values.get(services.key)?.value : undefined),
      entries: () => folders.all().flatMap((services) => {
        const v = values.get(services.key);
        return v ? [{ services, value: v.value }] : [];
      }),
    };
  }

  private roots(): Array<{ key: string; root: vscode.Uri; services: Services }> {
    return this.folders.map((services) => ({ key: services.key, root: services.workspaceRoot, services }));
  }

  private runSetup(setup: Setup, services: Services): void {
    try {
      const out = setup(services);
      if (Array.isArray(out)) services.subscriptions.push(...out);
      else if (out) services.subscriptions.push(out);
    } catch (err) {
      // One feature failing for one folder must not take the others down.
      services.logger.error(`setting up ${services.name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }

  private update(added: readonly vscode.WorkspaceFolder[], removed: readonly vscode.WorkspaceFolder[]): void {
    const gone: Services[] = [];
    for (const r of removed) {
      const i = this.folders.findIndex((f) => f.key === r.uri.toString());
      if (i < 0) continue;
      const [services] = this.folders.splice(i, 1);
      gone.push(services);
      services.logger.info(`workspace folder removed: ${services.name}`);
      for (const d of services.subscriptions.splice(0).reverse()) d.dispose();
    }
    const fresh: Services[] = [];
    for (const folder of added) {
      if (this.folders.some((f) => f.key === folder.uri.toString())) continue;
      const services = this.create(folder);
      this.folders.push(services);
      fresh.push(services);
    }
    // Keep VS Code's order (the first folder is the one `services` in the API means).
    const order = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    this.folders.sort((a, b) => rank(order, a.key) - rank(order, b.key));
    for (const services of fresh) for (const setup of this.setups) this.runSetup(setup, services);
    if (fresh.length || gone.length) this.changed.fire({ added: fresh, removed: gone });
  }

  dispose(): void {
    for (const f of this.folders.splice(0)) for (const d of f.subscriptions.splice(0).reverse()) d.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
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
