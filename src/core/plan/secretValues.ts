// Secret values never leave the plan. A changed Secret shows, per data key, a short keyed hash of the
// value (HMAC-SHA-256 keyed with the object's identity and the key, so equal values elsewhere give other
// hashes and a precomputed table of common passwords does not apply); a created or deleted Secret shows
// its keys only. Runs after normalization, so `stringData` has already been folded into `data`.
import { createHmac } from 'node:crypto';
import { KubeObject } from '../types';

export const SECRET_PRESENT = '(set)';

export function isSecret(o: KubeObject | undefined): boolean {
  return !!o && o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);
}

function dataMaps(o: KubeObject): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const f of ['data', 'stringData']) {
    const d = o[f];
    if (typeof d === 'object' && d !== null && !Array.isArray(d)) out.push(d as Record<string, unknown>);
  }
  return out;
}

export function valueHash(identity: string, key: string, value: unknown): string {
  return 'sha256:' + createHmac('sha256', `${identity}\0${key}`).update(String(value)).digest('hex').slice(0, 10);
}

/** Replaces every Secret value in place: by its hash (`hashes`), or by a fixed marker (keys only). */
export function maskSecretValues(o: KubeObject, identity: string, mode: 'hashes' | 'keys-only'): void {
  if (!isSecret(o)) return;
  for (const d of dataMaps(o)) for (const k of Object.keys(d)) d[k] = mode === 'hashes' ? valueHash(identity, k, d[k]) : SECRET_PRESENT;
}
