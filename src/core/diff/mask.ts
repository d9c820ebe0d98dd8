// Secret values never leave the engine in clear. Like Argo CD, each value becomes a run of '+': equal values
// on both sides get the same mask, different values different masks, so a difference stays visible.
import { KubeObject } from '../types';

const BASE = 8;

function isSecret(o: KubeObject | undefined): boolean {
  return !!o && o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
}

function dataOf(o: KubeObject | undefined): Record<string, unknown> | undefined {
  const d = o?.data;
  return typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** Mask `data` of a Secret pair in place (call after stringData was folded into data). */
export function maskSecretPair(git: KubeObject | undefined, live: KubeObject | undefined): void {
  if (!isSecret(git) && !isSecret(live)) return;
  const g = dataOf(git);
  const l = dataOf(live);
  const keys = new Set([...Object.keys(g ?? {}), ...Object.keys(l ?? {})]);
  for (const k of keys) {
    const gv = g?.[k];
    const lv = l?.[k];
    if (g && gv !== undefined) g[k] = '+'.repeat(BASE);
    if (l && lv !== undefined) l[k] = '+'.repeat(gv !== undefined && gv !== lv ? BASE + 1 : BASE);
  }
}

/** Mask a lone Secret (no counterpart). */
export function maskSecret(o: KubeObject | undefined): void {
  maskSecretPair(o, undefined);
  if (o && isSecret(o) && o.metadata?.annotations) {
    delete o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
}
