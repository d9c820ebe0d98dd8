// Which fields of a rendered object changed between two versions, as readable paths:
// `spec.template.spec.containers[name=app].image`, `metadata.labels["app.kubernetes.io/name"]`.
// Lists of named maps (containers, env, ports, volumes) are matched by name so that inserting one
// element reports that element, not every index after it.
import { isDeepStrictEqual } from 'node:util';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyPath(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** The key that identifies each element, when every element on both sides has a distinct one. */
function listKey(a: unknown[], b: unknown[]): string | undefined {
  for (const k of ['name', 'containerPort', 'mountPath', 'key', 'ip']) {
    const ok = (l: unknown[]) => {
      const seen = new Set<unknown>();
      for (const e of l) {
        if (!isObj(e) || (typeof e[k] !== 'string' && typeof e[k] !== 'number') || seen.has(e[k])) return false;
        seen.add(e[k]);
      }
      return true;
    };
    if ((a.length || b.length) && ok(a) && ok(b)) return k;
  }
  return undefined;
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], keyPath(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = listKey(a, b);
    if (key) {
      const byKey = (l: unknown[]) => new Map(l.map((e) => [(e as Obj)[key], e]));
      const ma = byKey(a);
      const mb = byKey(b);
      for (const k of new Set([...ma.keys(), ...mb.keys()])) walk(ma.get(k), mb.get(k), `${path}[${key}=${String(k)}]`, out);
      const order = (m: Map<unknown, unknown>, other: Map<unknown, unknown>) => [...m.keys()].filter((k) => other.has(k));
      if (!isDeepStrictEqual(order(ma, mb), order(mb, ma))) out.push(`${path} (order)`);
      return;
    }
    if (a.length === b.length) {
      a.forEach((e, i) => walk(e, b[i], `${path}[${i}]`, out));
      return;
    }
  }
  out.push(path || '.');
}

/** Field paths that differ between two versions of an object; empty when they are equal. */
export function changedPaths(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk(before, after, '', out);
  return out;
}
