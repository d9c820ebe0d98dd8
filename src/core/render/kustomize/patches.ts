// patches / patchesStrategicMerge / patchesJson6902: strategic merge (kyaml flavour, merge keys from the
// bundled Kubernetes OpenAPI; unknown kinds merge maps and replace lists, as kustomize does) and RFC 6902.
import { load } from 'js-yaml';
import * as jsonpatch from 'fast-json-patch';
import { Json, JsonMap, isMap, strategicMerge, SmpError, clone } from '../merge/strategicMerge';
import { isClusterScopedKind, kubernetesPatchSchema, kyamlScopePrecomputed } from '../merge/kubernetesPatchMeta';
import { PatchSchema } from '../merge/patchMeta';

/** Patch metadata for an object: the kustomization's `openapi` schema first, then the bundled Kubernetes one. */
export type SchemaResolver = (apiVersion: string | undefined, kind: string) => PatchSchema | undefined;

const builtinSchemas: SchemaResolver = (apiVersion, kind) => kubernetesPatchSchema(apiVersion, kind);
import { BuildResource, KustomizeError, describe, groupVersion, idKey, kindOf, meta, nameOf, namespaceOf, storePreviousId } from './model';
import { Selector, selectsResource } from './selector';
import { unlinkFields, withLinkedFields } from './linkedFields';
import { dropEmptyNulls, settleNulls } from './emptyNulls';
import { Loader, refPath } from './loader';
import { hasDuplicatedBookkeeping, keepDuplicatedBookkeeping, previousIdsInNull } from './nullMaps';
import { parseDocuments } from '../../index/parse';

/** The part of the build's config that says which schema kyaml's global openapi state holds. */
export interface SchemaState {
  /** Custom `openapi` schemas in force (kyaml keeps the first). */
  openapi: unknown[];
  /** kyaml's built-in schema was loaded before a custom one was set. */
  builtinSchemaLoaded?: boolean;
}

const holdsUnprecomputed = new WeakMap<BuildResource[], boolean>();

const unprecomputed = (r: BuildResource) => !kyamlScopePrecomputed(r.object.apiVersion as string | undefined, kindOf(r.object));

/**
 * kyaml loads its built-in schema at the first scope check of a type whose scope it has not precomputed
 * (openapi.IsNamespaceScoped), and kustomize checks scopes whenever it compares ids: `added` joining a list
 * that then holds two objects or more (resmap.Append compares each new id with every one there). Once
 * that happened a custom schema set later is added to the built-in one (customPatchSchema).
 */
export function noteAppended(state: SchemaState, list: BuildResource[], added: BuildResource[]): void {
  if (state.openapi.length || state.builtinSchemaLoaded) return;
  const holds = (holdsUnprecomputed.get(list) ?? false) || added.some(unprecomputed);
  holdsUnprecomputed.set(list, holds);
  if (holds && list.length >= 2) state.builtinSchemaLoaded = true;
}

/**
 * The same after a kustomization's generators or transformers ran over `list`: two objects or more were
 * compared, or (`selecting`: a namespace, patches, replacements) each one's effective namespace was read.
 */
export function noteScopeChecks(state: SchemaState, list: BuildResource[], selecting: boolean): void {
  if (state.openapi.length || state.builtinSchemaLoaded) return;
  if ((list.length >= 2 || (selecting && list.length > 0)) && list.some(unprecomputed)) state.builtinSchemaLoaded = true;
}

export interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

interface LoadedPatch {
  source: string;
  docs: Json[];
  /** The patch text as read (file content or the inline string). */
  text: string;
}

