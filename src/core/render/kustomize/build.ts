// The built-in kustomize engine: resources, components, generators, then transformers in kustomize's
// order (patchesStrategicMerge, patches, namespace, prefix/suffix, labels, annotations, patchesJson6902,
// replicas, images, replacements); at the top level the content-hash suffixes, name references and the
// output order. Runs in-process over the core FileSystem, so previews need no binary.
import { posix } from 'node:path';
import { FileSystem, Manifest, CancellationToken, NEVER_CANCELLED, CancelledError } from '../../types';
import { BuildResource, KustomizeError, describe, idKey, isJsonMap, kindOf, meta, nameOf, namespaceOf, storePreviousId } from './model';
import { isClusterScopedKind } from '../merge/kubernetesPatchMeta';
import { Loader, isRemote, refPath } from './loader';
import { readKustomization, Kustomization } from './kustomization';
import { addGenerated, generate } from './generators';
import { applyImages, applyMapFields, applyNamespace, applyPrefixSuffix, applyReplicas, checkNamespaceConflicts } from './transformers';
import { applyLegacyJson6902, applyLegacySmp, applyPatches, noteAppended, noteScopeChecks, resId } from './patches';
import { withLinkedFields } from './linkedFields';
import { applyReplacements, Replacement } from './replacements';
import { fixNameReferences } from './nameReference';
import { nullText } from './emptyNulls';
import { checkDeferredDecodes } from './scalarTags';
import { revealNullAnnotations } from './nullMaps';
import { loadPluginConfigs, runGeneratorConfigs, runTransformerConfigs } from './plugins';
import { addBuildAnnotations, recordTransformation } from './buildMetadata';
import { TransformerConfig, emptyConfig, loadConfigurations, loadCrds, loadOpenApi, schemaResolver } from './configurations';
import { bindVar, resolveVars } from './vars';

function isLocalConfig(r: BuildResource): boolean {
  const md = r.object.metadata;
  const ann = md && typeof md === 'object' && !Array.isArray(md) ? (md as JsonMap).annotations : undefined;
  return !!ann && typeof ann === 'object' && !Array.isArray(ann) && (ann as JsonMap)['config.kubernetes.io/local-config'] === 'true';
}
import { legacySort } from './sortOrder';
import { contentHash } from './hash';
import { COMMON_ANNOTATION_SPECS, COMMON_LABEL_SPECS, METADATA_LABELS, SELECTOR_LABEL_SPECS, VOLUME_CLAIM_TEMPLATE_LABELS, templateSpecs } from './builtinConfig';
import { FieldSpec } from './fieldPath';
import { Json, JsonMap } from '../merge/strategicMerge';
import { stringifyStream } from './yamlOutput';

export interface KustomizeBuildOptions {
  /** Absolute directory origins are made relative to (the repository root). Defaults to the build directory. */
  root?: string;
  /** Output order when the kustomization has no sortOptions: 'legacy' is what `kustomize build` prints. */
  defaultOrder?: 'legacy' | 'fifo';
  /**
   * A directory without a kustomization file renders all Kubernetes YAML under it (subdirectories with a
   * kustomization are built as such), the way Flux's kustomize-controller generates one. Off: an error.
   */
  autodetect?: boolean;
  /** Extra kustomization fields layered on top of the directory (Flux: targetNamespace, patches, images...). */
  overlay?: Partial<Kustomization>;
  token?: CancellationToken;
}

export type KustomizeResult =
  | { ok: true; manifests: Manifest[]; yaml: string }
  | { ok: false; error: { message: string; file?: string; /** The field or plugin kustomize supports and we do not. */ unsupported?: string } };

interface Ctx {
  /** The build's global config: openapi schema, name references, var references and vars. */
  config: TransformerConfig;
  /**
   * The transformer field specs of the kustomization being built (kustomize's ResAccumulator config):
   * its own configurations/crds plus those of the bases it built, never a sibling's. Components share
   * their parent's.
   */
  scoped?: TransformerConfig;
  loader: Loader;
  stack: string[];
  token: CancellationToken;
}

