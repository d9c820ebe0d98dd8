// The simple built-in transformers: namespace, namePrefix/nameSuffix, labels and annotations, images,
// replicas. Each works in place on the accumulated list.
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { markUntagged } from './scalarTags';
import { isClusterScopedKind } from '../merge/kubernetesPatchMeta';
import { BuildResource, KustomizeError, kindOf, meta, nameOf, storePreviousId } from './model';
import { FieldSpec, specApplies, visitField } from './fieldPath';
import { mapFromNull } from './nullMaps';
import { IMAGE_CONTAINER_KEYS, REPLICA_KINDS } from './builtinConfig';
import { linkCreatedFields } from './linkedFields';

function touched(r: BuildResource, by: string): void {
  if (!r.origin.touchedBy?.includes(by)) r.origin = { ...r.origin, touchedBy: [...(r.origin.touchedBy ?? []), by] };
}

export function applyNamespace(list: BuildResource[], namespace: string, by: string): void {
  for (const r of list) {
    const kind = kindOf(r.object);
    const clusterScoped = isClusterScopedKind(kind, r.object.apiVersion as string | undefined);
    // kustomize's NamespaceTransformer stores every object's id before it runs, renamed or not.
    storePreviousId(r, clusterScoped);
    if (kind === 'Namespace' && r.object.apiVersion === 'v1') {
      // kustomize renames core Namespace objects to the target namespace (two of them then conflict).
      const md = meta(r.object);
      if (md.name !== namespace) {
        md.name = namespace;
        r.nameHistory.push(namespace);
        touched(r, by);
      }
    } else if (clusterScoped) {
      // Cluster-scoped objects carry no namespace; kustomize still fixes their webhook/service refs below.
    } else {
      const md = meta(r.object);
      if (md.namespace !== namespace) {
        md.namespace = namespace;
        r.namespaceHistory.push(namespace);
        touched(r, by);
      }
    }
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const subjects = r.object.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isMap(s) && s.kind === 'ServiceAccount' && s.name === 'default') s.namespace = namespace;
      }
    }
    // kustomize's namespace field specs also cover APIService and CRD-conversion services; webhook
    // service namespaces follow the Service they name (set by the name-reference pass).
    if (kind === 'APIService') visitField(r.object, 'spec/service/namespace', true, (p, k) => { p[k] = namespace; });
    if (kind === 'CustomResourceDefinition') visitField(r.object, 'spec/conversion/webhook/clientConfig/service/namespace', false, (p, k) => { p[k] = namespace; });
  }
}

export function checkNamespaceConflicts(list: BuildResource[], namespace: string, by: string): void {
  const namespaces = list.filter((r) => kindOf(r.object) === 'Namespace' && r.object.apiVersion === 'v1' && nameOf(r.object) === namespace);
  if (namespaces.length > 1) {
    throw new KustomizeError(`namespace transformation produces ID conflict: ${namespaces.length} Namespace objects (${namespaces.map((r) => r.nameHistory[0]).join(', ')}) would all be renamed to '${namespace}'`, by);
  }
  // Two namespaced objects with one apiVersion, kind and name now in the same namespace (kustomize checks
  // each object's new id against the others).
  const seen = new Map<string, BuildResource>();
  for (const r of list) {
    if (isClusterScopedKind(kindOf(r.object), r.object.apiVersion as string | undefined)) continue;
    const md = isMap(r.object.metadata) ? r.object.metadata : {};
    const key = [r.object.apiVersion, kindOf(r.object), nameOf(r.object), typeof md.namespace === 'string' && md.namespace ? md.namespace : 'default'].join('|');
    const other = seen.get(key);
    if (other) {
      throw new KustomizeError(`namespace transformation produces ID conflict: ${kindOf(r.object)} '${nameOf(r.object)}' (once ${r.namespaceHistory[0] || 'without a namespace'}) and another one (once ${other.namespaceHistory[0] || 'without a namespace'}) both end up in namespace '${namespace}'`, by);
    }
    seen.set(key, r);
  }
}

/**
 * `namePrefix`/`nameSuffix` run as two transformers in kustomize v5 (PrefixTransformer, then
 * SuffixTransformer), each storing the previous id; the PrefixSuffixTransformer plugin (`separate` false)
 * stores it once.
 */
export function applyPrefixSuffix(list: BuildResource[], prefix: string, suffix: string, by: string, fieldSpecs?: FieldSpec[], separate = true): void {
  if (!prefix && !suffix) return;
  for (const r of list) {
    const kind = kindOf(r.object);
    if (fieldSpecs && !fieldSpecs.some((s) => specApplies(s, r.object))) continue;
    // kustomize leaves CRDs and Namespaces alone: their names are API identities.
    if (kind === 'CustomResourceDefinition' || kind === 'Namespace') continue;
    const md = meta(r.object);
    const clusterScoped = isClusterScopedKind(kind, r.object.apiVersion as string | undefined);
    storePreviousId(r, clusterScoped);
    if (separate && prefix && suffix) {
      md.name = `${prefix}${nameOf(r.object)}`;
      storePreviousId(r, clusterScoped);
      md.name = `${nameOf(r.object)}${suffix}`;
    } else md.name = `${prefix}${nameOf(r.object)}${suffix}`;
    r.nameHistory.push(md.name as string);
    if (prefix) r.prefixes = [...(r.prefixes ?? []), prefix];
    if (suffix) r.suffixes = [...(r.suffixes ?? []), suffix];
    touched(r, by);
  }
}

