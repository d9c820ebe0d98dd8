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

export async function readKustomization(loader: Loader, file: string): Promise<LoadedKustomization> {
  const docs = await loader.documents(file);
  const rel = loader.rel(file);
  if (docs.length === 0) {
    const lines = { line: 0, character: 0 };
    return { k: {}, file: rel, origin: { file: rel, documentIndex: 0, range: { file: rel, start: 0, end: 0, startPos: lines, endPos: lines } } };
  }
  if (docs.length > 1 && docs.slice(1).some((d) => d.value !== null)) throw new KustomizeError(`${rel}: a kustomization file holds one YAML document, found ${docs.length}`, rel);
  const v = docs[0].value;
  if (!isMap(v)) throw new KustomizeError(`${rel}: not a YAML mapping`, rel);
  const k = v as Kustomization;
  for (const f of UNSUPPORTED) {
    const val = (v as JsonMap)[f];
    if (val !== undefined && val !== null && !(Array.isArray(val) && val.length === 0)) {
      throw new KustomizeError(`${rel}: '${f}' is not supported by the built-in engine yet; render with --engine kubectl`, rel);
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
