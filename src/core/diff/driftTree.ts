// The Drift view's model, as plain data: context → app → namespace → kind → object → changed paths, with
// counts and the number of drifted objects for the badge. The VS Code tree provider only maps these nodes
// to TreeItems; the diff editor shows `sideText` of an object's two sides.
import { stringify } from 'yaml';
import { KubeObject } from '../types';
import { DriftReport, DriftStatus, ObjectDrift } from './types';

export type DriftNodeKind = 'context' | 'app' | 'namespace' | 'kind' | 'object' | 'change' | 'note' | 'error';

export interface DriftNode {
  kind: DriftNodeKind;
  /** Stable across refreshes (for expansion state). */
  id: string;
  label: string;
  description?: string;
  /** Worst status below this node (objects: their own). */
  status?: DriftStatus;
  /** Objects below this node by status. */
  counts?: Record<DriftStatus, number>;
  object?: ObjectDrift;
  children: DriftNode[];
}

export interface DriftTreeInput {
  context: string;
  /** One entry per app compared; `error` when the app's drift run failed as a whole. */
  apps: Array<{ name: string; report?: DriftReport; error?: string }>;
  onlyDrifted?: boolean;
}

const SEVERITY: DriftStatus[] = ['in-sync', 'unknown', 'extra', 'missing', 'modified'];

function emptyCounts(): Record<DriftStatus, number> {
  return { 'in-sync': 0, modified: 0, missing: 0, extra: 0, unknown: 0 };
}

function worst(a: DriftStatus | undefined, b: DriftStatus | undefined): DriftStatus | undefined {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

export function isDrifted(o: ObjectDrift): boolean {
  return o.status === 'modified' || o.status === 'missing' || o.status === 'extra';
}

function short(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function summarize(counts: Record<DriftStatus, number>): string {
  const parts = (['modified', 'missing', 'extra', 'unknown'] as DriftStatus[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : `${counts['in-sync']} in sync`;
}

function objectNode(parentId: string, o: ObjectDrift): DriftNode {
  const id = `${parentId}/${o.name}`;
  return {
    kind: 'object',
    id,
    label: o.name,
    description: o.status === 'in-sync' ? o.reason ?? '' : o.reason ? `${o.status}: ${o.reason}` : o.status,
    status: o.status,
    object: o,
    children: o.changes.map((c) => ({ kind: 'change', id: `${id}#${c.path}`, label: c.path, description: `${short(c.git)} → ${short(c.live)}`, status: 'modified', children: [] })),
  };
}

function group<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
}

function withCounts(node: DriftNode, objects: ObjectDrift[]): DriftNode {
  const counts = emptyCounts();
  let status: DriftStatus | undefined;
  for (const o of objects) {
    counts[o.status]++;
    status = worst(status, o.status);
  }
  return { ...node, counts, status, description: node.description ?? summarize(counts) };
}

export function buildDriftTree(input: DriftTreeInput): { root: DriftNode; drifted: number } {
  let drifted = 0;
  const all: ObjectDrift[] = [];
  const apps: DriftNode[] = input.apps.map((app) => {
    const appId = `${input.context}/${app.name}`;
    if (!app.report) {
      return { kind: 'app', id: appId, label: app.name, status: 'unknown', children: [{ kind: 'error', id: `${appId}#error`, label: app.error ?? 'not compared', children: [] }] };
    }
    const objects = app.report.resources.filter((o) => !input.onlyDrifted || isDrifted(o));
    drifted += app.report.resources.filter(isDrifted).length;
    // Counts of the app and the context cover every object, so "only drifted" still says how many are in sync.
    all.push(...app.report.resources);
    const namespaces = [...group(objects, (o) => o.namespace ?? '(cluster)')].map(([ns, inNs]) => {
      const nsId = `${appId}/${ns}`;
      const kinds = [...group(inNs, (o) => o.kind)].map(([kind, ofKind]) =>
        withCounts({ kind: 'kind', id: `${nsId}/${kind}`, label: kind, children: ofKind.map((o) => objectNode(`${nsId}/${kind}`, o)) }, ofKind),
      );
      return withCounts({ kind: 'namespace', id: nsId, label: ns, children: kinds }, inNs);
    });
    const notes: DriftNode[] = app.report.notes.map((n, i) => ({ kind: 'note', id: `${appId}#note${i}`, label: n, children: [] }));
    return withCounts({ kind: 'app', id: appId, label: app.name, children: [...notes, ...namespaces] }, app.report.resources);
  });
  const root = withCounts({ kind: 'context', id: input.context, label: input.context, children: apps }, all);
  return { root, drifted };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  // apiVersion, kind, metadata first, as people read manifests; the rest sorted so both sides line up.
  const head = ['apiVersion', 'kind', 'metadata'].filter((k) => k in o);
  const rest = Object.keys(o).filter((k) => !head.includes(k)).sort();
  return Object.fromEntries([...head, ...rest].map((k) => [k, sortKeys(o[k])]));
}

/** YAML for one side of the diff editor (already normalized and masked by the engine). */
export function sideText(o: KubeObject | undefined): string {
  return o ? stringify(sortKeys(o), { lineWidth: 0 }) : '# not present\n';
}
