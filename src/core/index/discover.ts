// Finds the files of a repository: every path (for reference resolution) and the manifest candidates
// (*.yaml, *.yml, *.json). Honours .gitignore files at every level and exclude globs; follows symlinks
// once (a directory reached twice by its real path is not entered again, so loops end).
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { CancellationToken, CancelledError, FileSystem, NEVER_CANCELLED } from '../types';
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

export async function discoverFiles(root: string, fs: FileSystem, settings: IndexSettings, token: CancellationToken = NEVER_CANCELLED): Promise<DiscoveryResult> {
  const filter = new PathFilter(settings.exclude);
  const result: DiscoveryResult = { manifestFiles: [], allFiles: new Set(), directories: new Set(['']) };
  const seenReal = new Set<string>();

  const walk = async (rel: string, scopes: GitignoreScope[]): Promise<void> => {
    if (token.isCancellationRequested) throw new CancelledError();
    const abs = join(root, rel);
    let real: string;
    try {
      real = await fs.realPath(abs);
    } catch {
      return;
    }
    if (seenReal.has(real)) return;
    seenReal.add(real);
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
    const files: string[] = [];
    for (const e of entries) {
      if (e.name === '.git') continue;
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      let type = e.type;
      if (type === 'symlink') {
        try {
          type = (await fs.stat(join(root, childRel))).type;
        } catch {
          continue; // dangling link
        }
      }
      if (type === 'directory') {
        if (filter.excludesDirectory(childRel) || ignoredByGitignore(here, childRel, true)) continue;
        subdirs.push(childRel);
      } else if (type === 'file') {
        if (filter.excludesFile(childRel) || ignoredByGitignore(here, childRel, false)) continue;
        files.push(childRel);
      }
    }
    for (const f of files) {
      result.allFiles.add(f);
      if (isManifestCandidate(f)) {
        let size = 0;
        try {
          size = (await fs.stat(join(root, f))).size;
        } catch {
          continue;
        }
        result.manifestFiles.push({ path: f, size });
      }
    }
    for (const d of subdirs) result.directories.add(d);
    // Directories one at a time keeps open handles bounded; readdir is not the bottleneck.
    for (const d of subdirs) await walk(d, here);
  };

  await walk('', []);
  result.manifestFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
