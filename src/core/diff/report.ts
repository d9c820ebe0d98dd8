// Drift reports for people (text) and programs (the JSON shape of `reconcile drift --format json`).
// Values arrive masked from the engine; nothing here ever sees a clear Secret value.
import { DriftReport, DriftStatus, ObjectDrift } from './types';

export interface DriftJson {
  version: 1;
  context: string;
  resources: Array<{
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
    status: DriftStatus;
    changes: Array<{ path: string; git: unknown; live: unknown }>;
    reason?: string;
  }>;
}

export function toDriftJson(report: DriftReport): DriftJson {
  return {
    version: 1,
    context: report.context ?? '',
    resources: report.resources.map((r) => ({
      apiVersion: r.apiVersion,
      kind: r.kind,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name,
      status: r.status,
      changes: r.changes.map((c) => ({ path: c.path, git: c.git === undefined ? null : c.git, live: c.live === undefined ? null : c.live })),
      ...(r.reason ? { reason: r.reason } : {}),
    })),
  };
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

function label(r: ObjectDrift): string {
  return `${r.apiVersion} ${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}`;
}

export function countByStatus(report: DriftReport): Record<DriftStatus, number> {
  const counts: Record<DriftStatus, number> = { 'in-sync': 0, modified: 0, missing: 0, extra: 0, unknown: 0 };
  for (const r of report.resources) counts[r.status]++;
  return counts;
}

export function formatDriftText(report: DriftReport, header: string[] = []): string {
  const lines = [...header];
  for (const r of report.resources) {
    if (r.status === 'in-sync') continue;
    const tag = r.status.toUpperCase().padEnd(8);
    const where = r.origin ? `  (${r.origin.file}:${r.origin.range.startPos.line + 1})` : '';
    lines.push(`${tag} ${label(r)}${r.reason ? ': ' + r.reason : ''}${where}`);
    for (const c of r.changes) lines.push(`    ${c.path}: ${show(c.git)} → ${show(c.live)}`);
  }
  const n = countByStatus(report);
  lines.push(`${n['in-sync']} in sync, ${n.modified} modified, ${n.missing} missing, ${n.extra} extra, ${n.unknown} unknown`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

/** 0 in sync, 1 drift found, 2 when nothing drifted but some objects could not be compared. */
export function driftExitCode(report: DriftReport): number {
  const n = countByStatus(report);
  if (n.modified + n.missing + n.extra > 0) return 1;
  return n.unknown > 0 ? 2 : 0;
}
