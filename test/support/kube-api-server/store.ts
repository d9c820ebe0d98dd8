// The test server's object store: what "live" objects look like after a GitOps tool applied them
// (defaults, server metadata, managedFields per manager, controller-written status), plus a watch history.
import { randomUUID } from 'node:crypto';
import { applyDefaults, statusFor } from './defaults';
import { fieldsOf, flattenFields, isObject, Json, JsonObject, keyString, listItemKey, pathKey, STRING_MAPS } from './fields';
import { BUILTIN_RESOURCES, groupVersion, resourcesFromCrd, ServedResource } from './resources';

export interface SeedOptions {
  /** Field manager that "applied" the object: `kustomize-controller` (Apply, default), `kubectl-client-side-apply` (Update, with the last-applied annotation), `argocd-controller`, ... */
  manager?: string;
  time?: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceKey: string;
  object: JsonObject;
  rv: number;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function meta(o: JsonObject): JsonObject {
  if (!isObject(o.metadata)) o.metadata = {};
  return o.metadata as JsonObject;
}

/** The value at a FieldsV1 path, or undefined. */
export function valueAt(o: Json, path: string[]): Json | undefined {
  let cur: Json | undefined = o;
  let field = '';
  for (const seg of path) {
    if (seg.startsWith('f:')) {
      field = seg.slice(2);
      cur = isObject(cur) ? cur[field] : undefined;
    } else if (seg.startsWith('k:') && Array.isArray(cur)) {
      const want = seg;
      cur = cur.find((item) => {
        const k = listItemKey(field, item);
        return k !== undefined && keyString(k) === want;
      });
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

export class ObjectStore {
  readonly resources: ServedResource[] = [...BUILTIN_RESOURCES];
  private readonly objects = new Map<string, Map<string, JsonObject>>();
  private rv = 1000;
  readonly history: WatchEvent[] = [];
  private readonly listeners = new Set<(e: WatchEvent) => void>();

  get resourceVersion(): number {
    return this.rv;
  }

  resourceKey(r: ServedResource): string {
    return `${r.group}/${r.plural}`;
  }

  findByKind(apiVersion: string, kind: string): ServedResource | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.resources.find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  findByPlural(group: string, version: string, plural: string): ServedResource | undefined {
    return this.resources.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  addResource(r: ServedResource): void {
    if (!this.findByPlural(r.group, r.version, r.plural)) this.resources.push(r);
  }

  removeResource(group: string, plural: string): void {
    for (let i = this.resources.length - 1; i >= 0; i--) {
      if (this.resources[i].group === group && this.resources[i].plural === plural) this.resources.splice(i, 1);
    }
  }

  onEvent(listener: (e: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(r: ServedResource): Map<string, JsonObject> {
    const key = this.resourceKey(r);
    let b = this.objects.get(key);
    if (!b) this.objects.set(key, (b = new Map()));
    return b;
  }

  private emit(type: WatchEvent['type'], r: ServedResource, object: JsonObject): void {
    const e: WatchEvent = { type, resourceKey: this.resourceKey(r), object: structuredClone(object), rv: this.rv };
    this.history.push(e);
    if (this.history.length > 5000) this.history.shift();
    for (const l of this.listeners) l(e);
  }

  list(r: ServedResource): JsonObject[] {
    return [...this.bucket(r).values()].sort((a, b) => {
      const ka = `${String(meta(a).namespace ?? '')}/${String(meta(a).name)}`;
      const kb = `${String(meta(b).namespace ?? '')}/${String(meta(b).name)}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  get(r: ServedResource, namespace: string | undefined, name: string): JsonObject | undefined {
    return this.bucket(r).get(`${r.namespaced ? namespace ?? '' : ''}/${name}`);
  }

  /** Store `manifest` as if `options.manager` had applied it and the controllers had reconciled it. */
  seed(manifest: JsonObject, options: SeedOptions = {}): JsonObject {
    const r = this.findByKind(String(manifest.apiVersion), String(manifest.kind));
    if (!r) throw new Error(`test server: no resource for ${String(manifest.apiVersion)} ${String(manifest.kind)}`);
    const manager = options.manager ?? 'kustomize-controller';
    const time = options.time ?? '2024-05-01T10:00:00Z';
    const applied = structuredClone(manifest);
    delete applied.status;
    if (r.namespaced && !meta(applied).namespace) meta(applied).namespace = 'default';
    const clientSide = manager === 'kubectl-client-side-apply';
    if (clientSide) {
      const annotations = (meta(applied).annotations ??= {}) as JsonObject;
      const original = structuredClone(applied);
      delete (meta(original).annotations as JsonObject | undefined)?.[LAST_APPLIED];
      if (isObject(meta(original).annotations) && Object.keys(meta(original).annotations as JsonObject).length === 0) delete meta(original).annotations;
      annotations[LAST_APPLIED] = JSON.stringify(original) + '\n';
    }
    const o = structuredClone(applied);
    const m = meta(o);
    m.uid = randomUUID();
    m.resourceVersion = String(++this.rv);
    m.creationTimestamp = time;
    if (isObject(o.spec)) m.generation = 1;
    applyDefaults(o);
    const managedFields: JsonObject[] = [
      {
        manager,
        operation: clientSide ? 'Update' : 'Apply',
        apiVersion: groupVersion(r),
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: fieldsOf(applied),
      },
    ];
    const status = statusFor(o, 1);
    if (o.kind === 'Deployment') {
      ((m.annotations ??= {}) as JsonObject)['deployment.kubernetes.io/revision'] = '1';
    }
    if (status) {
      o.status = status;
      const controllerFields: JsonObject = { 'f:status': fieldsOf({ status } as JsonObject, [])['f:status'] };
      if (o.kind === 'Deployment') {
        controllerFields['f:metadata'] = { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} } };
      }
      managedFields.push({
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: groupVersion(r),
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: controllerFields,
        subresource: 'status',
      });
    }
    m.managedFields = managedFields;
    // Key order as a real server writes it: apiVersion, kind, metadata, spec..., status.
    const ordered: JsonObject = { apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata };
    for (const [k, v] of Object.entries(o)) if (!(k in ordered) && k !== 'status') ordered[k] = v;
    if (o.status !== undefined) ordered.status = o.status;
    this.bucket(r).set(`${r.namespaced ? String(m.namespace) : ''}/${String(m.name)}`, ordered);
    if (o.kind === 'CustomResourceDefinition') for (const cr of resourcesFromCrd(o)) this.addResource(cr);
    this.emit('ADDED', r, ordered);
    return ordered;
  }

  /**
   * Change a live object as another actor would (`kubectl edit`, an HPA, a webhook): the fields whose value
   * changed move to `manager`'s managedFields entry, resourceVersion (and generation for spec changes) bump.
   */
  mutate(apiVersion: string, kind: string, namespace: string | undefined, name: string, change: (o: JsonObject) => void, manager = 'kubectl-edit'): JsonObject {
    const r = this.findByKind(apiVersion, kind);
    const old = r && this.get(r, namespace, name);
    if (!r || !old) throw new Error(`test server: no live ${kind} ${namespace ?? ''}/${name}`);
    const next = structuredClone(old);
    change(next);
    const oldPaths = new Map(flattenFields(fieldsOf(old)).map((p) => [pathKey(p), p]));
    const changed = flattenFields(fieldsOf(next)).filter((p) => {
      const before = oldPaths.has(pathKey(p)) ? valueAt(old, p) : undefined;
      return JSON.stringify(before) !== JSON.stringify(valueAt(next, p));
    });
    const m = meta(next);
    const managed = (Array.isArray(m.managedFields) ? m.managedFields : []) as JsonObject[];
    const changedKeys = new Set(changed.map(pathKey));
    for (const entry of managed) {
      if (!isObject(entry.fieldsV1)) continue;
      entry.fieldsV1 = rebuild(flattenFields(entry.fieldsV1).filter((p) => !changedKeys.has(pathKey(p))));
    }
    let mine = managed.find((e) => e.manager === manager && e.operation === 'Update' && !e.subresource);
    if (!mine) {
      mine = { manager, operation: 'Update', apiVersion: groupVersion(r), time: '2024-05-02T09:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {} };
      managed.push(mine);
    }
    mine.fieldsV1 = rebuild([...flattenFields(mine.fieldsV1 as JsonObject), ...changed]);
    m.managedFields = managed.filter((e) => Object.keys(e.fieldsV1 as JsonObject).length > 0);
    m.resourceVersion = String(++this.rv);
    if (JSON.stringify(old.spec) !== JSON.stringify(next.spec) && typeof m.generation === 'number') m.generation += 1;
    this.bucket(r).set(`${r.namespaced ? namespace ?? '' : ''}/${name}`, next);
    this.emit('MODIFIED', r, next);
    return next;
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    const r = this.findByKind(apiVersion, kind);
    const old = r && this.get(r, namespace, name);
    if (!r || !old) return;
    this.bucket(r).delete(`${r.namespaced ? namespace ?? '' : ''}/${name}`);
    this.rv++;
    this.emit('DELETED', r, old);
  }
}

/** Rebuild a FieldsV1 tree from leaf paths (items and string maps get their `.` entry). */
export function rebuild(paths: string[][]): JsonObject {
  const root: JsonObject = {};
  for (const p of paths) {
    let node = root;
    p.forEach((seg, i) => {
      if (!isObject(node[seg])) node[seg] = {};
      const child = node[seg] as JsonObject;
      if (i < p.length - 1 && (seg.startsWith('k:') || STRING_MAPS.has(seg.slice(2)))) child['.'] = {};
      node = child;
    });
  }
  return root;
}