async function loadPatch(loader: Loader, dir: string, entry: PatchEntry, kustFile: string, field = 'patches'): Promise<LoadedPatch> {
  if (entry.path && entry.patch) throw new KustomizeError('a patch sets both path and patch; use one', kustFile);
  if (entry.path) {
    const abs = refPath(dir, entry.path);
    const text = await loader.readText(abs, { field, kustomizationDir: dir });
    return { source: loader.rel(abs), docs: parseText(text, loader.rel(abs)), text };
  }
  // kustomize's PatchTransformer takes an inline patch of blanks for no patch at all ("must specify one of
  // patch and path"); the legacy patchesJson6902 only an empty string ("empty file path and empty jsonOp").
  const blank = field === 'patches' ? (entry.patch ?? '').trim() === '' : !entry.patch;
  if (!blank && entry.patch !== undefined) return { source: kustFile, docs: parseText(entry.patch, kustFile), text: entry.patch };
  throw new KustomizeError(`a ${field} entry needs a path or a non-empty inline patch`, kustFile);
}

function parseText(text: string, file: string): Json[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return [JSON.parse(trimmed) as Json];
    } catch {
      // fall through to YAML
    }
  }
  const parsed = parseDocuments(file, text);
  const bad = parsed.errors.find((e) => e.severity === 'error' && e.code !== 'RC0002');
  if (bad) throw new KustomizeError(`${file}:${bad.line + 1}: ${bad.message}`, file);
  return parsed.documents.map((d) => d.value as Json);
}

function isJson6902(doc: Json): doc is Json[] {
  return Array.isArray(doc);
}

/** Does a patch without an explicit target name this resource (current or earlier id)? */
function patchNames(r: BuildResource, patch: JsonMap): boolean {
  const pk = kindOf(patch);
  const pn = nameOf(patch);
  const pns = namespaceOf(patch);
  const pg = groupVersion(patch).group;
  if (patch.apiVersion && pg !== groupVersion(r.object).group) return false;
  // kustomize looks the patch's id up among each object's previous ids and its current one
  // (GetMatchingResourcesByAnyId): a name a legacy patchesJson6902 replaced (no previous id) is gone.
  // Effective namespaces are compared ('' is "default"); cluster-scoped objects match any.
  const eff = (ns: string) => ns || 'default';
  const clusterScoped = isClusterScopedKind(kindOf(r.object), r.object.apiVersion as string | undefined);
  const ids = [...(r.prevIds ?? []), { name: nameOf(r.object), namespace: namespaceOf(r.object), kind: kindOf(r.object) }];
  return ids.some((id) => (!pk || id.kind === pk) && id.name === pn && (clusterScoped || eff(id.namespace) === eff(pns)));
}

export function applySmp(r: BuildResource, patch: JsonMap, opts: PatchEntry['options'], source: string, schemas: SchemaResolver = builtinSchemas): 'deleted' | 'ok' {
  const name = nameOf(r.object);
  const kind = kindOf(r.object);
  const ns = namespaceOf(r.object);
  const schema = schemas(r.object.apiVersion as string | undefined, kind);
  let merged: Json | undefined;
  dropEmptyNulls(r);
  if (opts?.allowNameChange || opts?.allowKindChange) storePreviousId(r, isClusterScopedKind(kind, r.object.apiVersion as string | undefined));
  const md0 = isMap(r.object.metadata) ? r.object.metadata : undefined;
  const lostIds = md0 ? previousIdsInNull(md0) : 0;
  const duplicated = hasDuplicatedBookkeeping(md0?.annotations);
  try {
    merged = strategicMerge(r.object, clone(patch), schema, { mode: 'kyaml', listIncrease: 'prepend', inferAssociative: false });
  } catch (e) {
    if (e instanceof SmpError) throw new KustomizeError(`patch ${source} on ${describe(r.object)}: ${e.message}`, source);
    throw e;
  }
  if (merged === undefined || !isMap(merged) || Object.keys(merged).length === 0) return 'deleted';
  r.object = merged;
  const md = meta(r.object);
  // The merge re-encodes the object: previous ids kept in a null annotations node are gone (kustomize
  // then knows the object by its current id only); duplicated bookkeeping keys in a map stay.
  if (lostIds > 0) r.prevIds = [];
  if (duplicated) keepDuplicatedBookkeeping(md.annotations);
  if (!opts?.allowKindChange) r.object.kind = kind;
  else if (r.object.kind !== kind) r.kindHistory = [...(r.kindHistory ?? []), kind];
  if (!opts?.allowNameChange) md.name = name;
  else if (md.name !== name) r.nameHistory.push(md.name as string);
  if (ns) md.namespace = ns;
  else if (!opts?.allowNameChange) delete md.namespace;
  r.origin = { ...r.origin, touchedBy: [...(r.origin.touchedBy ?? []), source] };
  return 'ok';
}

