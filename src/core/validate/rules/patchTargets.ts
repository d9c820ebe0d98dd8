// Kustomize patches that match nothing in their kustomization's build. A strategic-merge patch file names its
// target by its own kind and name: no match and `kustomize build` fails ("failed to find unique target for
// patch"). A `target:` selector that matches nothing makes the patch silently do nothing: a warning.
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { YamlPath } from '../problem';
import { isObject } from '../../index/classify';
import { DuplicateFinding } from './duplicateResources';
import type { KustomizationEntry } from '../../index/model';
import type { BuildReader } from './buildCache';
import { BuildGaps, collect, Placed } from './kustomizeBuild';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

function nameMatches(pattern: string, p: Placed): boolean {
  // kustomize treats target names as regular expressions anchored at both ends.
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    return true; // an invalid pattern is kustomize's error to report, not a "matches nothing"
  }
  return re.test(p.name) || re.test(p.finalName);
}

function targetMatches(target: Obj, placed: readonly Placed[]): boolean | undefined {
  // Selectors on labels/annotations need the built objects' final labels: not judged here.
  if (target.labelSelector !== undefined || target.annotationSelector !== undefined) return undefined;
  const kind = str(target.kind);
  const name = str(target.name);
  if (!kind && !name) return undefined;
  const group = target.group;
  const version = str(target.version);
  return placed.some((p) => {
    if (kind && p.kind !== kind) return false;
    const [g, v] = p.apiVersion.includes('/') ? p.apiVersion.split('/') : ['', p.apiVersion];
    if (typeof group === 'string' && group !== g) return false;
    if (version && version !== v) return false;
    return name ? nameMatches(name, p) : true;
  });
}

/** Findings per kustomization file (the patch entry is where the fix goes). */
export function patchTargetProblems(index: RepositoryIndex): Map<string, DuplicateFinding[]> {
  const out = new Map<string, DuplicateFinding[]>();
  for (const k of index.kustomizations()) {
    const findings = patchFindingsFor(index, k, () => {
      const placed: Placed[] = [];
      const gaps: BuildGaps = { emptyFiles: 0, generated: [] };
      collect(index, k.file, undefined, '', '', new Set(), placed, gaps);
      return { placed, gaps };
    });
    if (findings.length) out.set(k.file, findings);
  }
  return out;
}

/** One kustomization's patch findings; `build` gives its build (called only when it has patches). */
export function patchFindingsFor(
  index: BuildReader,
  k: Pick<KustomizationEntry, 'file' | 'directory'>,
  build: () => { placed: readonly Placed[]; gaps: BuildGaps },
): DuplicateFinding[] {
  {
    const kdoc = index.getFile(k.file)?.documents.find((d) => d.classification === 'kustomization' || d.classification === 'kustomize-component');
    if (!kdoc || !isObject(kdoc.value)) return [];
    const v = kdoc.value;
    const entries: Array<{ path: YamlPath; entry: unknown; file?: string }> = [];
    const patchRefs = index.referencesFrom(k.file).filter((r) => r.type === 'kustomize-patch' && r.resolved && r.source.documentIndex === kdoc.index);
    const fileAt = (path: YamlPath) => {
      const r = patchRefs.find((x) => x.source.path.join('/') === path.join('/'));
      return r && 'path' in r.target ? r.target.path : undefined;
    };
    (Array.isArray(v.patches) ? v.patches : []).forEach((e, i) => entries.push({ path: ['patches', i], entry: e, file: fileAt(['patches', i, 'path']) }));
    (Array.isArray(v.patchesJson6902) ? v.patchesJson6902 : []).forEach((e, i) => entries.push({ path: ['patchesJson6902', i], entry: e, file: fileAt(['patchesJson6902', i, 'path']) }));
    (Array.isArray(v.patchesStrategicMerge) ? v.patchesStrategicMerge : []).forEach((e, i) => entries.push({ path: ['patchesStrategicMerge', i], entry: e, file: fileAt(['patchesStrategicMerge', i]) }));
    if (entries.length === 0) return [];
    const { placed, gaps } = build();
    // Placeholder resource files (filled in by a bootstrap) hide what the patches are for.
    if (gaps.emptyFiles > 0) return [];
    const findings: DuplicateFinding[] = [];
    for (const { path, entry, file } of entries) {
      if (isObject(entry) && isObject(entry.target)) {
        if (targetMatches(entry.target, placed) === false) {
          const t = entry.target;
          findings.push({
            documentIndex: kdoc.index,
            problem: {
              code: 'RC1403',
              message: `This patch's target (${[str(t.kind), str(t.name)].filter(Boolean).join(' ')}) matches nothing in the build of ${k.directory || '.'}, so the patch has no effect. Fix the target, or remove the patch.`,
              path: [...path, 'target'],
              which: 'key',
              severity: 'warning',
            },
          });
        }
        continue;
      }
      if (!file) continue; // inline strategic-merge patches are rare and need their text parsed: not judged
      for (const doc of index.getFile(file)?.documents ?? []) {
        if (!isObject(doc.value)) continue;
        const kind = str(doc.value.kind);
        const name = isObject(doc.value.metadata) ? str(doc.value.metadata.name) : undefined;
        if (!kind || !name) continue;
        if (placed.some((p) => p.kind === kind && (p.name === name || p.finalName === name))) continue;
        findings.push({
          documentIndex: kdoc.index,
          problem: {
            code: 'RC1403',
            message: `Patch ${file} targets ${kind} ${name}, which is not in the build of ${k.directory || '.'}; kustomize fails ("failed to find unique target for patch"). Fix its kind/metadata.name or the resources.`,
            path: Array.isArray(path) && path[0] === 'patchesStrategicMerge' ? path : [...path, 'path'],
            which: 'value',
          },
        });
      }
    }
    return findings;
  }
}
