// A run that checked nothing is not a pass: when the named paths hold no manifest, the CLI says what it
// found there instead and why each file was skipped, so a CI step pointed at the wrong folder fails loudly.
import { discoverFiles, isManifestCandidate } from '../core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../core/index/model';
import { RepositoryIndex } from '../core/index/repositoryIndex';
import { FileSystem } from '../core/types';
import { isUnder, NamedPath } from './namedPaths';

export type SkipReason = 'ignored' | 'too-large' | 'binary' | 'unreadable' | 'not-yaml' | 'not-manifest' | 'helm-template' | 'empty';

/** Why a file under a named path gave nothing to check; undefined when it did hold documents. */
function skipReason(index: RepositoryIndex, rel: string, maxFileSizeBytes: number): SkipReason | undefined {
  const f = index.getFile(rel);
  if (f) {
    if (f.role === 'skipped') return f.errors.some((e) => e.code === 'RC0005') ? 'unreadable' : f.size > maxFileSizeBytes ? 'too-large' : 'binary';
    if (f.role === 'helm-template') return 'helm-template';
    return f.errors.length === 0 && f.documents.every((d) => d.classification === 'empty') ? 'empty' : undefined;
  }
  // Seen by the walk yet not indexed: a JSON file without Kubernetes objects, or any other extension.
  if (index.exists(rel) === 'file') return isManifestCandidate(rel) ? 'not-manifest' : 'not-yaml';
  return 'ignored';
}

/** Counts, per reason, the files under the named paths; every file there, ignore rules or not. */
export async function skippedFiles(index: RepositoryIndex, named: NamedPath[], fs: FileSystem, maxFileSizeBytes: number): Promise<Map<SkipReason, number>> {
  const files = new Set<string>();
  for (const n of named) {
    if (n.type === 'file') {
      files.add(n.rel);
      continue;
    }
    const dir = n.rel === '' ? index.root : `${index.root}/${n.rel}`;
    const all = await discoverFiles(dir, fs, { ...DEFAULT_INDEX_SETTINGS, exclude: [], useGitignore: false });
    for (const p of all.allFiles) files.add(n.rel === '' ? p : `${n.rel}/${p}`);
  }
  const counts = new Map<SkipReason, number>();
  for (const rel of files) {
    if (!named.some((n) => isUnder(rel, n))) continue;
    const reason = skipReason(index, rel, maxFileSizeBytes);
    if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

const LABELS: Record<SkipReason, (maxMb: string) => string> = {
  ignored: () => 'ignored by .gitignore or --exclude',
  'too-large': (mb) => `larger than ${mb} MB`,
  binary: () => 'binary',
  unreadable: () => 'unreadable',
  'not-yaml': () => 'not YAML or JSON',
  'not-manifest': () => 'JSON without Kubernetes objects',
  'helm-template': () => 'Helm templates (checked once rendered)',
  empty: () => 'empty (no YAML document)',
};

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** One line for stderr: `nothing to check in out/: 3 files skipped (2 ignored by .gitignore or --exclude, 1 binary)`. */
export function nothingFoundMessage(where: string[], counts: Map<SkipReason, number>, maxFileSizeBytes: number, verb = 'check'): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const place = where.join(', ');
  if (total === 0) return `nothing to ${verb} in ${place}: no files there`;
  const mb = String(Math.round((maxFileSizeBytes / 1024 / 1024) * 10) / 10);
  const parts = (Object.keys(LABELS) as SkipReason[]).filter((r) => counts.has(r)).map((r) => `${counts.get(r)} ${LABELS[r](mb)}`);
  return `nothing to ${verb} in ${place}: no Kubernetes manifest found, ${plural(total, 'file')} skipped (${parts.join(', ')})`;
}
