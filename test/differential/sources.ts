// The fixed supplies of the differential harness: every kustomization directory in the repository's
// vendored corpora and fixtures, the committed regression cases, and every krusty case's build steps.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { Tree } from './tree';
import type { KrustyCase } from '../conformance/krusty/runKrustyCase';

export const PROJECT = resolve(__dirname, '../..');
export const REGRESSIONS = join(__dirname, 'regressions');

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Folders holding vendored repositories and fixtures, relative to the project. */
export const CORPUS_ROOTS = ['test/fixtures', 'test/unit/render/fixtures'];

export interface CorpusDir {
  /** What the reports call it (relative to the project). */
  label: string;
  dir: string;
  /** The tree root the build may read within (the vendored repository or fixture). */
  root: string;
}

/** Every directory holding a kustomization file under `root`. */
export function kustomizationDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const names = readdirSync(d).sort();
    if (names.some((n) => KUSTOMIZATION_FILES.includes(n))) out.push(d);
    for (const n of names) {
      if (n === 'node_modules' || n.startsWith('.')) continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/**
 * Corpus directories under each root; the build root is the root's first-level folder (one vendored
 * repository or fixture), so `../base` within it resolves and nothing outside it is read.
 */
export function corpusDirs(roots: string[] = CORPUS_ROOTS.map((r) => join(PROJECT, r))): CorpusDir[] {
  const out: CorpusDir[] = [];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const top of readdirSync(root).sort()) {
      const repo = join(root, top);
      if (!statSync(repo).isDirectory()) continue;
      for (const dir of kustomizationDirs(repo)) out.push({ label: posix.relative(PROJECT, dir) || dir, dir, root: repo });
    }
  }
  return out;
}

export interface KrustyRun {
  label: string;
  tree: Tree;
  entry: string;
}

/** Each `run` step of each krusty case, with the files written before it. */
export function krustyRuns(cases: KrustyCase[]): KrustyRun[] {
  const out: KrustyRun[] = [];
  for (const c of cases) {
    let tree: Tree = {};
    let n = 0;
    for (const step of c.steps) {
      if (step.op === 'reset') tree = {};
      else if (step.op === 'write') tree = { ...tree, [posix.normalize(step.path ?? '')]: step.content ?? '' };
      else out.push({ label: `${c.file} ${c.name}${n++ ? ` #${n}` : ''}`, tree: { ...tree }, entry: posix.normalize(step.path ?? '.') });
    }
  }
  return out;
}