export function applyJson6902(r: BuildResource, ops: Json[], source: string): void {
  const md0 = isMap(r.object.metadata) ? r.object.metadata : undefined;
  if (hasDuplicatedBookkeeping(md0?.annotations)) {
    throw new KustomizeError(
      `JSON patch ${source} on ${describe(r.object)}: kustomize cannot re-read the object: its metadata.annotations holds kustomize's previous-id bookkeeping twice (mapping key "internal.config.kubernetes.io/previousNames" already defined). ` +
        'Two renames (namespace, name prefix/suffix, patches) were recorded while annotations was null with entries created below it (a replacement with create), and a later transformer turned it into a map; give the resource `annotations: {}` instead of a null to avoid this',
      source,
    );
  }
  // Re-encoding the object drops what was appended to a null annotations node, previous ids included.
  const lostIds = md0 ? previousIdsInNull(md0) : 0;
  try {
    let doc: Json = clone(r.object);
    // The operations are cloned: an added value must not be one object shared by every target.
    for (const op of clone(ops)) {
      const lax = isMap(op) ? laxOperation(doc, op) : op;
      if (lax === undefined) continue;
      doc = jsonpatch.applyPatch(doc, [lax] as unknown as jsonpatch.Operation[], true, true).newDocument as Json;
    }
    r.object = doc as JsonMap;
    if (lostIds > 0) r.prevIds = [];
    // Replacing or removing metadata (or its annotations) drops the build annotations kustomize keeps there.
    if (ops.some((op) => isMap(op) && op.op !== 'test' && (op.path === '/metadata' || op.path === '/metadata/annotations'))) {
      r.annotationsWiped = true;
      r.transformations = [];
      r.originTransformer = undefined;
    }
    unlinkFields(r);
    settleNulls(r);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new KustomizeError(`JSON patch ${source} on ${describe(r.object)}: ${msg}`, source);
  }
  r.origin = { ...r.origin, touchedBy: [...(r.origin.touchedBy ?? []), source] };
}

/** The container a JSON pointer's last token lives in, and that token; undefined when the container is missing. */
function pointerParent(doc: Json, pointer: unknown): { parent: Json; key: string } | undefined {
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: Json | undefined = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(t) ? cur[Number(t)] : undefined;
    else if (isMap(cur)) cur = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return { parent: cur, key: tokens[tokens.length - 1] };
}

/**
 * kustomize applies JSON 6902 with evanphx/json-patch v4, laxer than RFC 6902 about a key missing from an
 * existing map: `replace` sets it, `test` against null passes, `copy` from it copies null. Such an operation
 * is rewritten for the document as it stands (undefined: nothing to do); lists and missing parents still fail.
 */
function laxOperation(doc: Json, op: JsonMap): JsonMap | undefined {
  const missingKey = (pointer: unknown) => {
    const at = pointerParent(doc, pointer);
    return at !== undefined && isMap(at.parent) && !Object.prototype.hasOwnProperty.call(at.parent, at.key);
  };
  if (op.op === 'replace' && missingKey(op.path)) return { ...op, op: 'add' };
  if (op.op === 'test' && op.value === null && missingKey(op.path)) return undefined;
  if (op.op === 'copy' && missingKey(op.from) && pointerParent(doc, op.path) !== undefined) return { op: 'add', path: op.path, value: null };
  return op;
}

