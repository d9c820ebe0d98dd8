// `generators:` and `transformers:` entries that configure kustomize's builtin plugins (apiVersion
// builtin, kind ConfigMapGenerator, PrefixSuffixTransformer, LabelTransformer, ...), given as files,
// inline YAML strings, or kustomization directories whose output is the list of configs.
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource, KustomizeError } from './model';
import { Loader, refPath } from './loader';
import { parseDocuments } from '../../index/parse';
import { addGenerated, generate, GeneratorArgs } from './generators';
import { applyImages, applyMapFields, applyNamespace, applyPrefixSuffix, applyReplicas, ImageEntry } from './transformers';
import { applyLegacyJson6902, applyLegacySmp, applyPatches, PatchEntry } from './patches';
import { applyReplacements, Replacement } from './replacements';
import { FieldSpec } from './fieldPath';
import { COMMON_ANNOTATION_SPECS, COMMON_LABEL_SPECS } from './builtinConfig';
import { Origin } from '../../types';
import { recordTransformation } from './buildMetadata';

export interface PluginConfig {
  config: JsonMap;
  /** Where the config came from (a file, or the kustomization for inline configs). */
  origin: Origin;
  /** The directory relative paths inside the config resolve against. */
  dir: string;
}

/** Reads the configs an entry list names; `buildDir` renders directory entries. */
export async function loadPluginConfigs(loader: Loader, dir: string, entries: string[], kustOrigin: Origin, buildDir: (abs: string) => Promise<BuildResource[]>, field = 'generators'): Promise<PluginConfig[]> {
  const out: PluginConfig[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string') throw new KustomizeError(`${kustOrigin.file}: generators/transformers entries are paths or inline YAML`, kustOrigin.file);
    if (entry.includes('\n') || /^\s*apiVersion\s*:/.test(entry)) {
      for (const d of parseDocuments(kustOrigin.file, entry).documents) if (isMap(d.value as Json)) out.push({ config: d.value as JsonMap, origin: kustOrigin, dir });
      continue;
    }
    const abs = refPath(dir, entry);
    const type = await loader.exists(abs, { field });
    if (type === 'directory') {
      for (const r of await buildDir(abs)) out.push({ config: r.object, origin: r.origin, dir: abs });
    } else if (type === 'file') {
      for (const d of await loader.documents(abs, { field, kustomizationDir: dir })) if (isMap(d.value)) out.push({ config: d.value, origin: d.origin, dir });
    } else {
      throw new KustomizeError(`${kustOrigin.file}: plugin config '${entry}' not found`, kustOrigin.file);
    }
  }
  return out;
}

function specs(c: JsonMap, fallback: FieldSpec[]): FieldSpec[] {
  return Array.isArray(c.fieldSpecs) ? (c.fieldSpecs as unknown as FieldSpec[]) : fallback;
}

function str(v: Json | undefined): string {
  return typeof v === 'string' ? v : '';
}

export async function runGeneratorConfigs(loader: Loader, list: BuildResource[], configs: PluginConfig[]): Promise<void> {
  for (const { config: c, origin, dir } of configs) {
    const kind = str(c.kind);
    if (kind !== 'ConfigMapGenerator' && kind !== 'SecretGenerator') {
      throw new KustomizeError(`${origin.file}: generator '${c.apiVersion}/${kind}' is not supported by the built-in engine (exec, container and KRM function plugins are not run)`, origin.file, `generators: ${c.apiVersion}/${kind}`);
    }
    const md = isMap(c.metadata) ? c.metadata : {};
    const args: GeneratorArgs = {
      ...(c as unknown as GeneratorArgs),
      name: str(c.name) || str(md.name),
      namespace: str(c.namespace) || str(md.namespace) || undefined,
    };
    const g = await generate(loader, dir, kind === 'ConfigMapGenerator' ? 'ConfigMap' : 'Secret', args, undefined, origin);
    g.configuredBy = { apiVersion: str(c.apiVersion) || 'builtin', kind, name: str(md.name) || undefined };
    addGenerated(list, g);
  }
}

export async function runTransformerConfigs(loader: Loader, list: BuildResource[], configs: PluginConfig[]): Promise<BuildResource[]> {
  for (const { config: c, origin, dir } of configs) {
    const by = origin.file;
    const kind = str(c.kind);
    const md = isMap(c.metadata) ? c.metadata : {};
    recordTransformation(list, by, { apiVersion: str(c.apiVersion) || 'builtin', kind, name: str(md.name) || undefined, namespace: str(md.namespace) || undefined });
    switch (kind) {
      case 'PrefixSuffixTransformer':
      case 'PrefixTransformer':
      case 'SuffixTransformer': {
        const fs = specs(c, [{ path: 'metadata/name' }]);
        applyPrefixSuffix(list, str(c.prefix), str(c.suffix), by, fs, false);
        break;
      }
      case 'LabelTransformer':
        applyMapFields(list, isMap(c.labels) ? c.labels : {}, specs(c, COMMON_LABEL_SPECS), by);
        break;
      case 'AnnotationsTransformer':
        applyMapFields(list, isMap(c.annotations) ? c.annotations : {}, specs(c, COMMON_ANNOTATION_SPECS), by);
        break;
      case 'NamespaceTransformer': {
        const ns = str(isMap(c.metadata) ? c.metadata.namespace : undefined);
        if (ns) applyNamespace(list, ns, by);
        break;
      }
      case 'ImageTagTransformer':
        if (isMap(c.imageTag)) applyImages(list, [c.imageTag as unknown as ImageEntry], by);
        break;
      case 'ReplicaCountTransformer':
        if (isMap(c.replica)) applyReplicas(list, [c.replica as unknown as { name?: string; count?: number }], by);
        break;
      case 'PatchTransformer':
        list = await applyPatches(loader, dir, list, [c as unknown as PatchEntry], by);
        break;
      case 'PatchStrategicMergeTransformer': {
        const entries = [...(Array.isArray(c.paths) ? (c.paths as string[]) : []), ...(typeof c.patches === 'string' ? [c.patches] : [])];
        list = await applyLegacySmp(loader, dir, list, entries, by);
        break;
      }
      case 'PatchJson6902Transformer': {
        const entry = { target: c.target, path: c.path, patch: typeof c.jsonOp === 'string' ? c.jsonOp : undefined } as unknown as PatchEntry;
        list = await applyLegacyJson6902(loader, dir, list, [entry], by);
        break;
      }
      case 'ReplacementTransformer':
        applyReplacements(list, (Array.isArray(c.replacements) ? c.replacements : []) as unknown as Replacement[], by);
        break;
      default:
        throw new KustomizeError(`${by}: transformer '${c.apiVersion}/${kind}' is not supported by the built-in engine (exec, container and KRM function plugins are not run)`, by, `transformers: ${c.apiVersion}/${kind}`);
    }
  }
  return list;
}
