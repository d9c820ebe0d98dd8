// Structural comparison of two normalized objects. Fields Git sets are compared; fields only the cluster
// has count only when `owns` says Git manages them (Argo CD's rule).
import { formatPath, isKeyedList, itemKey, sameKey } from './path';
import { FieldChange, PathSegment } from './types';

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const QUANTITY = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const FACTOR: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v.trim());
  return m ? Number(m[1]) * FACTOR[m[2] ?? ''] : undefined;
}

/** Fields whose values are resource quantities (`500m` = `0.5`, `1Gi` = `1024Mi`). */
function isQuantityPath(path: PathSegment[]): boolean {
  return path.some((s) => s === 'resources' || s === 'hard' || s === 'capacity' || s === 'overhead');
}

export function scalarsEqual(a: unknown, b: unknown, path: PathSegment[]): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    // "1" and 1 are the same number (int-or-string fields); Kubernetes compares numbers by value.
    if (String(a).trim() !== '' && String(b).trim() !== '' && Number(a) === Number(b)) return true;
  }
  if (isQuantityPath(path)) {
    const qa = quantityValue(a);
    const qb = quantityValue(b);
    if (qa !== undefined && qb !== undefined) return Math.abs(qa - qb) <= Math.abs(qa) * 1e-12;
  }
  return false;
}

export interface CompareContext {
  owns(path: PathSegment[]): boolean;
  /** True when the Git side has the field only because of server defaults (Git itself does not set it). */
  defaulted?(path: PathSegment[]): boolean;
  changes: FieldChange[];
}

function add(ctx: CompareContext, path: PathSegment[], git: unknown, live: unknown): void {
  const segments = [...path];
  ctx.changes.push({ path: formatPath(segments), segments, git, live });
}

/** `path` is a scratch stack (pushed and popped as the walk goes); `add` copies it when a change is kept. */
function within<T>(path: PathSegment[], seg: PathSegment, fn: () => T): T {
  path.push(seg);
  try {
    return fn();
  } finally {
    path.pop();
  }
}

export function compareValues(git: unknown, live: unknown, path: PathSegment[], ctx: CompareContext): void {
  if (isMap(git) && isMap(live)) {
    for (const k of Object.keys(git)) {
      within(path, k, () => {
        if (k in live) compareValues(git[k], live[k], path, ctx);
        else if (!ctx.defaulted?.(path)) add(ctx, path, git[k], undefined);
      });
    }
    for (const k of Object.keys(live)) {
      if (k in git) continue;
      within(path, k, () => {
        if (ctx.owns(path)) add(ctx, path, undefined, live[k]);
      });
    }
    return;
  }
  if (Array.isArray(git) && Array.isArray(live)) {
    const field = typeof path[path.length - 1] === 'string' ? (path[path.length - 1] as string) : '';
    if (isKeyedList(field, git, live)) {
      for (const gi of git) {
        const key = itemKey(field, gi)!;
        const li = live.find((x) => sameKey(itemKey(field, x)!, key));
        within(path, { key }, () => {
          if (li !== undefined) compareValues(gi, li, path, ctx);
          else if (!ctx.defaulted?.(path)) add(ctx, path, gi, undefined);
        });
      }
      for (const li of live) {
        const key = itemKey(field, li)!;
        if (git.some((x) => sameKey(itemKey(field, x)!, key))) continue;
        within(path, { key }, () => {
          if (ctx.owns(path)) add(ctx, path, undefined, li);
        });
      }
      return;
    }
    // Atomic list: Git owns all of it, so every position counts.
    const n = Math.max(git.length, live.length);
    for (let i = 0; i < n; i++) {
      within(path, i, () => {
        if (i >= git.length) add(ctx, path, undefined, live[i]);
        else if (i >= live.length) {
          if (!ctx.defaulted?.(path)) add(ctx, path, git[i], undefined);
        } else compareValues(git[i], live[i], path, ctx);
      });
    }
    return;
  }
  if (isMap(git) || isMap(live) || Array.isArray(git) || Array.isArray(live)) {
    if (JSON.stringify(git) !== JSON.stringify(live)) add(ctx, path, git, live);
    return;
  }
  if (!scalarsEqual(git, live, path)) add(ctx, path, git, live);
}
