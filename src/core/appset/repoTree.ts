// Reading the repository the way Argo CD's repo server sees a checkout: directories below the root
// (names starting with "." skipped, as GetGitDirectories does), files matched by a pathspec, and nothing
// outside the root: symlinks are followed only when they resolve inside it.
import { posix } from 'node:path';
import { normaliseRepoUrl } from '../index/references';
import { FileSystem } from '../types';
import { goPathCouldMatchBelow, gitPathspecMatcher, literalPrefixDir } from './pathMatch';
import { AppSetContext } from './types';

type Entry = { name: string; type: 'file' | 'directory' | 'symlink' | 'other' };

/** One revision of the repository, with directory listings cached for the whole expansion. */
export class RepoTree {
  private readonly listings = new Map<string, Promise<Entry[]>>();
  private rootReal?: Promise<string>;

  constructor(
    readonly fs: FileSystem,
    readonly root: string,
    private readonly isIgnored: (rel: string) => boolean = () => false,
  ) {}

  abs(rel: string): string {
    return rel === '' ? this.root : posix.join(this.root, rel);
  }

  private list(rel: string): Promise<Entry[]> {
    let p = this.listings.get(rel);
    if (!p) {
      p = this.fs.readDirectory(this.abs(rel)).then(
        (es) => [...es].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        () => [],
      );
      this.listings.set(rel, p);
    }
    return p;
  }

  /** Whether a symlink at `rel` resolves inside the root; its target type when it does. */
  private async symlinkTarget(rel: string): Promise<'file' | 'directory' | undefined> {
    try {
      this.rootReal ??= this.fs.realPath(this.root);
      const [rootReal, real] = await Promise.all([this.rootReal, this.fs.realPath(this.abs(rel))]);
      const inside = posix.relative(rootReal.replace(/\\/g, '/'), real.replace(/\\/g, '/'));
      if (inside.startsWith('..') || posix.isAbsolute(inside)) return undefined;
      const st = await this.fs.stat(this.abs(rel));
      return st.type === 'file' ? 'file' : st.type === 'directory' ? 'directory' : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Repository directories (repo-relative, depth-first in name order like filepath.WalkDir) that could
   * match one of `patterns` (path.Match): `*` never crosses `/`, so a walk deeper than the patterns, or
   * into a directory no pattern's leading segments match, can find nothing and is skipped.
   */
  async directories(patterns: string[]): Promise<string[]> {
    const out: string[] = [];
    const maxDepth = Math.max(0, ...patterns.map((p) => p.split('/').length));
    const walk = async (rel: string, depth: number): Promise<void> => {
      for (const e of await this.list(rel)) {
        // WalkDir reports symlinks as non-directories and does not follow them.
        if (e.type !== 'directory' || e.name.startsWith('.')) continue;
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (this.isIgnored(child)) continue;
        if (!patterns.some((p) => goPathCouldMatchBelow(p, child))) continue;
        out.push(child);
        if (depth + 1 < maxDepth) await walk(child, depth + 1);
      }
    };
    await walk('', 0);
    return out;
  }

  /** Files `git ls-files -- pattern` would list (sorted), walking only below the pattern's literal prefix. */
  async files(pattern: string, doublestar: boolean): Promise<string[]> {
    const matches = gitPathspecMatcher(pattern.replace(/^\.\//, ''), doublestar);
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      for (const e of await this.list(rel)) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if ((rel === '' && e.name === '.git') || this.isIgnored(child)) continue;
        let type = e.type;
        if (type === 'symlink') {
          // git stores a symlink as a file; reading it follows the link, which must stay inside the root.
          const t = await this.symlinkTarget(child);
          if (t !== 'file') continue;
          type = 'file';
        }
        if (type === 'directory') await walk(child);
        else if (type === 'file' && matches(child)) out.push(child);
      }
    };
    const start = literalPrefixDir(pattern.replace(/^\.\//, ''));
    if (start) {
      const st = await this.fs.stat(this.abs(start)).catch(() => undefined);
      if (st?.type !== 'directory') return [];
    }
    await walk(start);
    return out.sort();
  }

  async readText(rel: string): Promise<string> {
    return Buffer.from(await this.fs.readFile(this.abs(rel))).toString('utf8');
  }

  /** Through the cached listing of the parent (one readdir serves every sibling), stat for symlinks. */
  async isDirectory(rel: string): Promise<boolean> {
    if (rel === '') return true;
    const slash = rel.lastIndexOf('/');
    const entry = (await this.list(slash < 0 ? '' : rel.slice(0, slash))).find((e) => e.name === rel.slice(slash + 1));
    if (!entry || entry.type === 'file' || entry.type === 'other') return false;
    if (entry.type === 'directory') return slash < 0 || this.isDirectory(rel.slice(0, slash));
    return (await this.symlinkTarget(rel)) === 'directory';
  }
}

/** Which revision of which repository a generator reads, or why it cannot be read offline. */
export class RepoAccess {
  private readonly trees = new Map<string, Promise<RepoTree | undefined>>();
  private readonly remotes: Set<string>;
  readonly working: RepoTree;

  constructor(private readonly ctx: AppSetContext) {
    this.remotes = new Set(ctx.remotes.map(normaliseRepoUrl));
    this.working = new RepoTree(ctx.fs, ctx.root.replace(/\\/g, '/'), ctx.isIgnored);
  }

  private readonly matched = new Map<string, boolean>();

  isThisRepo(repoURL: string): boolean {
    let m = this.matched.get(repoURL);
    if (m === undefined) this.matched.set(repoURL, (m = this.remotes.has(normaliseRepoUrl(repoURL))));
    return m;
  }

  /** Whether `revision` is what the working tree holds (HEAD, empty, or the checked-out branch). */
  isWorkingRevision(revision: string | undefined): boolean {
    const r = (revision ?? '').trim();
    const b = this.ctx.currentBranch;
    return r === '' || r === 'HEAD' || (b !== undefined && (r === b || r === `refs/heads/${b}` || r === `origin/${b}`));
  }

  async tree(repoURL: string, revision: string | undefined): Promise<RepoTree | { reason: string }> {
    if (!this.isThisRepo(repoURL)) {
      const known = this.ctx.remotes.length ? `this repository's remotes are ${this.ctx.remotes.join(', ')}` : 'this repository has no git remote';
      return { reason: `repoURL ${repoURL} is not this repository (${known}); Reconcile reads only this repository` };
    }
    if (this.isWorkingRevision(revision)) return this.working;
    const rev = (revision ?? '').trim();
    let p = this.trees.get(rev);
    if (!p) {
      p = (this.ctx.readRef ? this.ctx.readRef(rev) : Promise.resolve(undefined)).then(
        (fs) => (fs ? new RepoTree(fs, this.working.root) : undefined),
        () => undefined,
      );
      this.trees.set(rev, p);
    }
    const tree = await p;
    return tree ?? { reason: `revision ${rev} is not available locally (fetch it, or check it out, to expand this generator)` };
  }
}