/**
 * Label and annotation values become strings: `null` is "null" (and sets, not deletes), 3 is "3"; a map
 * left empty (or null) is cleared from the patch, so it deletes nothing.
 */
function stringifyMetadataMaps(md: JsonMap): void {
  for (const f of ['labels', 'annotations']) {
    const m = md[f];
    if (isMap(m)) for (const key of Object.keys(m)) m[key] = m[key] === null ? 'null' : typeof m[key] === 'object' ? m[key] : String(m[key]);
    if (f in md && (m === null || (isMap(m) && Object.keys(m).length === 0))) delete md[f];
  }
}

/** `patches:` — each entry is SMP or JSON 6902, optionally with a target selector. */
/** kustomize's ResId equality: namespaces compared as effective ones (none is "default"). */
export function resId(o: JsonMap): string {
  return !namespaceOf(o) && !isClusterScopedKind(kindOf(o), o.apiVersion as string | undefined) ? idKey({ ...o, metadata: { ...meta(o), namespace: 'default' } }) : idKey(o);
}

/**
 * kustomize applies a targeted or legacy strategic merge patch through ResMap.ApplySmPatch, which clears
 * the map and appends every object again: two objects with one id (a JSON 6902 patch renamed one onto
 * another) are refused there, whether or not the patch selected anything.
 */
function checkReappend(list: BuildResource[], source: string, kustFile: string): void {
  const ids = new Set<string>();
  for (const r of list) {
    const id = resId(r.object);
    if (ids.has(id)) throw new KustomizeError(`may not add resource with an already registered id: ${describe(r.object)} (two objects have one kind, name and namespace when a strategic merge patch from ${source} is applied)`, kustFile);
    ids.add(id);
  }
}

export async function applyPatches(loader: Loader, dir: string, list: BuildResource[], entries: PatchEntry[], kustFile: string, schemas: SchemaResolver = builtinSchemas, legacy = false, afterEach?: (list: BuildResource[]) => void): Promise<BuildResource[]> {
  for (const entry of entries) {
    // A strategic merge patch writes shared label/annotation nodes in place; the writes reach the other
    // fields before the next entry (a JSON 6902 patch re-parses the object and ends the sharing).
    await withLinkedFields(list, () => applyPatchEntry(entry));
    // Each entry is its own PatchTransformer in kustomize (one transformerAnnotations entry each, in order).
    afterEach?.(list);
  }
  return list;

  async function applyPatchEntry(entry: PatchEntry): Promise<void> {
    const { source, docs } = await loadPatch(loader, dir, entry, kustFile);
    // kustomize v5.5 refuses a patch of nothing but comments, nulls or `[]` ("illegally qualifies as both
    // an SM and JSON patch", kustomize#5487); fixed upstream (kustomize#5771), as krusty's
    // TestEmptyPatchFilesShouldBeIgnored pins: such a patch changes nothing here.
    for (const doc of docs) {
      if (doc === null) continue;
      if (isJson6902(doc)) {
        if (!entry.target) throw new KustomizeError(`JSON 6902 patch ${source} needs a target`, kustFile);
        for (const r of list.filter((x) => selectsResource(x, entry.target ?? {}))) {
          // PatchTransformer stores the id before a JSON 6902 patch (the legacy patchesJson6902 does not).
          storePreviousId(r, isClusterScopedKind(kindOf(r.object), r.object.apiVersion as string | undefined));
          applyJson6902(r, doc, source);
        }
        continue;
      }
      if (!isMap(doc)) throw new KustomizeError(`patch ${source} is neither a strategic merge patch nor a JSON 6902 list`, kustFile);
      const targets = entry.target ? list.filter((x) => selectsResource(x, entry.target ?? {})) : list.filter((x) => patchNames(x, doc));
      if (!entry.target && targets.length === 0) throw new KustomizeError(`no resource matches strategic merge patch "${describe(doc)}" (${source})`, kustFile);
      // Like kustomize, a patch without a target must name exactly one object (by any name it has had).
      if (!entry.target && targets.length > 1) throw new KustomizeError(`strategic merge patch "${describe(doc)}" (${source}) matches ${targets.length} objects: ${targets.map((t) => describe(t.object)).join(', ')}; give it a target or use the current name`, kustFile);
      for (const r of targets) {
        const p = clone(doc);
        if (entry.target) {
          // With a target the patch's own name/kind only label it; apply it as if it named each target.
          const md = meta(p);
          if (!entry.options?.allowNameChange || md.name === undefined) md.name = nameOf(r.object);
          if (namespaceOf(r.object)) md.namespace = namespaceOf(r.object);
          else delete md.namespace;
          if (p.kind !== undefined && !entry.options?.allowKindChange) p.kind = kindOf(r.object);
          if (p.apiVersion !== undefined) p.apiVersion = r.object.apiVersion as Json;
        }
        // kustomize applies targeted and legacy patches through ResMap.ApplySmPatch, which copies the
        // patch's metadata through its string-map accessors (CopyMergeMetaDataFieldsFrom).
        if (entry.target || legacy) stringifyMetadataMaps(meta(p));
        if (applySmp(r, p, entry.options, source, schemas) === 'deleted') list = list.filter((x) => x !== r);
      }
      if (entry.target || legacy) checkReappend(list, source, kustFile);
    }
  }
}

