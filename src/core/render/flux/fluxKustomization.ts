// Rendering a Flux Kustomization (kustomize.toolkit.fluxcd.io) the way kustomize-controller does:
// build spec.path (generating a kustomization when there is none), layer targetNamespace, namePrefix/
// nameSuffix, patches, images and components on top, add commonMetadata, then post-build substitution
// from spec.postBuild.substitute and in-repo substituteFrom ConfigMaps/Secrets.
import { posix } from 'node:path';
import { FileSystem, CancellationToken } from '../../types';
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { renderKustomization, KustomizeResult } from '../kustomize/build';
import { Kustomization } from '../kustomize/kustomization';
import { stringifyStream } from '../kustomize/yamlOutput';
import { SubstitutionError, VAR_NAME, substituteObjects } from './substitute';

/** Finds a ConfigMap or Secret in the repository (the caller decides how: index, scan, cluster...). */
export type ObjectLookup = (kind: 'ConfigMap' | 'Secret', name: string, namespace: string) => Promise<JsonMap | undefined>;

export interface FluxRenderOptions {
  /** Absolute root of the source the Kustomization's spec.path is relative to (the repository). */
  sourceRoot: string;
  /** The directory spec.path resolves to, when the caller already resolved the source (e.g. the index
   * followed an ExternalArtifact/ArtifactGenerator); absolute. Default: spec.path under sourceRoot. */
  dir?: string;
  lookup?: ObjectLookup;
  /** Report unset variables instead of substituting empty strings (kustomize-controller's strict mode). */
  strict?: boolean;
  token?: CancellationToken;
}

export function isFluxKustomization(v: unknown): v is JsonMap {
  return isMap(v as Json) && (v as JsonMap).kind === 'Kustomization' && typeof (v as JsonMap).apiVersion === 'string' && ((v as JsonMap).apiVersion as string).startsWith('kustomize.toolkit.fluxcd.io/');
}

async function collectVars(flux: JsonMap, spec: JsonMap, opts: FluxRenderOptions): Promise<Record<string, string>> {
  const postBuild = isMap(spec.postBuild) ? spec.postBuild : {};
  const vars: Record<string, string> = {};
  const ns = isMap(flux.metadata) && typeof flux.metadata.namespace === 'string' ? flux.metadata.namespace : 'flux-system';
  for (const ref of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
    if (!isMap(ref)) continue;
    const kind = ref.kind === 'Secret' ? 'Secret' : 'ConfigMap';
    const name = String(ref.name ?? '');
    const obj = opts.lookup ? await opts.lookup(kind, name, ns) : undefined;
    if (!obj) {
      if (ref.optional === true) continue;
      throw new SubstitutionError(`substituteFrom: ${kind} '${ns}/${name}' was not found in the repository (mark it optional: true if it only exists in the cluster)`);
    }
    const data = isMap(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(data)) vars[k] = kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
    if (kind === 'Secret' && isMap(obj.stringData)) for (const [k, v] of Object.entries(obj.stringData)) vars[k] = String(v);
  }
  if (isMap(postBuild.substitute)) for (const [k, v] of Object.entries(postBuild.substitute)) vars[k] = String(v);
  for (const k of Object.keys(vars)) if (!VAR_NAME.test(k)) throw new SubstitutionError(`'${k}' is not a valid variable name (letters, digits and _; not starting with a digit)`);
  return vars;
}

export async function renderFluxKustomization(fs: FileSystem, flux: JsonMap, opts: FluxRenderOptions): Promise<KustomizeResult> {
  const spec = isMap(flux.spec) ? flux.spec : {};
  const path = typeof spec.path === 'string' ? spec.path : './';
  const dir = opts.dir ?? posix.normalize(posix.join(opts.sourceRoot, path));
  const overlay: Partial<Kustomization> = {};
  if (typeof spec.targetNamespace === 'string') overlay.namespace = spec.targetNamespace;
  if (typeof spec.namePrefix === 'string') overlay.namePrefix = spec.namePrefix;
  if (typeof spec.nameSuffix === 'string') overlay.nameSuffix = spec.nameSuffix;
  if (Array.isArray(spec.patches)) overlay.patches = spec.patches as unknown as Kustomization['patches'];
  if (Array.isArray(spec.images)) overlay.images = spec.images as unknown as Kustomization['images'];
  if (Array.isArray(spec.components)) overlay.components = spec.components as string[];
  const result = await renderKustomization(fs, dir, { root: opts.sourceRoot, autodetect: true, overlay: Object.keys(overlay).length ? overlay : undefined, token: opts.token });
  if (!result.ok) return result;
  let objects = result.manifests.map((m) => m.object as JsonMap);
  const common = isMap(spec.commonMetadata) ? spec.commonMetadata : undefined;
  if (common) {
    for (const o of objects) {
      const md = (isMap(o.metadata) ? o.metadata : (o.metadata = {})) as JsonMap;
      for (const f of ['labels', 'annotations']) if (isMap(common[f])) md[f] = { ...(isMap(md[f]) ? md[f] : {}), ...(common[f] as JsonMap) };
    }
  }
  try {
    const postBuild = isMap(spec.postBuild) ? spec.postBuild : undefined;
    if (postBuild) objects = substituteObjects(objects, await collectVars(flux, spec, opts), opts.strict);
  } catch (e) {
    if (e instanceof SubstitutionError) return { ok: false, error: { message: `postBuild: ${e.message}` } };
    throw e;
  }
  const manifests = result.manifests.map((m, i) => ({ object: objects[i], origin: m.origin }));
  let text: string | undefined;
  return { ok: true, manifests, get yaml() { return (text ??= stringifyStream(objects as Json[])); } };
}