/** Renders the kustomization in `dir` (absolute). Never throws for bad input: errors come back as a value. */
export async function renderKustomization(fs: FileSystem, dir: string, options: KustomizeBuildOptions = {}): Promise<KustomizeResult> {
  const absDir = posix.normalize(dir);
  const loader = new Loader(fs, options.root ?? absDir, options.root);
  try {
    if ((await loader.exists(absDir, { field: 'build directory' })) !== 'directory') throw new KustomizeError(`'${loader.rel(absDir)}' is not a directory`);
    const kfile = await loader.kustomizationFile(absDir);
    if (!kfile && !options.autodetect) throw new KustomizeError(`no kustomization.yaml, kustomization.yml or Kustomization in '${loader.rel(absDir)}'`);
    const ctx: Ctx = { config: emptyConfig(), loader, stack: [], token: options.token ?? NEVER_CANCELLED };
    const built = kfile
      ? await buildDir(ctx, absDir, [], false)
      : await buildDir(ctx, absDir, [], false, { resources: await autodetectResources(loader, absDir) });
    let { list, k } = built;
    if (options.overlay) {
      // Flux layers its own kustomization over the directory's: build that as a parent of the result.
      const parent = await buildDir({ ...ctx, scoped: built.scoped }, absDir, [], false, { ...options.overlay, resources: [] }, list);
      list = parent.list;
      k = { ...k, ...parent.k, sortOptions: k.sortOptions };
    }
    for (const r of list) {
      if (r.needsHash) {
        storePreviousId(r, isClusterScopedKind(kindOf(r.object), r.object.apiVersion as string | undefined));
        const md = meta(r.object);
        md.name = `${nameOf(r.object)}-${contentHash(r.object)}`;
        r.nameHistory.push(md.name as string);
      }
    }
    fixNameReferences(list, ctx.config.nameReference);
    // Objects marked local-config are inputs to the build (replacement sources...), not output.
    list = list.filter((r) => !isLocalConfig(r));
    // kustomize rebuilds the result map here (IgnoreLocal → FromResourceSlice), which refuses two objects
    // with one id: a JSON 6902 patch or a replacement may have renamed one onto another.
    const ids = new Set<string>();
    for (const r of list) {
      const id = resId(r.object);
      if (ids.has(id)) throw new KustomizeError(`may not add resource with an already registered id: ${describe(r.object)} (two objects end the build with one kind, name and namespace)`);
      ids.add(id);
    }
    revealNullAnnotations(list.map((r) => r.object));
    for (const r of list) dropEmptyAnnotations(r);
    resolveVars(list, ctx.config.vars, ctx.config.varReference);
    checkDeferredDecodes(list);
    for (const r of list) stringifyAnnotations(r);
    addBuildAnnotations(list, loader.rel(absDir), k.buildMetadata);
    const order = k.sortOptions?.order ?? options.defaultOrder ?? 'legacy';
    const sorted = order === 'legacy' ? legacySort(list, k.sortOptions?.legacySortOptions) : list;
    const manifests: Manifest[] = sorted.map((r) => ({ object: r.object, origin: r.origin }));
    const objects = sorted.map((r) => r.object as Json);
    let text: string | undefined;
    return { ok: true, manifests, get yaml() { return (text ??= stringifyStream(objects)); } };
  } catch (e) {
    if (e instanceof KustomizeError) return { ok: false, error: { message: e.message, file: e.file, ...(e.unsupported ? { unsupported: e.unsupported } : {}) } };
    if (e instanceof CancelledError) return { ok: false, error: { message: 'cancelled' } };
    // File-system failures (permissions, a file vanishing mid-build) are input problems, not bugs.
    if (e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string') return { ok: false, error: { message: e.message } };
    // Anything else is a bug, but a render must never take the extension host down with it.
    return { ok: false, error: { message: `internal error while rendering (please report): ${e instanceof Error ? e.message : String(e)}` } };
  }
}

/**
 * kustomize keeps its bookkeeping in annotations and removes the map when nothing else is left in it, so an
 * object never comes out with `annotations: {}` or `annotations: null` (labels are left as written).
 */
/**
 * kustomize ends every build with Resource.RemoveBuildAnnotations, which reads the annotations as a string
 * map and writes them back: every value becomes a string (2 → "2", true → "true", a null as written:
 * "null", "~", "" when written empty), whatever a replacement or patch put there.
 */
function stringifyAnnotations(r: BuildResource): void {
  const a = isJsonMap(r.object.metadata) ? r.object.metadata.annotations : undefined;
  if (!isJsonMap(a)) return;
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'number' || typeof v === 'boolean') a[k] = String(v);
    else if (v === null) a[k] = nullText(r, ['metadata', 'annotations', k]);
  }
}

