// The core FileSystem over one commit of the git object store: no checkout, no index, no change to the
// working tree. Paths look like working-tree paths (`root` + repo-relative path) so a renderer reads a
// commit exactly as it reads the disk. Directories come from tree objects (lazily, through the shared
// cat-file process; unchanged subtrees are shared between commits) or, as the plain alternative, from
// one `git ls-tree -r -t -l` per commit. Symlinks inside the repository are followed like the OS does;
// a link out of it (mode 120000 blob naming /etc/passwd or ../../x) is never followed, only reported by realPath.
import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { FileSystem } from '../types';
import { entryKind, GitObjectStore, TreeEntry } from './gitObjectStore';

/** Where directory listings come from. `dir('')` is the repository root. */
export interface TreeSource {
  dir(rel: string): Promise<Map<string, TreeEntry> | undefined>;
}

const MAX_SYMLINK_HOPS = 40;

export function notFound(op: string, path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${op} '${path}'`), { code: 'ENOENT' });
}

/** Reads directories by walking tree objects from the root tree, on demand. */
export class LazyTreeSource implements TreeSource {
  constructor(
    private readonly store: GitObjectStore,
    readonly rootTree: string,
  ) {}

  async dir(rel: string): Promise<Map<string, TreeEntry> | undefined> {
    let tree = await this.store.tree(this.rootTree);
    if (rel === '') return tree;
    for (const part of rel.split('/')) {
      const e = tree?.get(part);
      if (!e || e.kind !== 'directory') return undefined;
      tree = await this.store.tree(e.id);
    }
    return tree;
  }

  /** The tree id of a directory (for cache keys: equal ids mean equal content below). */
  async dirId(rel: string): Promise<string | undefined> {
    if (rel === '') return this.rootTree;
    const parent = await this.dir(posix.dirname(rel) === '.' ? '' : posix.dirname(rel));
    const e = parent?.get(posix.basename(rel));
    return e ? e.id : undefined;
  }
}

/** All directories of a commit from one `git ls-tree -r -t -l -z` (sizes included). */
export class LsTreeSource implements TreeSource {
  private constructor(private readonly dirs: Map<string, Map<string, TreeEntry>>) {}

  static async load(repoDir: string, commit: string): Promise<LsTreeSource> {
    const out = await new Promise<string>((resolve, reject) => {
      execFile('git', ['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit], { cwd: repoDir, maxBuffer: 512 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) =>
        err ? reject(new Error(`git ls-tree ${commit} failed: ${stderr.trim() || err.message}`)) : resolve(stdout),
      );
    });
    const dirs = new Map<string, Map<string, TreeEntry>>([['', new Map()]]);
    for (const rec of out.split('\0')) {
      if (!rec) continue;
      const tab = rec.indexOf('\t');
      const [mode, , id, size] = rec.slice(0, tab).split(/ +/);
      const path = rec.slice(tab + 1);
      const slash = path.lastIndexOf('/');
      const parent = slash < 0 ? '' : path.slice(0, slash);
      const name = path.slice(slash + 1);
      const kind = entryKind(mode);
      if (kind === 'directory' && !dirs.has(path)) dirs.set(path, new Map());
      let d = dirs.get(parent);
      if (!d) dirs.set(parent, (d = new Map()));
      d.set(name, { name, mode, id, kind, size: size === '-' ? undefined : Number(size) });
    }
    return new LsTreeSource(dirs);
  }

  async dir(rel: string): Promise<Map<string, TreeEntry> | undefined> {
    return this.dirs.get(rel);
  }
}

export class GitTreeFileSystem implements FileSystem {
  /** Absolute path the repository root maps to (normally the working tree's top level), with `/`. */
  readonly root: string;

  constructor(
    private readonly store: GitObjectStore,
    private readonly source: TreeSource,
    root: string,
  ) {
    this.root = posix.normalize(root.replace(/\\/g, '/'));
  }

  /** A file system over `commit` (any revision expression) with lazily read trees. */
  static async atCommit(store: GitObjectStore, commit: string, root: string): Promise<GitTreeFileSystem | undefined> {
    const id = await store.resolveCommit(commit);
    const tree = id && (await store.treeOfCommit(id));
    return tree ? new GitTreeFileSystem(store, new LazyTreeSource(store, tree), root) : undefined;
  }

  /** The same through one `git ls-tree` listing (sizes known up front). */
  static async atCommitListed(store: GitObjectStore, commit: string, root: string): Promise<GitTreeFileSystem> {
    return new GitTreeFileSystem(store, await LsTreeSource.load(store.repoDir, commit), root);
  }

  private relOf(path: string): string | undefined {
    const norm = posix.normalize(path.replace(/\\/g, '/'));
    const r = posix.relative(this.root, norm);
    if (r === '') return '';
    if (r.startsWith('..') || posix.isAbsolute(r)) return undefined;
    return r;
  }

  /**
   * Resolves a repo-relative path to its entry, following symlinks in every component (and in the
   * last one when `followLast`). Returns the canonical repo-relative path too, or, for a link whose
   * target leaves the repository (absolute, or too many `..`), where it leads: that is never read (the
   * object store holds nothing outside the commit anyway), only named, so the renderer can refuse it.
   */
  private async lookup(rel: string, followLast: boolean): Promise<{ path: string; entry?: TreeEntry } | { outside: string } | undefined> {
    let parts = rel === '' ? [] : rel.split('/');
    let hops = 0;
    let i = 0;
    let current: string[] = [];
    let entry: TreeEntry | undefined;
    while (i < parts.length) {
      const dirMap = await this.source.dir(current.join('/'));
      const e = dirMap?.get(parts[i]);
      if (!e) return undefined;
      const last = i === parts.length - 1;
      if (e.kind === 'symlink' && (!last || followLast)) {
        if (++hops > MAX_SYMLINK_HOPS) return undefined;
        const target = (await this.store.read(e.id))?.content.toString('utf8');
        if (target === undefined) return undefined;
        const rest = parts.slice(i + 1);
        if (posix.isAbsolute(target)) return { outside: posix.join(target, ...rest) };
        const joined = posix.normalize(posix.join(current.join('/'), target));
        if (joined === '..' || joined.startsWith('../')) return { outside: posix.join(this.root, joined, ...rest) };
        parts = [...(joined === '.' ? [] : joined.split('/')), ...rest];
        current = [];
        i = 0;
        entry = undefined;
        continue;
      }
      if (!last && e.kind !== 'directory') return undefined;
      current.push(parts[i]);
      entry = e;
      i++;
    }
    return { path: current.join('/'), entry };
  }

  /** An entry inside the commit, or undefined (missing, or a link out of the repository: never followed). */
  private async inside(path: string): Promise<{ path: string; entry?: TreeEntry } | undefined> {
    const rel = this.relOf(path);
    const hit = rel === undefined ? undefined : await this.lookup(rel, true);
    return hit && 'path' in hit ? hit : undefined;
  }

  async readFile(path: string): Promise<Uint8Array> {
    const hit = await this.inside(path);
    if (!hit?.entry || hit.entry.kind !== 'file') throw notFound('open', path);
    const o = await this.store.read(hit.entry.id);
    if (!o) throw notFound('open', path);
    return o.content;
  }

  async readDirectory(path: string): Promise<Array<{ name: string; type: 'file' | 'directory' | 'symlink' | 'other' }>> {
    const hit = await this.inside(path);
    if (!hit || (hit.entry && hit.entry.kind !== 'directory')) throw notFound('scandir', path);
    const d = await this.source.dir(hit.path);
    if (!d) throw notFound('scandir', path);
    return [...d.values()].map((e) => ({ name: e.name, type: e.kind === 'submodule' ? 'other' : e.kind }));
  }

  async stat(path: string): Promise<{ type: 'file' | 'directory' | 'other'; size: number }> {
    const hit = await this.inside(path);
    if (!hit) throw notFound('stat', path);
    if (!hit.entry || hit.entry.kind === 'directory') return { type: 'directory', size: 0 };
    if (hit.entry.kind !== 'file') return { type: 'other', size: 0 };
    if (hit.entry.size !== undefined) return { type: 'file', size: hit.entry.size };
    const o = await this.store.read(hit.entry.id);
    if (!o) throw notFound('stat', path);
    return { type: 'file', size: o.content.length };
  }

  /** Like realpath(3): a link out of the repository resolves to its target outside (see `lookup`). */
  async realPath(path: string): Promise<string> {
    const rel = this.relOf(path);
    // Outside the repository the commit knows nothing; the path is its own answer, and nothing there is read.
    if (rel === undefined) return posix.normalize(path.replace(/\\/g, '/'));
    const hit = await this.lookup(rel, true);
    if (!hit) throw notFound('realpath', path);
    if ('outside' in hit) return hit.outside;
    return hit.path === '' ? this.root : posix.join(this.root, hit.path);
  }
}
