// `configurations:` files: extra field specs for the builtin transformers (nameReference, commonLabels,
// commonAnnotations, images, namePrefix/nameSuffix). As in kustomize, a configuration declared anywhere in
// the build applies to the transformers that run after it and to the final name-reference pass.
import { JsonMap, isMap } from '../merge/strategicMerge';
import { Loader, refPath } from './loader';
import { FieldSpec } from './fieldPath';
import { NameRefSpec } from './builtinConfig';
import { VarDef } from './vars';
import { PatchMetaTable, PatchSchema, TablePatchSchema, compilePatchMetaTable, gvkKey } from '../merge/patchMeta';
import { kubernetesPatchSchema } from '../merge/kubernetesPatchMeta';
import { KustomizeError } from './model';
import { load } from 'js-yaml';

/** `openapi: {path: schema.json}`: a Swagger 2.0 document with x-kubernetes-group-version-kind definitions. */
export async function loadOpenApi(loader: Loader, dir: string, spec: unknown, into: TransformerConfig, file: string): Promise<void> {
  if (!isMap(spec as JsonMap)) return;
  const s = spec as JsonMap;
  if (typeof s.path !== 'string' || s.path === '') {
    // kustomize v5.5 builds in one Kubernetes schema (v1.21.2); the bundled one stands in for it.
    if (s.version !== undefined && s.version !== null && s.version !== '' && s.version !== 'v1.21.2') {
      throw new KustomizeError(`${file}: openapi version '${String(s.version)}' is not built in (kustomize knows v1.21.2; give a schema file with openapi.path)`, file);
    }
    return;
  }
  const text = await loader.readText(refPath(dir, s.path), { field: 'openapi.path', kustomizationDir: dir });
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new KustomizeError(`${file}: openapi schema ${s.path} is not JSON or YAML: ${e instanceof Error ? e.message : String(e)}`, file);
  }
  into.openapi.push(compilePatchMetaTable(doc as Parameters<typeof compilePatchMetaTable>[0]));
}

export function schemaResolver(config: TransformerConfig): (apiVersion: string | undefined, kind: string) => PatchSchema | undefined {
  return (apiVersion, kind) => {
    const [group, version] = apiVersion?.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion ?? ''];
    for (const t of config.openapi) {
      const def = t.gvk[gvkKey(group, version, kind)];
      if (def) return TablePatchSchema.root(t, def);
    }
    return kubernetesPatchSchema(apiVersion, kind);
  };
}

export interface TransformerConfig {
  /** Patch metadata from `openapi:` schemas (CRDs' merge keys), consulted before the bundled API. */
  openapi: PatchMetaTable[];
  nameReference: NameRefSpec[];
  commonLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  images: FieldSpec[];
  namePrefix: FieldSpec[];
  /** Extra replica count fields (custom kinds). */
  replicas: FieldSpec[];
  /** Extra `$(VAR)` fields (varReference), and every var declared anywhere in the build. */
  varReference: FieldSpec[];
  vars: VarDef[];
}

export function emptyConfig(): TransformerConfig {
  return { openapi: [], nameReference: [], commonLabels: [], commonAnnotations: [], images: [], namePrefix: [], replicas: [], varReference: [], vars: [] };
}

function specs(v: unknown): FieldSpec[] {
  return Array.isArray(v) ? (v.filter((x) => isMap(x) && typeof x.path === 'string') as unknown as FieldSpec[]) : [];
}

export async function loadConfigurations(loader: Loader, dir: string, files: string[], into: TransformerConfig): Promise<void> {
  for (const f of files) {
    for (const d of await loader.documents(refPath(dir, f), { field: 'configurations', kustomizationDir: dir })) {
      if (!isMap(d.value)) continue;
      const c = d.value as JsonMap;
      for (const ref of Array.isArray(c.nameReference) ? c.nameReference : []) {
        if (!isMap(ref) || typeof ref.kind !== 'string') continue;
        for (const fs of specs(ref.fieldSpecs)) {
          into.nameReference.push({ kind: ref.kind, group: typeof ref.group === 'string' ? ref.group : undefined, in: fs.kind ? [fs.kind] : 'ANY', path: fs.path });
        }
      }
      into.commonLabels.push(...specs(c.commonLabels));
      into.commonAnnotations.push(...specs(c.commonAnnotations));
      into.images.push(...specs(c.images));
      into.namePrefix.push(...specs(c.namePrefix), ...specs(c.nameSuffix));
      into.varReference.push(...specs(c.varReference));
      into.replicas.push(...specs(c.replicas));
    }
  }
}
