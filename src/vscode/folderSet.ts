// The bookkeeping behind FolderRegistry, without `vscode` (unit-tested): per-folder values in the workspace's
// order, setups that run for every folder present and every folder added later, and the disposal of what a
// folder had when it goes (in reverse order of creation).

export interface Disposable {
  dispose(): unknown;
}

export interface FolderEntry {
  /** The folder's URI as a string. */
  key: string;
  /** Disposed, last first, when the folder leaves. */
  subscriptions: Disposable[];
}

export type FolderSetup<F> = (folder: F) => Disposable | Disposable[] | void;

/** Per-folder values in the workspace's folder order. */
export interface PerFolder<T, F extends FolderEntry = FolderEntry> {
  get(folder: F | undefined): T | undefined;
  entries(): Array<{ services: F; value: T }>;
}

export class FolderSet<F extends FolderEntry> {
  private readonly folders: F[] = [];
  private readonly setups: Array<FolderSetup<F>> = [];

  /** `onSetupError`: one feature failing for one folder must not take the other features or folders down. */
  constructor(private readonly onSetupError: (folder: F, err: unknown) => void) {}

  all(): F[] {
    return [...this.folders];
  }

  byKey(key: string | undefined): F | undefined {
    return key === undefined ? undefined : this.folders.find((f) => f.key === key);
  }

  has(key: string): boolean {
    return this.folders.some((f) => f.key === key);
  }

  /** Runs `setup` for every folder now and for each folder added later; what it returns is disposed with the folder. */
  eachFolder(setup: FolderSetup<F>): void {
    this.setups.push(setup);
    for (const f of this.folders) this.run(setup, f);
  }

  /** One `T` per folder, made as folders come and disposed as they go. */
  perFolder<T extends Disposable>(make: (folder: F) => T): PerFolder<T, F> {
    const values = new Map<string, T>();
    this.eachFolder((folder) => {
      const value = make(folder);
      values.set(folder.key, value);
      return {
        dispose: () => {
          values.delete(folder.key);
          value.dispose();
        },
      };
    });
    return {
      get: (folder) => (folder ? values.get(folder.key) : undefined),
      entries: () => this.folders.flatMap((services) => (values.has(services.key) ? [{ services, value: values.get(services.key)! }] : [])),
    };
  }

  /**
   * Removes the folders of `removed` (disposing what they had), adds `added` (already built; a key present already
   * is skipped and the extra value disposed), orders everything as `order` says (unknown keys last), then runs the
   * setups for the new folders. Returns what really changed.
   */
  update(added: readonly F[], removed: readonly string[], order: readonly string[]): { added: F[]; removed: F[] } {
    const gone: F[] = [];
    for (const key of removed) {
      const i = this.folders.findIndex((f) => f.key === key);
      if (i < 0) continue;
      const [folder] = this.folders.splice(i, 1);
      gone.push(folder);
      disposeAll(folder);
    }
    const fresh: F[] = [];
    for (const folder of added) {
      if (this.has(folder.key)) {
        disposeAll(folder);
        continue;
      }
      this.folders.push(folder);
      fresh.push(folder);
    }
    const rank = (key: string) => {
      const i = order.indexOf(key);
      return i < 0 ? order.length : i;
    };
    this.folders.sort((a, b) => rank(a.key) - rank(b.key));
    for (const folder of fresh) for (const setup of this.setups) this.run(setup, folder);
    return { added: fresh, removed: gone };
  }

  /** Disposes every folder's subscriptions (the extension deactivates). */
  clear(): void {
    for (const f of this.folders.splice(0)) disposeAll(f);
  }

  private run(setup: FolderSetup<F>, folder: F): void {
    try {
      const out = setup(folder);
      if (Array.isArray(out)) folder.subscriptions.push(...out);
      else if (out) folder.subscriptions.push(out);
    } catch (err) {
      this.onSetupError(folder, err);
    }
  }
}

function disposeAll(folder: FolderEntry): void {
  for (const d of folder.subscriptions.splice(0).reverse()) d.dispose();
}
