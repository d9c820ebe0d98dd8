// Paths named on the command line are checked whatever the ignore files say (ripgrep's and kubeconform's rule):
// a named file always; a named directory is walked, ignore rules apply to what the walk finds inside it, but
// the directory itself (or a parent) being ignored does not exclude it. The common CI step this serves:
// render into a git-ignored out/, then `reconcile validate out/`.
import ignore, { Ignore } from 'ignore';
import { discoverFiles, PathFilter } from '../core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../core/index/model';
import { RepositoryIndex } from '../core/index/repositoryIndex';
import { FileSystem } from '../core/types';

export interface NamedPath {
  /** Repository-relative, `/`-separated; '' for the root. */
  rel: string;
  type: 'file' | 'directory';
}

/** `--exclude` globs are the user's own words on this command line: they apply to named paths too. */
export class UserExcludes {
  private readonly filter: PathFilter;
  constructor(globs: string[]) {
    this.filter = new PathFilter(globs);
  }
  excludes(rel: string): boolean {
    if (this.filter.excludesFile(rel)) return true;
    for (let d = parentOf(rel); d !== ''; d = parentOf(d)) if (this.filter.excludesDirectory(d)) return true;
    return false;
  }
}

function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

function join(root: string, rel: string): string {
  return rel === '' ? root : `${root.replace(/\/$/, '')}/${rel}`;
}

export function isUnder(rel: string, named: NamedPath): boolean {
  return named.rel === '' || rel === named.rel || rel.startsWith(named.rel + '/');
}

interface AncestorScope {
  /** Repository-relative directory of the .gitignore. */
  dir: string;
  matcher: Ignore;
}

/**
 * The .gitignore rules of the directories above `dir`, minus the rules that ignore `dir` itself or one of its
 * parents: those say nothing about the entries of a directory the user named.
 */
async function ancestorScopes(root: string, dir: string, fs: FileSystem): Promise<AncestorScope[]> {
  const scopes: AncestorScope[] = [];
  if (dir === '') return scopes;
  const parts = dir.split('/');
  for (let i = 0; i < parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    let text: string;
    try {
      text = new TextDecoder().decode(await fs.readFile(join(root, at ? `${at}/.gitignore` : '.gitignore')));
    } catch {
      continue;
    }
    const below = parts.slice(i).join('/') + '/';
    const kept = text.split(/\r?\n/).filter((line) => !ignore().add(line).ignores(below));
    scopes.push({ dir: at, matcher: ignore().add(kept) });
  }
  return scopes;
}

/**
 * Every file under a named directory that the repository walk did not enter, ignore rules applied to its
 * entries only. Any extension: kustomization `files:` and Helm charts need their neighbours to resolve.
 */
export async function walkNamedDirectory(root: string, dir: string, fs: FileSystem, excludes: UserExcludes): Promise<string[]> {
  const found = await discoverFiles(join(root, dir), fs, { ...DEFAULT_INDEX_SETTINGS, useGitignore: true });
  const ignoredAbove = await ignoredFromAbove(root, dir, fs);
  const files: string[] = [];
  for (const p of found.allFiles) {
    const rel = dir === '' ? p : `${dir}/${p}`;
    if (!excludes.excludes(rel) && !ignoredAbove(p)) files.push(rel);
  }
  return files.sort();
}

/**
 * Whether a path below `dir` (relative to it) is ignored by the .gitignore files between the repository root
 * and `dir`: a walk that starts at `dir` reads only those at and below it.
 */
export async function ignoredFromAbove(repoRoot: string, dir: string, fs: FileSystem): Promise<(relToDir: string) => boolean> {
  const scopes = await ancestorScopes(repoRoot, dir, fs);
  return (p) =>
    scopes.some((s) => {
      const rel = `${dir}/${p}`;
      return s.matcher.ignores(s.dir === '' ? rel : rel.slice(s.dir.length + 1));
    });
}

/**
 * Adds to a scanned index what the named paths hold and its walk left out (ignored or default-excluded), and
 * returns the repository-relative files under the named paths that the index holds, in index order.
 */
export async function includeNamedPaths(index: RepositoryIndex, named: NamedPath[], fs: FileSystem, excludes: UserExcludes): Promise<string[]> {
  const extra: string[] = [];
  for (const n of named) {
    if (n.type === 'file') {
      if (index.exists(n.rel) !== 'file' && !excludes.excludes(n.rel)) extra.push(n.rel);
    } else if (index.exists(n.rel) !== 'directory') {
      extra.push(...(await walkNamedDirectory(index.root, n.rel, fs, excludes)));
    }
  }
  await forceInclude(index, extra);
  return index
    .files()
    .map((f) => f.path)
    .filter((p) => named.some((n) => isUnder(p, n)));
}

/**
 * Indexes files whatever the ignore settings say. updateFile() skips excluded paths, so the settings are
 * relaxed first; the index serves this one run and is never scanned again, so nothing else changes.
 */
export async function forceInclude(index: RepositoryIndex, files: string[], texts: ReadonlyMap<string, string> = new Map()): Promise<void> {
  if (files.length === 0) return;
  index.configure({ useGitignore: false, exclude: [] });
  // Chart.yaml first: it turns its templates/ into Helm templates for the files that follow.
  const ordered = [...files].sort((a, b) => Number(b.endsWith('Chart.yaml')) - Number(a.endsWith('Chart.yaml')));
  for (const f of ordered) await index.updateFile(f, texts.get(f));
}