/** Legacy `patchesStrategicMerge`: file paths or inline YAML strings. */
export async function applyLegacySmp(loader: Loader, dir: string, list: BuildResource[], entries: string[], kustFile: string, schemas: SchemaResolver = builtinSchemas): Promise<BuildResource[]> {
  const converted: PatchEntry[] = entries.map((e) => (/\n/.test(e) || /^\s*(apiVersion|kind|metadata)\s*:/.test(e) ? { patch: e } : { path: e }));
  for (const c of converted) {
    const { source, docs } = await loadPatch(loader, dir, c, kustFile, 'patchesStrategicMerge');
    if (docs.filter((d) => d !== null).length === 0) throw new KustomizeError(`patch appears to be empty: ${source}`, kustFile);
  }
  return applyPatches(loader, dir, list, converted, kustFile, schemas, true);
}

/** Legacy `patchesJson6902`: {target, path|patch}. */
export async function applyLegacyJson6902(loader: Loader, dir: string, list: BuildResource[], entries: PatchEntry[], kustFile: string): Promise<BuildResource[]> {
  for (const e of entries) {
    if (!e.target) throw new KustomizeError('patchesJson6902 entry needs a target', kustFile);
    const { source, docs, text } = await loadPatch(loader, dir, e, kustFile, 'patchesJson6902');
    // kustomize's PatchJson6902Transformer refuses an empty patch when configured, whatever it targets.
    if (e.path && text.length === 0) throw new KustomizeError(`patchesJson6902 patch file ${source} is empty`, kustFile);
    const ops = docs.find((d) => d !== null) ?? null;
    if (ops === null || (Array.isArray(ops) && ops.length === 0)) throw new KustomizeError(`patchesJson6902 patch ${source === kustFile ? `for ${e.target.kind ?? ''} ${e.target.name ?? ''}`.trimEnd() + ` in ${kustFile}` : source} appears to be empty (${ops === null ? 'no operations' : '[]'})`, kustFile);
    if (!Array.isArray(ops)) throw new KustomizeError(`patchesJson6902 ${source} is not a list of operations`, kustFile);
    const targets = list.filter((x) => selectsResource(x, e.target ?? {}));
    for (const r of targets) applyJson6902(r, ops, source);
  }
  return list;
}

void load;
