// Normalization applied to both sides before comparing: server-written metadata and status go, Secret
// stringData folds into data, aggregated ClusterRole rules go, and empty maps/nulls count as absent.
// Server defaults are handled by the caller (dry-run result, or fillKnownDefaults on the Git side).
import { KubeObject } from '../types';

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Remove nulls and empty maps, bottom-up (the API server does not distinguish them from absent). */
export function pruneEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneEmpty);
  if (!isMap(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, child] of Object.entries(v)) {
    if (child === null || child === undefined) continue;
    const pruned = pruneEmpty(child);
    if (isMap(pruned) && Object.keys(pruned).length === 0) continue;
    out[k] = pruned;
  }
  return out;
}

/** A normalized deep copy (the input is not changed). */
export function normalizeObject(input: KubeObject): KubeObject {
  // pruneEmpty copies as it goes: one allocation pass instead of a clone plus a prune.
  const o = pruneEmpty(input) as KubeObject & Record<string, unknown>;
  delete o.status;
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  for (const k of SERVER_METADATA) delete meta[k];
  if (isMap(meta.annotations)) for (const a of DROPPED_ANNOTATIONS) delete meta.annotations[a];
  if (o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined)) {
    if (isMap(o.stringData)) {
      const data = (isMap(o.data) ? o.data : (o.data = {})) as Record<string, unknown>;
      for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      delete o.stringData;
    }
  }
  if (o.kind === 'ClusterRole' && isMap(o.aggregationRule)) delete o.rules;
  if (isMap(meta.annotations) && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  return o;
}
