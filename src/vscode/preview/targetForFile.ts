// Which render a repository file stands for (no `vscode`: unit-tested under Node).
import { posix } from 'node:path';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import type { PreviewTarget } from './renderPreview';

const KUSTOMIZATION_FILE = /^(kustomization\.ya?ml|Kustomization)$/;

/** A repository file → the thing to render: a kustomization's directory, the app defined in the file, or the nearest kustomization above it. */
export function targetForFile(index: RepositoryIndex, rel: string): PreviewTarget {
  const base = posix.basename(rel);
  const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  if (KUSTOMIZATION_FILE.test(base) || base === 'Chart.yaml') return { kind: 'path', path: dir };
  if (index.exists(rel) === 'directory') return { kind: 'path', path: rel };
  const apps = index.apps().filter((a) => a.file === rel);
  if (apps.length > 0) return apps.length === 1 ? { kind: 'app', app: apps[0] } : { kind: 'path', path: rel };
  for (let d = dir; ; d = posix.dirname(d) === '.' ? '' : posix.dirname(d)) {
    if (index.kustomizationIn(d) !== undefined || index.exists(posix.join(d, 'Chart.yaml')) === 'file') return { kind: 'path', path: d };
    if (d === '') break;
  }
  return { kind: 'path', path: dir };
}

