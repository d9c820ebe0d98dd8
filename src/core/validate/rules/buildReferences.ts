// ConfigMaps and Secrets a workload mounts or reads that its kustomize build does not contain. A warning:
// they may be created outside Git (operators, sealed/external secrets, CI), but a typo here only shows up as
// a pod stuck in ContainerCreating.
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { isObject } from '../../index/classify';
import type { BuildReader } from './buildCache';
import { addCandidates, Candidate, DuplicateFinding } from './duplicateResources';
import { BuildGaps, buildRoots, collect, Placed } from './kustomizeBuild';

/** Kinds that produce a Secret of the same name (Bitnami sealed-secrets, external-secrets, 1Password, SOPS-like operators). */
const SECRET_MAKERS = /Secret$/;

/** The references of one build's files to ConfigMaps/Secrets the build does not contain, before reporting each once. */
export function missingCandidates(index: BuildReader, root: string, placed: readonly Placed[], gaps: BuildGaps): Candidate[] {
  const out: Candidate[] = [];
  if (gaps.emptyFiles > 0) return out;
  const names = { ConfigMap: new Set<string>(), Secret: new Set<string>() };
  for (const p of [...placed, ...gaps.generated]) {
    // References are rewritten with the build's prefixes, so compare names as written.
    if (p.kind === 'ConfigMap') names.ConfigMap.add(p.name);
    else if (SECRET_MAKERS.test(p.kind)) names.Secret.add(p.name);
  }
  const files = new Set(placed.map((p) => p.file));
  for (const file of files) {
    for (const ref of index.referencesFrom(file)) {
      if (ref.type !== 'configmap' && ref.type !== 'secret') continue;
      const kind = ref.type === 'configmap' ? 'ConfigMap' : 'Secret';
      if (names[kind].has(ref.text)) continue;
      const doc = index.getFile(file)?.documents.find((d) => d.index === ref.source.documentIndex);
      // `optional: true` sits next to the name (volumes, envFrom, keyRefs).
      let parent: unknown = doc?.value;
      for (const seg of ref.source.path.slice(0, -1)) parent = isObject(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[seg] : undefined;
      if (isObject(parent) && parent.optional === true) continue;
      out.push({
        key: `${file}#${ref.source.documentIndex}#${ref.source.path.join('/')}`,
        file,
        finding: {
          documentIndex: ref.source.documentIndex,
          problem: {
            code: 'RC1404',
            message: `${kind} "${ref.text}" is not in this kustomize build (${root}); pods wait in ContainerCreating until it exists. Fine if it is created outside Git; otherwise add it or mark the reference optional.`,
            path: ref.source.path,
            which: 'value',
          },
        },
      });
    }
  }
  return out;
}

export function missingBuildReferences(index: RepositoryIndex): Map<string, DuplicateFinding[]> {
  const out = new Map<string, DuplicateFinding[]>();
  const reported = new Set<string>();
  for (const root of buildRoots(index)) {
    const placed: Placed[] = [];
    const gaps: BuildGaps = { emptyFiles: 0, generated: [] };
    collect(index, root, undefined, '', '', new Set(), placed, gaps);
    addCandidates(out, reported, missingCandidates(index, root, placed, gaps));
  }
  return out;
}
