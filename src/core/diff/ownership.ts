// Which fields Git manages in a live object: from managedFields entries of the GitOps field managers and
// from kubectl's last-applied-configuration (three-way). Used for Argo CD's rule: a field present only in
// the cluster is drift only when Git manages it.
import { KubeObject } from '../types';
import { itemKey } from './path';
import { PathSegment } from './types';

export const DEFAULT_GIT_MANAGERS = ['kustomize-controller', 'argocd-controller', 'reconcile'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type FieldsNode = { [key: string]: FieldsNode };

interface ManagedFieldsEntry {
  manager?: string;
  subresource?: string;
  fieldsV1?: FieldsNode;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a `k:{...}` entry names the item at this path segment (missing protocol means TCP). */
function keyMatches(entry: string, key: Record<string, unknown>): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.slice(2));
  } catch {
    return false;
  }
  if (!isMap(parsed)) return false;
  return Object.entries(parsed).every(([k, v]) => (key[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v);
}

function isLeaf(node: FieldsNode): boolean {
  return Object.keys(node).every((k) => k === '.');
}

/** Find the node for `path` in a FieldsV1 tree; an atomic (leaf) ancestor owns everything beneath it. */
export function ownsPath(tree: FieldsNode | undefined, path: PathSegment[]): boolean {
  let node = tree;
  for (const seg of path) {
    if (!node) return false;
    if (isLeaf(node) && node !== tree) return true;
    if (typeof seg === 'string') node = node['f:' + seg];
    else if (typeof seg === 'number') return true; // an index into an atomic list the manager owns
    else {
      const entry = Object.keys(node).find((k) => k.startsWith('k:') && keyMatches(k, seg.key));
      node = entry ? node[entry] : undefined;
    }
  }
  return node !== undefined;
}

/** The value at `path` in a plain object, matching keyed list items by key. */
export function valueAtPath(obj: unknown, path: PathSegment[]): unknown {
  let cur: unknown = obj;
  let field = '';
  for (const seg of path) {
    if (typeof seg === 'string') {
      field = seg;
      cur = isMap(cur) ? cur[seg] : undefined;
    } else if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = Array.isArray(cur) ? cur.find((item) => {
      const k = itemKey(field, item);
      return k !== undefined && Object.entries(seg.key).every(([kk, v]) => k[kk] === v);
    }) : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

export interface GitOwnership {
  /** Whether Git (through a GitOps field manager or kubectl's last-applied annotation) manages the field. */
  owns(path: PathSegment[]): boolean;
}

export function gitOwnership(live: KubeObject, gitManagers: string[] = DEFAULT_GIT_MANAGERS): GitOwnership {
  const entries = (Array.isArray(live.metadata?.managedFields) ? live.metadata?.managedFields : []) as ManagedFieldsEntry[];
  const trees = entries.filter((e) => e.manager && gitManagers.includes(e.manager) && !e.subresource && isMap(e.fieldsV1)).map((e) => e.fieldsV1!);
  let lastApplied: unknown;
  const raw = live.metadata?.annotations?.[LAST_APPLIED];
  if (raw) {
    try {
      lastApplied = JSON.parse(raw);
    } catch {
      lastApplied = undefined;
    }
  }
  return {
    owns: (path) => trees.some((t) => ownsPath(t, path)) || (lastApplied !== undefined && valueAtPath(lastApplied, path) !== undefined),
  };
}

/** FieldsV1 trees of the named managers in a live object. */
export function managerTrees(live: KubeObject, managers: string[]): FieldsNode[] {
  const entries = (Array.isArray(live.metadata?.managedFields) ? live.metadata?.managedFields : []) as ManagedFieldsEntry[];
  return entries.filter((e) => e.manager && managers.includes(e.manager) && isMap(e.fieldsV1)).map((e) => e.fieldsV1!);
}
