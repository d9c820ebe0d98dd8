// The kustomization file: reading, kind checks and the legacy-field conversions kustomize applies
// (bases → resources, imageTags → images).
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { KustomizeError } from './model';
import { Loader } from './loader';
import { GeneratorArgs, GeneratorOptions } from './generators';
import { PatchEntry } from './patches';
import { ImageEntry } from './transformers';
import { Replacement } from './replacements';
import { Selector } from './selector';
import { FieldSpec } from './fieldPath';
import { VarDef } from './vars';
import { Origin } from '../../types';
import * as jsyaml from 'js-yaml';

export interface LabelEntry {
  pairs?: Record<string, Json>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  includeVolumeClaimTemplates?: boolean;
  fields?: FieldSpec[];
}

export interface Kustomization {
  kind?: string;
  resources?: string[];
  components?: string[];
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  commonLabels?: Record<string, Json>;
  labels?: LabelEntry[];
  commonAnnotations?: Record<string, Json>;
  images?: ImageEntry[];
  replicas?: Array<{ name?: string; count?: number }>;
  patches?: PatchEntry[];
  patchesStrategicMerge?: string[];
  patchesJson6902?: Array<PatchEntry & { target?: Selector }>;
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  replacements?: Replacement[];
  crds?: string[];
  generators?: string[];
  configurations?: string[];
  vars?: VarDef[];
  openapi?: { path?: string; version?: string };
  transformers?: string[];
  buildMetadata?: string[];
  sortOptions?: { order?: 'legacy' | 'fifo'; legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] } };
  [key: string]: unknown;
}

/** Fields the built-in engine does not implement; building such a kustomization is an error, not a silent skip. */
const UNSUPPORTED = ['helmCharts', 'helmGlobals', 'validators', 'helmChartInflationGenerator'];

export interface LoadedKustomization {
  k: Kustomization;
  file: string;
  origin: Origin;
}

const STRING_LISTS = ['resources', 'bases', 'components', 'crds', 'configurations', 'generators', 'transformers', 'patchesStrategicMerge', 'buildMetadata'];
const MAP_LISTS = ['labels', 'images', 'imageTags', 'replicas', 'patches', 'patchesJson6902', 'configMapGenerator', 'secretGenerator', 'replacements', 'vars'];
const STRINGS = ['namespace', 'namePrefix', 'nameSuffix'];
const MAPS = ['commonLabels', 'commonAnnotations', 'generatorOptions', 'sortOptions', 'openapi'];

/** The shape checks kustomize's strict unmarshalling does, as messages naming the field. */
function checkShape(v: JsonMap, rel: string): void {
  const fail = (field: string, want: string) => {
    throw new KustomizeError(`${rel}: '${field}' must be ${want}`, rel);
  };
  for (const f of STRING_LISTS) {
    const x = v[f];
    if (x === undefined || x === null) continue;
    // generators/transformers/patchesStrategicMerge may hold inline YAML strings; all are strings.
    if (!Array.isArray(x) || !x.every((e) => typeof e === 'string')) fail(f, 'a list of strings');
  }
  for (const f of MAP_LISTS) {
    const x = v[f];
    if (x === undefined || x === null) continue;
    if (!Array.isArray(x) || !x.every((e) => isMap(e))) fail(f, 'a list of mappings');
  }
  for (const f of STRINGS) if (v[f] !== undefined && v[f] !== null && typeof v[f] !== 'string') fail(f, 'a string');
  for (const f of MAPS) if (v[f] !== undefined && v[f] !== null && !isMap(v[f])) fail(f, 'a mapping');
  for (const f of ['configMapGenerator', 'secretGenerator']) {
    for (const [i, g] of ((v[f] as Json[] | undefined) ?? []).entries()) {
      if (!isMap(g)) continue;
      for (const k of ['literals', 'files', 'envs']) {
        const x = g[k];
        if (x !== undefined && x !== null && !(Array.isArray(x) && x.every((e) => typeof e === 'string'))) fail(`${f}[${i}].${k}`, 'a list of strings (quote values that look like YAML, e.g. \'k={"a": 1}\')');
      }
    }
  }
}

