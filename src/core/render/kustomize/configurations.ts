// `configurations:` files: extra field specs for the builtin transformers (nameReference, commonLabels,
// commonAnnotations, images, namePrefix/nameSuffix). As in kustomize, a configuration declared anywhere in
// the build applies to the transformers that run after it and to the final name-reference pass.
import { JsonMap, isMap } from '../merge/strategicMerge';
import { Loader, refPath } from './loader';
import { FieldSpec } from './fieldPath';
import { NameRefSpec } from './builtinConfig';
import { VarDef } from './vars';
import { PatchMetaTable, PatchSchema, compilePatchMetaTable } from '../merge/patchMeta';
import { customPatchSchema, kubernetesPatchSchema } from '../merge/kubernetesPatchMeta';
import { KustomizeError } from './model';
import { load } from 'js-yaml';

/** `openapi: {path: schema.json}`: a Swagger 2.0 document with x-kubernetes-group-version-kind definitions. */
export async function loadOpenApi(loader: Loader, dir: string, spec: unknown, into: TransformerConfig, file: string): Promise<void> {
  if (!isMap(spec as JsonMap)) return;
  const s = spec as JsonMap;
  const hasVersion = s.version !== undefined && s.version !== null && s.version !== '';
  if (typeof s.path !== 'string' || s.path === '') {
    // kustomize v5.5 builds in one Kubernetes schema (v1.21.2); the bundled one stands in for it.
    if (!hasVersion || into.openapiSet) return;
    if (s.version !== 'v1.21.2') {
      throw new KustomizeError(`${file}: openapi version '${String(s.version)}' is not built in (kustomize knows v1.21.2; give a schema file with openapi.path)`, file);
    }
    into.openapiSet = true;
    return;
  }
  const text = await loader.readText(refPath(dir, s.path), { field: 'openapi.path', kustomizationDir: dir });
  // kyaml's schema is global and set once (openapi.SetSchema): the first kustomization the build enters
  // with an `openapi` field decides it for every patch after that; later ones are read but ignored.
  if (into.openapiSet) return;
  if (hasVersion) throw new KustomizeError(`${file}: openapi: builtin version and custom schema provided, cannot use both`, file);
  into.openapiSet = true;
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new KustomizeError(`${file}: openapi schema ${s.path} is not JSON or YAML: ${e instanceof Error ? e.message : String(e)}`, file);
  }
  into.openapi.push(compilePatchMetaTable(doc as Parameters<typeof compilePatchMetaTable>[0], { names: true }));
}

export function schemaResolver(config: TransformerConfig): (apiVersion: string | undefined, kind: string) => PatchSchema | undefined {
  return (apiVersion, kind) => {
    // kyaml loads its built-in schema at the first lookup made before a custom schema is set; a custom
    // schema set after that is added to it, one set before replaces it (customPatchSchema).
    if (!config.openapi.length) {
      config.builtinSchemaLoaded = true;
      return kubernetesPatchSchema(apiVersion, kind);
    }
    return customPatchSchema(config.openapi[0], config.builtinSchemaLoaded === true, apiVersion, kind);
  };
}

export interface TransformerConfig {
  /** The custom `openapi:` schema in force (at most one), which replaces the bundled API. */
  openapi: PatchMetaTable[];
  /** kyaml's global schema has been chosen (a custom schema, or a built-in version). */
  openapiSet?: boolean;
  /** kyaml's built-in schema was loaded before a custom one was set (a custom schema then adds to it). */
  builtinSchemaLoaded?: boolean;
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

interface CrdDefinition {
  Schema?: { properties?: Record<string, CrdProperty> };
}
interface CrdProperty {
  $ref?: string;
  'x-kubernetes-annotation'?: unknown;
  'x-kubernetes-label-selector'?: unknown;
  'x-kubernetes-identity'?: unknown;
  'x-kubernetes-object-ref-api-version'?: unknown;
  'x-kubernetes-object-ref-kind'?: unknown;
  'x-kubernetes-object-ref-name-key'?: unknown;
}

/**
 * `crds:` files (OpenAPI definitions keyed by Go type name, as kube-openapi writes them): a definition
 * with kind/apiVersion/metadata properties is a kind (the last dotted part of its name), and its
 * x-kubernetes-object-ref-kind/-api-version properties become name references, x-kubernetes-annotation
 * annotation fields, x-kubernetes-label-selector label fields and x-kubernetes-identity prefix fields,
 * following `$ref`s into other definitions (kustomize's LoadConfigFromCRDs).
 */
export async function loadCrds(loader: Loader, dir: string, files: string[], into: TransformerConfig, file: string): Promise<void> {
  for (const f of files) {
    const text = await loader.readText(refPath(dir, f), { field: 'crds', kustomizationDir: dir });
    let defs: Record<string, CrdDefinition>;
    try {
      const parsed = (text.trimStart().startsWith('{') ? JSON.parse(text) : load(text)) as unknown;
      if (!isMap(parsed as JsonMap)) throw new Error('not a map of OpenAPI definitions');
      defs = parsed as Record<string, CrdDefinition>;
    } catch (e) {
      throw new KustomizeError(`${file}: unable to parse open API definition from '${f}': ${e instanceof Error ? e.message : String(e)}`, file);
    }
    for (const [name, def] of Object.entries(defs)) {
      const props = def?.Schema?.properties;
      if (!props || !('kind' in props) || !('apiVersion' in props) || !('metadata' in props)) continue;
      const kind = name.slice(name.lastIndexOf('.') + 1);
      walkCrd(defs, name, kind, [], into, new Set());
    }
  }
}

function walkCrd(defs: Record<string, CrdDefinition>, typeName: string, kind: string, path: string[], into: TransformerConfig, seen: Set<string>): void {
  const props = defs[typeName]?.Schema?.properties;
  if (!props || seen.has(typeName)) return;
  const inner = new Set(seen).add(typeName);
  for (const [prop, p] of Object.entries(props)) {
    if (!p || typeof p !== 'object') continue;
    const at = [...path, prop];
    const spec = (segs: string[]): FieldSpec => ({ kind, path: segs.join('/'), create: false });
    if (typeof p['x-kubernetes-annotation'] === 'string') into.commonAnnotations.push(spec(at));
    if (typeof p['x-kubernetes-label-selector'] === 'string') into.commonLabels.push(spec(at));
    if (typeof p['x-kubernetes-identity'] === 'string') into.namePrefix.push(spec(at));
    const refKind = p['x-kubernetes-object-ref-kind'];
    if (typeof p['x-kubernetes-object-ref-api-version'] === 'string' && typeof refKind === 'string') {
      const key = typeof p['x-kubernetes-object-ref-name-key'] === 'string' ? p['x-kubernetes-object-ref-name-key'] : 'name';
      into.nameReference.push({ kind: refKind, in: [kind], path: [...at, key].join('/') });
    }
    if (typeof p.$ref === 'string' && p.$ref) walkCrd(defs, p.$ref, kind, at, into, inner);
  }
}
