// Server-side apply merge, simplified: maps merge recursively, associative lists merge by key, atomic lists replace.
import { isObject, Json, JsonObject, keyString, listItemKey } from './fields';

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function mergeApply(existing: Json, applied: Json, field = ''): Json {
  if (isObject(existing) && isObject(applied)) {
    const out: JsonObject = { ...existing };
    for (const [k, v] of Object.entries(applied)) {
      out[k] = k in existing ? mergeApply(existing[k], v, k) : clone(v);
    }
    return out;
  }
  if (Array.isArray(existing) && Array.isArray(applied) && applied.every((i) => listItemKey(field, i))) {
    const out = existing.map((i) => clone(i));
    for (const item of applied) {
      const k = keyString(listItemKey(field, item)!);
      const idx = out.findIndex((e) => {
        const ek = listItemKey(field, e);
        return ek !== undefined && keyString(ek) === k;
      });
      if (idx >= 0) out[idx] = mergeApply(out[idx], item, field);
      else out.push(clone(item));
    }
    return out;
  }
  return clone(applied);
}
