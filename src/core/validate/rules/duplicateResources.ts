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

/** One finding a build yields, with the key that reports it once over all builds. */
export interface Candidate {
  key: string;
  file: string;
  finding: DuplicateFinding;
}

/** Adds candidates to `out` (file → findings) in order, each key once over all the calls sharing `reported`. */
export function addCandidates(out: Map<string, DuplicateFinding[]>, reported: Set<string>, candidates: readonly Candidate[]): void {
  for (const c of candidates) {
    if (reported.has(c.key)) continue;
    reported.add(c.key);
    const list = out.get(c.file);
    if (list) list.push(c.finding);
    else out.set(c.file, [c.finding]);
  }
}

/** The duplicates in one build (`placed` is what collect() found for `root`), before reporting each place once. */
export function duplicateCandidates(root: string, placed: readonly Placed[]): Candidate[] {
  const out: Candidate[] = [];
  const first = new Map<string, Placed>();
  for (const p of placed) {
    const prior = first.get(p.id);
    if (!prior) {
      first.set(p.id, p);
      continue;
    }
    // The same file reached twice through the build is itself the duplicate; report each place once.
    const prefix = p.item !== undefined ? ['items', p.item] : [];
    out.push({
      key: `${p.file}#${p.documentIndex}#${p.item ?? ''}#${p.id}`,
      file: p.file,
      finding: {
        documentIndex: p.documentIndex,
        problem: {
          code: 'RC1402',
          message: `${p.label} is already in this kustomize build (${prior.file}:${prior.line + 1}, build of ${root}); kustomize fails with "may not add resource with an already registered id". Remove one, or turn this one into a patch.`,
          path: [...prefix, 'metadata', 'name'],
          which: 'value',
        },
      },
    });
  }
  return out;
}

/** File → duplicates found in it, over every kustomize build the repository's apps and top-level kustomizations make. */
export function duplicateResources(index: RepositoryIndex): Map<string, DuplicateFinding[]> {
  const out = new Map<string, DuplicateFinding[]>();
  const reported = new Set<string>();
  for (const root of buildRoots(index)) {
    const placed: Placed[] = [];
    collect(index, root, undefined, '', '', new Set(), placed);
    addCandidates(out, reported, duplicateCandidates(root, placed));
  }
  return out;
}

export function duplicateSignature(findings: DuplicateFinding[] | undefined): string {
  return findings ? findings.map((f) => `${f.documentIndex}:${f.problem.message}`).join(';') : '';
}
