// Two objects with the same identity in one kustomize build: `kustomize build` (and so Flux and Argo CD) fails
// with "may not add resource with an already registered id". Identity follows kustomize: apiVersion, kind,
// namespace and name after the build's transformations (see kustomizeBuild.ts).
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { Problem } from '../problem';
import { buildRoots, collect, Placed } from './kustomizeBuild';

export interface DuplicateFinding {
  documentIndex: number;
  problem: Problem;
}

/** File → duplicates found in it, over every kustomize build the repository's apps and top-level kustomizations make. */
export function duplicateResources(index: RepositoryIndex): Map<string, DuplicateFinding[]> {
  const roots = buildRoots(index);
  const out = new Map<string, DuplicateFinding[]>();
  const reported = new Set<string>();
  for (const root of roots) {
    const placed: Placed[] = [];
    collect(index, root, undefined, '', '', new Set(), placed);
    const first = new Map<string, Placed>();
    for (const p of placed) {
      const prior = first.get(p.id);
      if (!prior) {
        first.set(p.id, p);
        continue;
      }
      // The same file reached twice through the build is itself the duplicate; report each place once.
      const key = `${p.file}#${p.documentIndex}#${p.item ?? ''}#${p.id}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const prefix = p.item !== undefined ? ['items', p.item] : [];
      const list = out.get(p.file) ?? [];
      list.push({
        documentIndex: p.documentIndex,
        problem: {
          code: 'RC1402',
          message: `${p.label} is already in this kustomize build (${prior.file}:${prior.line + 1}, build of ${root}); kustomize fails with "may not add resource with an already registered id". Remove one, or turn this one into a patch.`,
          path: [...prefix, 'metadata', 'name'],
          which: 'value',
        },
      });
      out.set(p.file, list);
    }
  }
  return out;
}

export function duplicateSignature(findings: DuplicateFinding[] | undefined): string {
  return findings ? findings.map((f) => `${f.documentIndex}:${f.problem.message}`).join(';') : '';
}