function dropEmptyAnnotations(r: BuildResource): void {
  const md = r.object.metadata;
  if (!isJsonMap(md) || !('annotations' in md)) return;
  const a = md.annotations;
  if (a === null || (isJsonMap(a) && Object.keys(a).length === 0)) delete md.annotations;
}

function appendUnique(list: BuildResource[], add: BuildResource[], where: string): void {
  const ids = new Set(list.map((r) => resId(r.object)));
  for (const r of add) {
    const id = resId(r.object);
    if (ids.has(id)) throw new KustomizeError(`may not add resource with an already registered id: ${describe(r.object)} (${where})`, where);
    ids.add(id);
    list.push(r);
  }
}

/** kustomize-controller's `kustomize create --autodetect --recursive`: manifests and kustomization dirs. */
async function autodetectResources(loader: Loader, dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = (await loader.fs.readDirectory(d)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = posix.join(d, e.name);
      if (e.type === 'directory') {
        if (e.name.startsWith('.')) continue;
        if (await loader.kustomizationFile(abs)) out.push(posix.relative(dir, abs));
        else await walk(abs);
      } else if (e.type === 'file' && /\.(ya?ml|json)$/i.test(e.name)) {
        const docs = await loader.documents(abs).catch(() => []);
        if (docs.length > 0 && docs.every((x) => isJsonMap(x.value) && typeof x.value.kind === 'string' && typeof x.value.apiVersion === 'string')) out.push(posix.relative(dir, abs));
      }
    }
  };
  await walk(dir);
  return out;
}

const SCOPED_FIELDS = ['commonLabels', 'commonAnnotations', 'images', 'namePrefix', 'replicas'] as const;

/** A config whose transformer field specs are its own, the rest (global) shared with `global`. */
function scopedConfig(global: TransformerConfig): TransformerConfig {
  return { ...global, commonLabels: [], commonAnnotations: [], images: [], namePrefix: [], replicas: [] };
}

function mergeScoped(into: TransformerConfig, from: TransformerConfig): void {
  for (const f of SCOPED_FIELDS) into[f].push(...from[f]);
}