/** Writes key/value pairs into the map at each field spec (creating it when the spec says so). */
export function applyMapFields(list: BuildResource[], pairs: Record<string, Json>, specs: FieldSpec[], by: string): void {
  const entries = Object.entries(pairs).map(([k, v]) => [k, v === null ? '' : String(v)] as [string, string]);
  if (entries.length === 0) return;
  for (const r of list) {
    const created = new Map<string, JsonMap[]>();
    for (const spec of specs) {
      if (!specApplies(spec, r.object)) continue;
      visitField(r.object, spec.path, spec.create ?? false, (parent, key) => {
        let m = parent[key];
        if (m === undefined || m === null) {
          if (!spec.create) return;
          m = m === null ? mapFromNull(parent, key) : (parent[key] = {});
        }
        if (!isMap(m)) throw new KustomizeError(`${spec.path} in ${kindOf(r.object)} '${nameOf(r.object)}' is not a map`);
        for (const [k, v] of entries) {
          if (!(k in m)) created.set(k, [...(created.get(k) ?? []), m]);
          m[k] = v;
        }
        touched(r, by);
      });
    }
    for (const [k, maps] of created) linkCreatedFields(r, k, maps);
  }
}

export interface ImageEntry {
  name?: string;
  newName?: string;
  newTag?: string | number;
  digest?: string;
  tagSuffix?: string;
}

/** Splits `registry/name:tag@digest` into name, tag, digest (a registry port is not a tag). */
export function parseImage(image: string): { name: string; tag: string; digest: string } {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

function updateImage(current: string, img: ImageEntry): string | undefined {
  const p = parseImage(current);
  if (p.name !== img.name) return undefined;
  const name = img.newName ?? p.name;
  // newTag and digest together give `name:tag@digest`, as kustomize v5's image updater writes it.
  if (img.digest) return `${name}${img.newTag !== undefined && img.newTag !== '' ? ':' + String(img.newTag) : ''}@${img.digest}`;
  if (img.newTag !== undefined && img.newTag !== '') return `${name}:${String(img.newTag)}`;
  return `${name}${p.tag ? ':' + p.tag : ''}${p.digest ? '@' + p.digest : ''}`;
}

function walkContainers(node: Json, fn: (container: JsonMap) => void): void {
  if (Array.isArray(node)) {
    for (const e of node) walkContainers(e, fn);
    return;
  }
  if (!isMap(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (IMAGE_CONTAINER_KEYS.includes(k) && Array.isArray(v)) {
      for (const c of v) if (isMap(c)) fn(c);
    } else walkContainers(v, fn);
  }
}

/** kustomize v5.5's default images field specs: walked for every object but CRDs (the legacy filter does the work). */
const DEFAULT_IMAGE_PATHS = ['spec/containers[]/image', 'spec/initContainers[]/image', 'spec/template/spec/containers[]/image', 'spec/template/spec/initContainers[]/image'];

export function applyImages(list: BuildResource[], images: ImageEntry[], by: string, extraSpecs: FieldSpec[] = []): void {
  for (const r of list) {
    if (kindOf(r.object) === 'CustomResourceDefinition') continue;
    // Only for the walk's side effect on null lists; the containers are updated below.
    for (const path of DEFAULT_IMAGE_PATHS) visitField(r.object, path, false, () => undefined);
    for (const spec of extraSpecs) {
      if (!specApplies(spec, r.object)) continue;
      visitField(r.object, spec.path, false, (parent, key) => {
        if (typeof parent[key] !== 'string') return;
        for (const img of images) {
          const next = updateImage(parent[key] as string, img);
          if (next !== undefined) {
            parent[key] = next;
            touched(r, by);
          }
        }
      });
    }
    walkContainers(r.object, (c) => {
      if (typeof c.image !== 'string') return;
      // Each images entry is its own ImageTagTransformer, run in order: a renamed image meets the later entries.
      for (const img of images) {
        const next = updateImage(c.image as string, img);
        if (next !== undefined) {
          c.image = next;
          // kyaml's SetScalar writes a node without a tag (see scalarTags).
          markUntagged(c, 'image');
          touched(r, by);
        }
      }
    });
  }
}

/** ReplicaCountTransformer: per field spec, the objects with that name (now or before) and that kind; none at all is an error. */
export function applyReplicas(list: BuildResource[], replicas: Array<{ name?: string; count?: number }>, by: string, extraSpecs: FieldSpec[] = []): void {
  const specs: FieldSpec[] = [...REPLICA_KINDS.map((kind) => ({ path: 'spec/replicas', kind, create: true })), ...extraSpecs];
  for (const rep of replicas) {
    const name = rep.name ?? '';
    let found = false;
    for (const spec of specs) {
      for (const r of list) {
        // kustomize matches the current id and the previous ids transformers recorded (a legacy
        // patchesJson6902 rename records none, so the old name no longer matches).
        if ((nameOf(r.object) !== name && !(r.prevIds ?? []).some((id) => id.name === name)) || !specApplies(spec, r.object)) continue;
        found = true;
        visitField(r.object, spec.path, spec.create ?? false, (parent, key) => { parent[key] = rep.count ?? 0; });
        touched(r, by);
      }
    }
    if (!found) throw new KustomizeError(`${by}: replicas: no object named '${name}' of a kind with a replica count (${[...new Set(specs.map((s) => s.kind))].join(', ')}; add others with configurations)`, by);
  }
}