/** Every field of kustomize v5's Kustomization type; anything else is an error, as in kustomize's strict decoding. */
const KNOWN_FIELDS = ['apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations',
  'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements', 'replicas', 'vars', 'sortOptions', 'resources', 'components',
  'crds', 'bases', 'configMapGenerator', 'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations',
  'generators', 'transformers', 'validators', 'buildMetadata'];
const BY_LOWER = new Map(KNOWN_FIELDS.map((f) => [f.toLowerCase(), f]));

/**
 * Go's JSON decoding, which kustomize reads kustomizations with: field names match case-insensitively
 * (`Resources:` is `resources:`), a later key overwrites an earlier one, unknown fields are refused.
 */
function canonicalFields(v: JsonMap, rel: string): JsonMap {
  const out: JsonMap = {};
  for (const [key, value] of Object.entries(v)) {
    const field = KNOWN_FIELDS.includes(key) ? key : BY_LOWER.get(key.toLowerCase());
    if (!field) throw new KustomizeError(`${rel}: invalid Kustomization: unknown field "${key}"`, rel);
    out[field] = value;
  }
  return out;
}

const KUSTOMIZATION_API = 'kustomize.config.k8s.io/v1beta1';
const COMPONENT_API = 'kustomize.config.k8s.io/v1alpha1';

function checkKind(v: JsonMap, rel: string): void {
  const kind = v.kind ?? '';
  if (kind !== '' && kind !== 'Kustomization' && kind !== 'Component') throw new KustomizeError(`${rel}: kind should be Kustomization or Component, not '${String(kind)}'`, rel);
  const api = v.apiVersion ?? '';
  if (api === '') return;
  if (kind === 'Component' && api !== COMPONENT_API) throw new KustomizeError(`${rel}: apiVersion for Component should be ${COMPONENT_API}`, rel);
  if (kind !== 'Component' && api !== KUSTOMIZATION_API) throw new KustomizeError(`${rel}: apiVersion for Kustomization should be ${KUSTOMIZATION_API}`, rel);
}

/** kustomize's emptiness test: nothing set besides apiVersion/kind (null and '' count as unset; `[]`, `{}` do not). */
function isEmpty(v: JsonMap): boolean {
  return Object.entries(v).every(([k, x]) => k === 'apiVersion' || k === 'kind' || x === null || x === undefined || x === '');
}

// kustomize decodes kustomization files with YAML 1.1 rules (sigs.k8s.io/yaml over go-yaml v2): a plain
// y, yes, on, n, no, off (any case form go-yaml knows) is a boolean, which a string field refuses.
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const MAY_HOLD_YAML11_BOOL = /(?:^|[\s:\-[,{])(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)\s*(?:#|$|[,\]}])/m;
const BOOL11 = Symbol('yaml11-bool');
const bool11 = new jsyaml.Type('tag:reconcile.dev,2024:bool11', { kind: 'scalar', resolve: (t: string | null) => t !== null && YAML11_BOOL.test(t), construct: () => BOOL11 });
const BOOL11_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [bool11] });
/** Kustomization fields of Go type bool: a YAML 1.1 boolean is fine there. */
const BOOL_FIELDS = new Set(['includeSelectors', 'includeTemplates', 'create', 'disableNameSuffixHash', 'immutable', 'allowNameChange', 'allowKindChange', 'unsetOnly', 'includeCRDs', 'skipTests', 'skipHooks']);

// As a map key, a YAML 1.1 boolean (true and false included) stays a boolean for kustomize: a label or
// annotation map with such a key cannot be written out (json: unsupported type map[interface {}]interface {}).
const BOOL_KEY = '\u0000yaml11-bool-key';
const boolKey = new jsyaml.Type('tag:reconcile.dev,2024:boolkey', { kind: 'scalar', resolve: (t: string | null) => t !== null && (YAML11_BOOL.test(t) || /^(?:true|True|TRUE|false|False|FALSE)$/.test(t)), construct: () => BOOL_KEY });
const BOOL_KEY_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [boolKey] });
const MAY_HOLD_BOOL_KEY = /^\s*(?:-\s+)?(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)\s*:/m;

