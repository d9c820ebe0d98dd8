// Field paths: segments for programs, a dotted string for people.
import { PathSegment } from './types';

function formatKeyValue(v: unknown): string {
  return typeof v === 'string' && /^[\w.\-/:]*$/.test(v) ? v : JSON.stringify(v);
}

export function formatPath(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string') out += /^[A-Za-z_$][\w$-]*$/.test(s) ? (out ? '.' : '') + s : `[${JSON.stringify(s)}]`;
    else {
      const parts = Object.entries(s.key)
        // The default protocol is noise in a path people read.
        .filter(([k, v]) => !(k === 'protocol' && v === 'TCP'))
        .map(([k, v]) => `${k}=${formatKeyValue(v)}`);
      out += `[${parts.join(',')}]`;
    }
  }
  return out;
}

/** Identifying fields of an item of a keyed list (Kubernetes merge keys), or undefined for atomic lists. */
export function itemKey(listField: string, item: unknown): Record<string, unknown> | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const o = item as Record<string, unknown>;
  switch (listField) {
    case 'ports':
      if (o.containerPort !== undefined) return { containerPort: o.containerPort, protocol: o.protocol ?? 'TCP' };
      if (o.port !== undefined) return { port: o.port, protocol: o.protocol ?? 'TCP' };
      return undefined;
    case 'volumeMounts':
      return typeof o.mountPath === 'string' ? { mountPath: o.mountPath } : undefined;
    case 'volumeDevices':
      return typeof o.devicePath === 'string' ? { devicePath: o.devicePath } : undefined;
    case 'hostAliases':
      return typeof o.ip === 'string' ? { ip: o.ip } : undefined;
    case 'rules':
    case 'subjects':
    case 'tolerations':
    case 'args':
    case 'command':
      return undefined;
    default:
      return typeof o.name === 'string' ? { name: o.name } : undefined;
  }
}

/** Whether every item of both lists has a distinct key, so items can be matched by key. */
export function isKeyedList(listField: string, ...lists: unknown[][]): boolean {
  for (const list of lists) {
    const seen = new Set<string>();
    for (const item of list) {
      const k = itemKey(listField, item);
      if (!k) return false;
      const s = JSON.stringify(k);
      if (seen.has(s)) return false;
      seen.add(s);
    }
  }
  return lists.some((l) => l.length > 0);
}

export function sameKey(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
