// Finds the files of a repository: every path (for reference resolution) and the manifest candidates
// (*.yaml, *.yml, *.json). Honours .gitignore files at every level and exclude globs. Follows a symlink
// only when its real path stays inside the folder (a cloned repository's link to ~/.ssh is untrusted
// input), and only once: a directory reached twice by its real path is not entered again, so loops end,
// and a file reached through a link is indexed once, under its own path.
import { posix } from 'node:path';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { CancellationToken, CancelledError, FileSystem, NEVER_CANCELLED } from '../types';
import { RealPaths, isInOrBelow } from '../confinement';
import { IndexSettings } from './model';

export interface DiscoveredFile {
  path: string;
  size: number;
}

export interface DiscoveryResult {
  /** yaml/yml/json files, repo-relative. */
  manifestFiles: DiscoveredFile[];
  /** Every file seen, any extension. */
  allFiles: Set<string>;
  directories: Set<string>;
}

export function isManifestCandidate(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

interface GitignoreScope {
  /** Repo-relative directory of the .gitignore file ('' for the root). */
  dir: string;
  matcher: Ignore;
}

export class PathFilter {
  private readonly exclude: (p: string) => boolean;
  constructor(patterns: string[]) {
    this.exclude = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
  }
  /** Directory patterns such as `**\/node_modules/**` match the directory's contents; test a child too. */
  excludesDirectory(rel: string): boolean {
    return this.exclude(rel) || this.exclude(`${rel}/_`);
  }
  excludesFile(rel: string): boolean {
    return this.exclude(rel);
  }
}

function ignoredByGitignore(scopes: GitignoreScope[], rel: string, isDir: boolean): boolean {
  for (const s of scopes) {
    const sub = s.dir === '' ? rel : rel.startsWith(s.dir + '/') ? rel.slice(s.dir.length + 1) : undefined;
    if (sub === undefined || sub === '') continue;
    if (s.matcher.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}

function join(root: string, rel: string): string {
  return rel === '' ? root : `${root.replace(/\/$/, '')}/${rel}`;
}

/** Adds, for a symlinked directory whose target was walked under its own path, the same paths under the link. */
function addAliases(result: DiscoveryResult, aliases: Array<{ link: string; target: string }>): void {
  for (const { link, target } of aliases) {
    // A link to an ancestor is a loop: its paths would repeat the whole subtree under themselves.
    if (target === '' || link === target || link.startsWith(target + '/')) continue;
    const prefix = target + '/';
    for (const f of [...result.allFiles]) if (f.startsWith(prefix)) result.allFiles.add(link + f.slice(target.length));
    for (const d of [...result.directories]) if (d.startsWith(prefix)) result.directories.add(link + d.slice(target.length));
  }
}

/** One manifest per real file: a symlinked file inside the repository is indexed under its own path, not twice. */
function countedOnce(files: Array<DiscoveredFile & { real: string; canonical: boolean }>): DiscoveredFile[] {
  const byReal = new Map<string, DiscoveredFile & { canonical: boolean }>();
  for (const f of files) {
    const had = byReal.get(f.real);
    if (!had || (f.canonical && !had.canonical) || (f.canonical === had.canonical && f.path < had.path)) byReal.set(f.real, f);
  }
  return [...byReal.values()].map(({ path, size }) => ({ path, size }));
}

export async function discoverFiles(root: string, fs: FileSystem, settings: IndexSettings, token: CancellationToken = NEVER_CANCELLED): Promise<DiscoveryResult> {
  const filter = new PathFilter(settings.exclude);
  const result: DiscoveryResult = { manifestFiles: [], allFiles: new Set(), directories: new Set(['']) };
  const real = new RealPaths(fs);
  const realRoot = await real.root(root);
  const seenReal = new Set<string>();
  const manifests: Array<DiscoveredFile & { real: string; canonical: boolean }> = [];
  // Symlinked directories wait until every real one is walked, so a file is found under its own path first.
  const deferred: Array<{ rel: string; scopes: GitignoreScope[] }> = [];
  const aliases: Array<{ link: string; target: string }> = [];

  const walk = async (rel: string, scopes: GitignoreScope[]): Promise<void> => {
    if (token.isCancellationRequested) throw new CancelledError();
    const abs = join(root, rel);
    const realDir = await real.of(abs);
    // Never out of the workspace folder, whatever a symlink says; an unresolvable directory is not entered.
    if (realDir === undefined || !isInOrBelow(realRoot, realDir)) return;
    if (seenReal.has(realDir)) {
      aliases.push({ link: rel, target: posix.relative(realRoot, realDir) });
      return;
    }
    seenReal.add(realDir);
    let entries: Awaited<ReturnType<FileSystem['readDirectory']>>;
    try {
      entries = await fs.readDirectory(abs);
    } catch {
      return;
    }
    let here = scopes;
    if (settings.useGitignore && entries.some((e) => e.name === '.gitignore' && e.type !== 'directory')) {
      try {
        const text = new TextDecoder().decode(await fs.readFile(join(abs, '.gitignore')));
        here = [...scopes, { dir: rel, matcher: ignore().add(text) }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    const subdirs: string[] = [];
    const files: Array<{ rel: string; real: string }> = [];
    for (const e of entries) {
      if (e.name === '.git') continue;
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      let type = e.type;
      let childReal = posix.join(realDir, e.name);
      if (type === 'symlink') {
        const target = await real.of(join(root, childRel));
        if (target === undefined || !isInOrBelow(realRoot, target)) continue; // dangling, a loop, or out of the folder
        childReal = target;
        try {
          type = (await fs.stat(join(root, childRel))).type;
        } catch {
          continue;
        }
        if (type === 'directory') {
          if (filter.excludesDirectory(childRel) || ignoredByGitignore(here, childRel, true)) continue;
          result.directories.add(childRel);
          deferred.push({ rel: childRel, scopes: here });
          continue;
        }
      }
      if (type === 'directory') {
        if (filter.excludesDirectory(childRel) || ignoredByGitignore(here, childRel, true)) continue;
        subdirs.push(childRel);
      } else if (type === 'file') {
        if (filter.excludesFile(childRel) || ignoredByGitignore(here, childRel, false)) continue;
        files.push({ rel: childRel, real: childReal });
      }
    }
    for (const f of files) {
      result.allFiles.add(f.rel);
      if (isManifestCandidate(f.rel)) {
        let size = 0;
        try {
          size = (await fs.stat(join(root, f.rel))).size;
        } catch {
          continue;
        }
        manifests.push({ path: f.rel, size, real: f.real, canonical: f.real === posix.join(realRoot, f.rel) });
      }
    }
    for (const d of subdirs) result.directories.add(d);
    // Directories one at a time keeps open handles bounded; readdir is not the bottleneck.
    for (const d of subdirs) await walk(d, here);
  };

  await walk('', []);
  for (let next = deferred.shift(); next; next = deferred.shift()) await walk(next.rel, next.scopes);
  addAliases(result, aliases);
  result.manifestFiles = countedOnce(manifests);
  result.manifestFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
