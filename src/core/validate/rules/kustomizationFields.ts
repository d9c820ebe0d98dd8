// kustomize decodes kustomization.yaml strictly into its Go types: an unknown top-level field ("resource:",
// "patchesStrategicMerges:") fails every build with `json: unknown field` (RC1405), and a value of the wrong
// JSON type (`patches: - replicas.yaml`, `resources: app.yaml`, `commonLabels: {tier: 1}`) fails it with
// `json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch` (RC1406).
// The field list and types are kustomize v5's types.Kustomization; null is always accepted, as Go's decoder does.
import { closestName } from '../closestName';
import { isPatchFileName } from '../../index/references';
import { Problem, YamlPath, formatPath } from '../problem';

type Expected = 'string' | 'mapping' | 'string map' | 'string list' | 'mapping list';

/** Each field's shape, and the Go type kustomize names in its error (the list's item type for lists). */
const FIELD_TYPES: Record<string, [Expected, string]> = {
  apiVersion: ['string', 'string'],
  kind: ['string', 'string'],
  metadata: ['mapping', 'types.ObjectMeta'],
  openapi: ['string map', 'map[string]string'],
  namePrefix: ['string', 'string'],
  nameSuffix: ['string', 'string'],
  namespace: ['string', 'string'],
  commonLabels: ['string map', 'map[string]string'],
  labels: ['mapping list', 'types.Label'],
  commonAnnotations: ['string map', 'map[string]string'],
  patchesStrategicMerge: ['string list', 'types.PatchStrategicMerge'],
  patchesJson6902: ['mapping list', 'types.Patch'],
  patches: ['mapping list', 'types.Patch'],
  images: ['mapping list', 'types.Image'],
  imageTags: ['mapping list', 'types.Image'],
  replacements: ['mapping list', 'types.ReplacementField'],
  replicas: ['mapping list', 'types.Replica'],
  vars: ['mapping list', 'types.Var'],
  sortOptions: ['mapping', 'types.SortOptions'],
  resources: ['string list', 'string'],
  components: ['string list', 'string'],
  crds: ['string list', 'string'],
  bases: ['string list', 'string'],
  configMapGenerator: ['mapping list', 'types.ConfigMapArgs'],
  secretGenerator: ['mapping list', 'types.SecretArgs'],
  helmGlobals: ['mapping', 'types.HelmGlobals'],
  helmCharts: ['mapping list', 'types.HelmChart'],
  helmChartInflationGenerator: ['mapping list', 'types.HelmChartArgs'],
  generatorOptions: ['mapping', 'types.GeneratorOptions'],
  configurations: ['string list', 'string'],
  generators: ['string list', 'string'],
  transformers: ['string list', 'string'],
  validators: ['string list', 'string'],
  buildMetadata: ['string list', 'string'],
};

export const KUSTOMIZATION_FIELDS = Object.keys(FIELD_TYPES);

const KNOWN = new Set(KUSTOMIZATION_FIELDS);

type Obj = Record<string, unknown>;
const isMapping = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function kustomizationFieldProblems(value: unknown): Problem[] {
  if (!isMapping(value)) return [];
  const out: Problem[] = [];
  for (const key of Object.keys(value)) {
    if (KNOWN.has(key)) {
      out.push(...typeProblems(key, value[key]));
      continue;
    }
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

/** The JSON type Go's decoder names ("string", "number", "bool", "array", "object"). */
function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : 'string';
}

function matches(v: unknown, expected: 'string' | 'mapping'): boolean {
  return v === null || v === undefined || (expected === 'string' ? typeof v === 'string' : isMapping(v));
}

const DESCRIBED: Record<Expected, string> = {
  string: 'a string',
  mapping: 'a mapping',
  'string map': 'a mapping of strings',
  'string list': 'a list of strings',
  'mapping list': 'a list of mappings',
};

function typeProblems(key: string, v: unknown): Problem[] {
  if (v === null || v === undefined) return [];
  const [expected, goType] = FIELD_TYPES[key];
  const mismatch = (path: YamlPath, found: unknown, what: string, go: string): Problem => {
    const type = jsonType(found);
    return {
      code: 'RC1406',
      message: `${formatPath(path)} must be ${what}, not ${type === 'array' ? 'a list' : type === 'object' ? 'a mapping' : `a ${type}`}; kustomize fails with "json: cannot unmarshal ${type} into Go struct field Kustomization.${key} of type ${go}".`,
      path,
      which: 'value',
    };
  };
  switch (expected) {
    case 'string':
    case 'mapping':
      return matches(v, expected) ? [] : [mismatch([key], v, DESCRIBED[expected], goType)];
    case 'string map':
      if (!isMapping(v)) return [mismatch([key], v, DESCRIBED[expected], goType)];
      return Object.keys(v).filter((k) => !matches(v[k], 'string')).map((k) => mismatch([key, k], v[k], 'a string', 'string'));
    case 'string list':
    case 'mapping list': {
      if (!Array.isArray(v)) return [mismatch([key], v, DESCRIBED[expected], `[]${goType}`)];
      const item = expected === 'string list' ? 'string' : 'mapping';
      const out: Problem[] = [];
      v.forEach((entry, i) => {
        if (matches(entry, item)) return;
        const p = mismatch([key, i], entry, `a ${item}`, goType);
        if (key === 'patches' || key === 'patchesJson6902') withPatchHint(p, key, i, entry);
        out.push(p);
      });
      return out;
    }
  }
}

/** `- replicas.yaml` under `patches:` is the common slip (patchesStrategicMerge took file names); say how to write it. */
function withPatchHint(p: Problem, key: string, i: number, entry: unknown): void {
  if (isPatchFileName(entry)) {
    const newText = `path: ${/^[\w./-]+$/.test(entry) ? entry : JSON.stringify(entry)}`;
    p.message += ` Name the file with path: "- ${newText}".`;
    p.fix = { title: `Change to "${newText}"`, path: [key, i], which: 'value', newText };
  } else if (typeof entry === 'string') {
    p.message += ' An inline patch goes under patch: "- patch: |-" followed by the patch.';
  }
}
