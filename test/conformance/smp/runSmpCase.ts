// Runs one converted strategic-merge-patch case; shared by the unit test and the report.
import { isDeepStrictEqual } from 'node:util';
import { Json, strategicMerge, SmpError, isMap } from '../../../src/core/render/merge/strategicMerge';
import { PatchMetaTable, TablePatchSchema } from '../../../src/core/render/merge/patchMeta';
import { kubernetesPatchSchema } from '../../../src/core/render/merge/kubernetesPatchMeta';
import mergeItemTable from './merge-item-patch-meta.json';

export interface SmpCase {
  suite: string;
  name: string;
  flavour: 'apimachinery' | 'kyaml';
  original: Json;
  patch: Json;
  expected?: Json;
  expectedError?: string;
  infer?: boolean;
  listIncrease?: 'append' | 'prepend';
}

const mergeItem = TablePatchSchema.root(mergeItemTable as unknown as PatchMetaTable, 'mergeItem');

/** Map key order is not significant (apimachinery compares Go maps; kyaml's test formats both sides). */
function normalise(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map((x) => normalise(x) as Json);
  if (!isMap(v)) return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v).sort()) out[k] = normalise(v[k]) as Json;
  return out;
}

/** Returns undefined on pass, else the reason. */
export function runSmpCase(c: SmpCase): string | undefined {
  const meta = (o: Json): { apiVersion?: string; kind?: string } => (isMap(o) ? { apiVersion: o.apiVersion as string, kind: o.kind as string } : {});
  const schema = c.flavour === 'apimachinery'
    ? mergeItem
    : kubernetesPatchSchema(meta(c.original).apiVersion ?? meta(c.patch).apiVersion, meta(c.original).kind ?? meta(c.patch).kind);
  let actual: Json | undefined;
  try {
    actual = strategicMerge(c.original ?? {}, c.patch ?? {}, schema, {
      mode: c.flavour,
      inferAssociative: c.infer ?? false,
      listIncrease: c.listIncrease,
    });
  } catch (e) {
    if (!(e instanceof SmpError)) throw e;
    if (c.expectedError && e.message.includes(c.expectedError)) return undefined;
    return `error: ${e.message}`;
  }
  if (c.expectedError) return `expected error containing '${c.expectedError}', got a result`;
  let want = c.expected ?? null;
  if (c.flavour === 'kyaml' && isMap(want) && Object.keys(want).length === 0) want = null;
  let got: Json | null = actual ?? null;
  if (c.flavour === 'kyaml' && isMap(got) && Object.keys(got).length === 0) got = null;
  if (isDeepStrictEqual(normalise(got), normalise(want))) return undefined;
  return `got ${JSON.stringify(got)}; want ${JSON.stringify(want)}`;
}
