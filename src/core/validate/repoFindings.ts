// Findings that depend on several files (kustomize builds, Flux substitution scopes), computed once per
// validation run over the whole index and handed to each file with a signature for the result cache.
import type { RepositoryIndex } from '../index/repositoryIndex';
import { missingBuildReferences } from './rules/buildReferences';
import { DuplicateFinding, duplicateResources } from './rules/duplicateResources';
import { SubstitutionScope, substitutionScopes } from './rules/fluxSubstitution';
import { patchTargetProblems } from './rules/patchTargets';

export interface RepoFindings {
  scopes: Map<string, SubstitutionScope[]>;
  /** Build-level problems (RC1402-RC1404) per file. */
  duplicates: Map<string, DuplicateFinding[]>;
}

export function repoFindings(index: RepositoryIndex): RepoFindings {
  const duplicates = duplicateResources(index);
  for (const found of [patchTargetProblems(index), missingBuildReferences(index)]) {
    for (const [file, list] of found) duplicates.set(file, [...(duplicates.get(file) ?? []), ...list]);
  }
  return { scopes: substitutionScopes(index), duplicates };
}
