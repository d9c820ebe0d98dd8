// The in-flight resource of a kustomize build: a plain JSON object plus what the build must remember
// about it (origin, original name for name-reference fixing, generator options).
import { Origin } from '../../types';
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { appendPreviousIdToNull, nullHasContent } from './nullMaps';

export interface BuildResource {
  object: JsonMap;
  origin: Origin;
  /** Names this object had before prefix/suffix/hash, oldest first (for name references). */
  nameHistory: string[];
  /** Namespaces it had, oldest first, paired with nameHistory changes. */
  namespaceHistory: string[];
  /**
   * kustomize's previous ids (Resource.StorePreviousId), oldest first, without the current one: stored by
   * the namespace transformer, a non-empty prefix or suffix, the content hash, a `patches` JSON 6902
   * patch and a strategic merge patch allowed to change the name or kind. Name references pick their
   * referrals among objects with a previous name equal to the reference.
   */
  prevIds?: PrevId[];
  /** Set by generators: append the content hash at the end of the build. */
  needsHash?: boolean;
  /** Generator behavior when merged into an existing object. */
  behavior?: 'create' | 'merge' | 'replace';
  generated?: boolean;
  /** Prefixes/suffixes applied, innermost first: referrers prefer referrals renamed the same way. */
  prefixes?: string[];
  suffixes?: string[];
  /** Kinds it had before a patch with allowKindChange changed it. */
  kindHistory?: string[];
  /** Generators configured by a plugin config (for origin annotations). */
  configuredBy?: { apiVersion: string; kind: string; name?: string };
  /** Builtin transformers that ran over the object: kustomization file and transformer kind. */
  transformations?: Array<{ file: string; kind: string }>;
  /**
   * A JSON 6902 patch replaced metadata.annotations, dropping kustomize's build annotations (origin and
   * transformations): the next transformer recorded becomes the object's origin (AddTransformerAnnotation).
   */
  annotationsWiped?: boolean;
  /** The transformer kustomize took for the origin after `annotationsWiped` (file, JSON ConfiguredBy). */
  originTransformer?: { file: string; kind: string };
}

export interface PrevId {
  name: string;
  /** Effective namespace ('default' for none; '' for cluster-scoped kinds). */
  namespace: string;
  kind: string;
}

/**
 * kustomize's Resource.StorePreviousId: remembers the current id before a rename. kustomize keeps it in
 * annotations (removed at the end of the build): `annotations: null` with nothing written below it becomes
 * a map there, so what a later replacement creates in it is a real entry, which a strategic merge patch
 * keeps (measured with kubectl kustomize). A null that already holds entries stays null and the
 * bookkeeping is appended to its content (nullMaps): the first id stored there is read back, a second one
 * is appended again and not seen (readers take the first copy), and a patch that re-encodes the object
 * while the node is still null drops them all (dropPreviousIdsInNull).
 */
export function storePreviousId(r: BuildResource, clusterScoped: boolean): void {
  const md = r.object.metadata;
  if (isJsonMap(md) && md.annotations === null && !nullHasContent(md, 'annotations')) md.annotations = {};
  const inNull = isJsonMap(md) ? appendPreviousIdToNull(md) : 0;
  if (inNull >= 2) return;
  const ns = namespaceOf(r.object);
  r.prevIds = [...(r.prevIds ?? []), { name: nameOf(r.object), namespace: clusterScoped ? '' : ns || 'default', kind: kindOf(r.object) }];
}

export class KustomizeError extends Error {
  /**
   * `unsupported`: the kustomization field or plugin the built-in engine does not implement (kustomize
   * would build it): callers may fall back to an external engine for this build.
   */
  constructor(message: string, public readonly file?: string, public readonly unsupported?: string) {
    super(message);
    this.name = 'KustomizeError';
  }
}

export function meta(o: JsonMap): JsonMap {
  if (!isMap(o.metadata)) o.metadata = {};
  return o.metadata as JsonMap;
}

export function nameOf(o: JsonMap): string {
  const m = o.metadata;
  return isMap(m) && typeof m.name === 'string' ? m.name : '';
}

export function namespaceOf(o: JsonMap): string {
  const m = o.metadata;
  return isMap(m) && typeof m.namespace === 'string' ? m.namespace : '';
}

export function kindOf(o: JsonMap): string {
  return typeof o.kind === 'string' ? o.kind : '';
}

export function groupVersion(o: JsonMap): { group: string; version: string } {
  const av = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const i = av.indexOf('/');
  return i < 0 ? { group: '', version: av } : { group: av.slice(0, i), version: av.slice(i + 1) };
}

export function setName(r: BuildResource, name: string): void {
  meta(r.object).name = name;
}

/** `kind/namespace/name` used in messages. */
export function describe(o: JsonMap): string {
  const ns = namespaceOf(o);
  return `${kindOf(o)} ${ns ? ns + '/' : ''}${nameOf(o)}`;
}

/** kustomize's resource id string for conflict detection. */
export function idKey(o: JsonMap): string {
  const { group } = groupVersion(o);
  return `${group}|${kindOf(o)}|${namespaceOf(o) || ''}|${nameOf(o)}`;
}

export function isJsonMap(v: Json | undefined): v is JsonMap {
  return isMap(v);
}