function checkBooleanKeys(text: string, rel: string): void {
  let doc: unknown;
  try {
    doc = jsyaml.load(text, { schema: BOOL_KEY_SCHEMA });
  } catch {
    return;
  }
  if (!doc || typeof doc !== 'object') return;
  const d = doc as Record<string, unknown>;
  const maps: Array<[string, unknown]> = [['commonLabels', d.commonLabels], ['commonAnnotations', d.commonAnnotations]];
  if (Array.isArray(d.labels)) d.labels.forEach((l, i) => maps.push([`labels.${i}.pairs`, l && typeof l === 'object' ? (l as Record<string, unknown>).pairs : undefined]));
  for (const [where, m] of maps) {
    if (m && typeof m === 'object' && BOOL_KEY in m) throw new KustomizeError(`${rel}: a key of '${where}' is a YAML boolean for kustomize (an unquoted y/yes/on/n/no/off/true/false), which it cannot write as a label or annotation: quote it`, rel);
  }
}

/** Refuses YAML 1.1 booleans in string fields; in bool fields (`immutable: yes`) sets the value kustomize reads. */
function checkYaml11Booleans(text: string, rel: string, raw: Json): void {
  let doc: unknown;
  try {
    doc = jsyaml.load(text, { schema: BOOL11_SCHEMA });
  } catch {
    return;
  }
  const walk = (v: unknown, path: string[]): void => {
    if (v === BOOL11) {
      const key = path[path.length - 1] ?? '';
      if (!BOOL_FIELDS.has(key)) throw new KustomizeError(`${rel}: '${path.join('.')}' is a YAML 1.1 boolean for kustomize (an unquoted y/yes/on/n/no/off), where a string is expected: quote it`, rel);
      let node: Json | undefined = raw;
      for (const seg of path.slice(0, -1)) node = Array.isArray(node) ? node[Number(seg)] : isMap(node) ? node[seg] : undefined;
      if (isMap(node) && typeof node[key] === 'string') node[key] = /^[yo]/i.test(node[key] as string) && !/^off$/i.test(node[key] as string);
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, String(i)]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
}

export async function readKustomization(loader: Loader, file: string): Promise<LoadedKustomization> {
  const docs = await loader.documents(file);
  const rel = loader.rel(file);
  if (docs.length > 1 && docs.slice(1).some((d) => d.value !== null)) throw new KustomizeError(`${rel}: a kustomization file holds one YAML document, found ${docs.length}`, rel);
  let raw = docs[0]?.value ?? null;
  if (raw !== null && !isMap(raw)) throw new KustomizeError(`${rel}: not a YAML mapping`, rel);
  if (raw !== null) {
    const text = await loader.readText(file);
    // A copy: the parsed documents may be shared (the loader's cache), and bool fields get rewritten.
    if (MAY_HOLD_YAML11_BOOL.test(text)) checkYaml11Booleans(text, rel, (raw = structuredClone(raw)));
    if (MAY_HOLD_BOOL_KEY.test(text)) checkBooleanKeys(text, rel);
  }
  const v = canonicalFields(raw ?? {}, rel);
  if (isEmpty(v)) throw new KustomizeError(`${rel} is empty: a kustomization needs at least one field (kustomize refuses an empty one)`, rel);
  checkKind(v, rel);
  checkShape(v, rel);
  const k = v as Kustomization;
  for (const f of UNSUPPORTED) {
    const val = (v as JsonMap)[f];
    if (val !== undefined && val !== null && !(Array.isArray(val) && val.length === 0)) {
      throw new KustomizeError(`${rel}: '${f}' is not supported by the built-in engine yet; render with --engine kubectl`, rel, f);
    }
  }
  if (k.sortOptions !== undefined && k.sortOptions !== null) {
    const order = k.sortOptions.order;
    if (order !== 'fifo' && order !== 'legacy') throw new KustomizeError(`${rel}: the field 'sortOptions.order' must be one of [fifo, legacy]`, rel);
    if (order === 'fifo' && k.sortOptions.legacySortOptions) throw new KustomizeError(`${rel}: the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'`, rel);
  }
  if (Array.isArray(v.bases)) k.resources = [...(k.resources ?? []), ...(v.bases as string[])];
  if (Array.isArray(v.imageTags)) k.images = [...(k.images ?? []), ...(v.imageTags as ImageEntry[])];
  return { k, file: rel, origin: docs[0].origin };
}