async function buildDir(ctx: Ctx, dir: string, acc: BuildResource[], asComponent: boolean, synthetic?: Kustomization, seed?: BuildResource[]): Promise<{ list: BuildResource[]; k: Kustomization; scoped: TransformerConfig }> {
  if (ctx.token.isCancellationRequested) throw new CancelledError();
  const { loader } = ctx;
  if (!synthetic && ctx.stack.includes(dir)) throw new KustomizeError(`cycle in kustomizations: ${[...ctx.stack, dir].map((d) => loader.rel(d)).join(' → ')}`);
  const kfile = synthetic ? undefined : await loader.kustomizationFile(dir);
  if (!kfile && !synthetic) throw new KustomizeError(`'${loader.rel(dir)}' has no kustomization.yaml, kustomization.yml or Kustomization`);
  const rel = loader.rel(dir);
  const zero = { line: 0, character: 0 };
  const { k, file, origin } = kfile
    ? await readKustomization(loader, kfile)
    : { k: synthetic as Kustomization, file: rel, origin: { file: rel, documentIndex: 0, range: { file: rel, start: 0, end: 0, startPos: zero, endPos: zero } } };
  const isComponent = k.kind === 'Component';
  if (asComponent && !isComponent) throw new KustomizeError(`${file}: listed under components but its kind is '${k.kind ?? 'Kustomization'}', not Component`, file);
  // A Component may be built on its own (kustomize treats the top level like a kustomization), not listed as a resource.
  if (!asComponent && isComponent && ctx.stack.length > 0) throw new KustomizeError(`${file}: a Component can only be used under components, not resources`, file);
  const scoped = asComponent && ctx.scoped ? ctx.scoped : scopedConfig(ctx.config);
  if (seed && ctx.scoped) mergeScoped(scoped, ctx.scoped);
  const stackCtx: Ctx = { ...ctx, stack: [...ctx.stack, dir], scoped };
  let list = asComponent ? acc : seed ?? [];

  if (k.openapi) await loadOpenApi(loader, dir, k.openapi, ctx.config, file);
  const schemas = schemaResolver(ctx.config);

  for (const res of k.resources ?? []) {
    if (typeof res !== 'string') throw new KustomizeError(`${file}: resources entries are paths`, file);
    if (isRemote(res)) throw new KustomizeError(`${file}: remote resource '${res}' is not fetched by the built-in engine (render with --engine kubectl, or vendor it into the repository)`, file);
    const abs = refPath(dir, res);
    const type = await loader.exists(abs, { field: 'resources' });
    if (type === 'directory') {
      const sub = await buildDir(stackCtx, abs, [], false);
      appendUnique(list, sub.list, file);
      noteAppended(ctx.config, list, sub.list);
      mergeScoped(scoped, sub.scoped);
    } else if (type === 'file') {
      const objects = await loader.resources(abs, { field: 'resources', kustomizationDir: dir });
      appendUnique(list, objects, loader.rel(abs));
      noteAppended(ctx.config, list, objects);
    } else {
      throw new KustomizeError(`${file}: resource '${res}' not found (no such file or directory '${loader.rel(abs)}')`, file);
    }
  }

  // kustomize merges a kustomization's configurations and crds after its resources are built, so the
  // transformers of its bases never see them.
  if (k.configurations?.length) await loadConfigurations(loader, dir, k.configurations, scoped);
  if (k.crds?.length) await loadCrds(loader, dir, k.crds, scoped, file);

  for (const [kind, gens] of [['ConfigMap', k.configMapGenerator], ['Secret', k.secretGenerator]] as const) {
    for (const g of gens ?? []) {
      addGenerated(list, await generate(loader, dir, kind, g, k.generatorOptions, origin));
    }
  }

  const pluginDir = (abs: string) => buildDir(stackCtx, abs, [], false).then((x) => x.list);
  if (k.generators?.length) await runGeneratorConfigs(loader, list, await loadPluginConfigs(loader, dir, k.generators, origin, pluginDir));

  noteScopeChecks(ctx.config, list, false);
  // kustomize runs a kustomization's generators before its components, then its transformers.
  for (const comp of k.components ?? []) {
    if (isRemote(comp)) throw new KustomizeError(`${file}: remote component '${comp}' is not fetched by the built-in engine`, file);
    const abs = refPath(dir, comp);
    if ((await loader.exists(abs, { field: 'components' })) !== 'directory') throw new KustomizeError(`${file}: component '${comp}' is not a directory`, file);
    list = (await buildDir(stackCtx, abs, list, true)).list;
    // kustomize appends what a component leaves to a fresh accumulator (accumulateDirectory): two objects
    // it left with one id (a patch renaming both onto one name) are refused there.
    appendUnique([], list, loader.rel(abs));
  }

  // transformerAnnotations record one entry per builtin plugin kustomize configures: one for
  // patchesStrategicMerge, commonAnnotations and replacements, one per entry of the other lists.
  const builtin = (kind: string, times = 1) => { for (let i = 0; i < times; i++) recordTransformation(list, file, { apiVersion: 'builtin', kind }); };
  if (k.patchesStrategicMerge?.length) {
    list = await withLinkedFields(list, () => applyLegacySmp(loader, dir, list, k.patchesStrategicMerge ?? [], file, schemas));
    builtin('PatchStrategicMergeTransformer');
  }
  if (k.patches?.length) {
    list = await applyPatches(loader, dir, list, k.patches ?? [], file, schemas, false, (now) => recordTransformation(now, file, { apiVersion: 'builtin', kind: 'PatchTransformer' }));
  }
  if (k.namespace) {
    applyNamespace(list, k.namespace, file);
    checkNamespaceConflicts(list, k.namespace, file);
    builtin('NamespaceTransformer');
  }
  // `configurations:` namePrefix/nameSuffix field specs narrow which kinds get renamed (kustomize's merged
  // config ends up with only those, as its tests show).
  applyPrefixSuffix(list, k.namePrefix ?? '', k.nameSuffix ?? '', file, scoped.namePrefix.length ? scoped.namePrefix : undefined);
  if (k.namePrefix) builtin('PrefixTransformer');
  if (k.nameSuffix) builtin('SuffixTransformer');
  for (const l of k.labels ?? []) {
    // With includeSelectors an entry takes the commonLabels field specs, `configurations:` ones included.
    const specs: FieldSpec[] = l.includeSelectors ? [...COMMON_LABEL_SPECS, ...scoped.commonLabels] : [METADATA_LABELS, ...(l.includeTemplates ? templateSpecs('labels') : []), ...(l.includeVolumeClaimTemplates ? [VOLUME_CLAIM_TEMPLATE_LABELS] : []), ...(l.fields ?? [])];
    await withLinkedFields(list, () => applyMapFields(list, l.pairs ?? {}, l.includeSelectors ? [...specs, ...(l.fields ?? [])] : specs, file));
    builtin('LabelTransformer');
  }
  // kustomize's LabelTransformer runs the `labels` entries first, then commonLabels (which win on a shared key).
  if (k.commonLabels) await withLinkedFields(list, () => applyMapFields(list, k.commonLabels ?? {}, [...COMMON_LABEL_SPECS, ...scoped.commonLabels], file));
  // kustomize configures the commonLabels LabelTransformer after the `labels` ones even when commonLabels
  // is empty, and records it then too.
  if (k.commonLabels || k.labels?.length) {
    builtin('LabelTransformer');
  }
  void SELECTOR_LABEL_SPECS;
  if (k.commonAnnotations) {
    await withLinkedFields(list, () => applyMapFields(list, k.commonAnnotations ?? {}, [...COMMON_ANNOTATION_SPECS, ...scoped.commonAnnotations], file));
    builtin('AnnotationsTransformer');
  }
  // Each patchesJson6902 entry is its own transformer, recorded as it runs: an entry that replaces
  // metadata.annotations drops the transformations recorded by the entries before it.
  for (const entry of k.patchesJson6902 ?? []) {
    list = await applyLegacyJson6902(loader, dir, list, [entry], file);
    builtin('PatchJson6902Transformer');
  }
  if (k.replicas?.length) {
    applyReplicas(list, k.replicas, file, scoped.replicas);
    builtin('ReplicaCountTransformer', k.replicas.length);
  }
  if (k.images?.length) {
    applyImages(list, k.images, file, scoped.images);
    builtin('ImageTagTransformer', k.images.length);
  }
  if (k.replacements?.length) {
    const reps = await loadReplacements(loader, dir, k.replacements, file);
    await withLinkedFields(list, () => applyReplacements(list, reps, file));
    builtin('ReplacementTransformer');
  }
  if (k.transformers?.length) list = await runTransformerConfigs(loader, list, await loadPluginConfigs(loader, dir, k.transformers, origin, pluginDir, 'transformers'));
  if (k.vars?.length) {
    const scope = new Set(list);
    for (const v of k.vars) {
      const bound = bindVar(v, list);
      if (bound.length > 1) throw new KustomizeError(`found ${bound.length} resId matches for var ${v.name ?? ''} (unable to disambiguate)`, file);
      ctx.config.vars.push({ ...v, scope, bound });
    }
  }
  // kyaml's schema: the transformers above compared ids or read effective namespaces (a later custom schema adds to the built-in one).
  noteScopeChecks(ctx.config, list, !!(k.namespace || k.patches?.length || k.patchesStrategicMerge?.length || k.patchesJson6902?.length || k.replacements?.length));
  return { list, k, scoped };
}

async function loadReplacements(loader: Loader, dir: string, entries: Replacement[], file: string): Promise<Replacement[]> {
  const out: Replacement[] = [];
  for (const e of entries) {
    if (e.path) {
      const abs = refPath(dir, e.path);
      for (const d of await loader.documents(abs, { field: 'replacements', kustomizationDir: dir })) {
        const v = d.value;
        if (Array.isArray(v)) out.push(...(v as unknown as Replacement[]));
        else if (v && typeof v === 'object') out.push(v as unknown as Replacement);
      }
    } else out.push(e);
  }
  void file;
  return out;
}

export type { JsonMap };
