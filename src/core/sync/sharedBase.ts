// Which kustomize overlays build a given file, to decide how drift is adopted: a file that more
// than one top-level kustomization includes (a shared base) must not be edited for one of them.
import { RepositoryIndex } from '../index/repositoryIndex';

// Patch files count too: a patch file two overlays list is as shared as a base.
const INCLUDES = new Set(['kustomize-resource', 'kustomize-component', 'kustomize-patch']);

/**
 * Top-level kustomization files (ones no other kustomization includes) whose build contains
 * `file`, following `resources`, `components` and `patches` through directories and files.
 */
export function overlaysIncluding(index: RepositoryIndex, file: string): string[] {
  // included -> the kustomization files that include it (a file, or a directory's kustomization)
  const parents = new Map<string, Set<string>>();
  const add = (child: string, parent: string) => {
    if (!parents.has(child)) parents.set(child, new Set());
    parents.get(child)!.add(parent);
  };
  for (const ref of index.references()) {
    if (!INCLUDES.has(ref.type)) continue;
    const t = ref.target;
    if (t.type !== 'file' && t.type !== 'directory' && t.type !== 'path') continue;
    const kust = index.kustomizationIn(t.path);
    add(kust ?? t.path, ref.source.file);
  }
  const roots = new Set<string>();
  const seen = new Set<string>();
  const walk = (node: string, depth: number) => {
    if (seen.has(node)) return;
    seen.add(node);
    const ps = parents.get(node);
    if (!ps || ps.size === 0) {
      if (depth > 0) roots.add(node);
      return;
    }
    for (const p of ps) walk(p, depth + 1);
  };
  walk(file, 0);
  return [...roots].sort();
}
