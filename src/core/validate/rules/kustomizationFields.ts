// kustomize decodes kustomization.yaml strictly: an unknown top-level field ("resource:", "patchesStrategicMerges:")
// fails every build with `json: unknown field`. The field list is kustomize v5's types.Kustomization.
import { closestName } from '../closestName';
import { Problem } from '../problem';

export const KUSTOMIZATION_FIELDS = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'replacements', 'replicas',
  'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator',
  'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations', 'generators',
  'transformers', 'validators', 'buildMetadata', 'imageTags',
];

const KNOWN = new Set(KUSTOMIZATION_FIELDS);

export function kustomizationFieldProblems(value: unknown): Problem[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: Problem[] = [];
  for (const key of Object.keys(value)) {
    if (KNOWN.has(key)) continue;
    const guess = closestName(key, KUSTOMIZATION_FIELDS);
    out.push({
      code: 'RC1405',
      message: `Unknown kustomization field "${key}"; kustomize fails with "json: unknown field".${guess ? ` Did you mean "${guess}"?` : ''}`,
      path: [key],
      which: 'key',
      fix: guess ? { title: `Rename to ${guess}`, path: [key], which: 'key', newText: guess } : undefined,
    });
  }
  return out;
}
