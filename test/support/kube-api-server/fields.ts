// managedFields `FieldsV1` sets, built the way structured-merge-diff writes them:
// `f:<field>` for struct/map members, `k:{...}` for items of associative lists, `.` for a member that is itself set.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps whose members are user keys (granular ownership, with a `.` entry), as opposed to structs. */
export const STRING_MAPS = new Set(['labels', 'annotations', 'data', 'stringData', 'binaryData', 'matchLabels', 'nodeSelector', 'selector']);

/** Key fields of an associative list item, or undefined for atomic lists. */
export function listItemKey(field: string, item: unknown, parentField?: string): JsonObject | undefined {
  if (!isObject(item)) return undefined;
  if (field === 'ports') {
    if (item.containerPort !== undefined) return { containerPort: item.containerPort, protocol: item.protocol ?? 'TCP' };
    if (item.port !== undefined) return { port: item.port, protocol: item.protocol ?? 'TCP' };
  }
  if (field === 'volumeMounts' && typeof item.mountPath === 'string') return { mountPath: item.mountPath };
  if (field === 'subjects' || field === 'rules' || field === 'tolerations' || parentField === 'rules') return undefined;
  if (typeof item.name === 'string') return { name: item.name };
  return undefined;
}

export function keyString(key: JsonObject): string {
  const sorted: JsonObject = {};
  for (const k of Object.keys(key).sort()) sorted[k] = key[k];
  return 'k:' + JSON.stringify(sorted);
}

/** The FieldsV1 tree of every leaf set in `value`. */
export function fieldsOf(value: JsonObject, skipTop: string[] = ['status']): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (skipTop.includes(k) || k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata' && isObject(v)) {
      const meta: JsonObject = {};
      for (const mk of ['labels', 'annotations', 'finalizers', 'ownerReferences']) {
        if (v[mk] !== undefined) meta['f:' + mk] = fieldsOfValue(mk, v[mk]);
      }
      if (Object.keys(meta).length) out['f:metadata'] = meta;
      continue;
    }
    out['f:' + k] = fieldsOfValue(k, v);
  }
  return out;
}

function fieldsOfValue(field: string, v: Json, parentField?: string): JsonObject {
  if (isObject(v)) {
    const node: JsonObject = STRING_MAPS.has(field) ? { '.': {} } : {};
    for (const [k, child] of Object.entries(v)) node['f:' + k] = fieldsOfValue(k, child, field);
    return node;
  }
  if (Array.isArray(v) && v.length > 0 && v.every((item) => listItemKey(field, item, parentField))) {
    const node: JsonObject = {};
    for (const item of v) {
      const itemNode: JsonObject = { '.': {} };
      for (const [k, child] of Object.entries(item as JsonObject)) itemNode['f:' + k] = fieldsOfValue(k, child, field);
      node[keyString(listItemKey(field, item, parentField)!)] = itemNode;
    }
    return node;
  }
  return {};
}

/** Flatten a FieldsV1 tree into leaf paths (`f:spec/f:replicas`). */
export function flattenFields(tree: JsonObject, prefix: string[] = [], out: string[][] = []): string[][] {
  for (const [k, v] of Object.entries(tree)) {
    if (k === '.') continue;
    const path = [...prefix, k];
    if (isObject(v) && Object.keys(v).some((c) => c !== '.')) flattenFields(v, path, out);
    else out.push(path);
  }
  return out;
}

export function pathKey(path: string[]): string {
  return path.join('\u0000');
}

/** Remove the field at a FieldsV1 path from an object (no-op when absent); empties left behind are pruned. */
export function removePath(obj: JsonObject, path: string[]): void {
  const [head, ...rest] = path;
  if (!head || !head.startsWith('f:')) return;
  const name = head.slice(2);
  if (rest.length === 0) {
    delete obj[name];
    return;
  }
  const child = obj[name];
  const [next] = rest;
  if (next.startsWith('k:') && Array.isArray(child)) {
    const key = JSON.parse(next.slice(2)) as JsonObject;
    const idx = child.findIndex((item) => {
      const k = listItemKey(name, item);
      return k !== undefined && keyString(k) === keyString(key);
    });
    if (idx < 0) return;
    if (rest.length === 1) child.splice(idx, 1);
    else if (isObject(child[idx])) removePath(child[idx] as JsonObject, rest.slice(1));
    if (child.length === 0) delete obj[name];
    return;
  }
  if (isObject(child)) {
    removePath(child, rest);
    if (Object.keys(child).length === 0) delete obj[name];
  }
}
