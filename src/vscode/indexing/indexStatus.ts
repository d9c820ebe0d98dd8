// What the one "Reconcile Index" status bar item says for every workspace folder's scan together. No `vscode`
// import (unit-tested): IndexController reports each folder's phase, IndexStatusBar shows the result.
import type { IndexSummary } from '../../core/index/model';

export const CANCEL_INDEXING_COMMAND = 'reconcile.cancelIndexing';
export const FOCUS_RESOURCES_COMMAND = 'reconcile.resources.focus';

export type FolderIndexPhase =
  | { phase: 'hidden' }
  | { phase: 'scanning'; done?: number; total?: number }
  | { phase: 'ready'; summary: IndexSummary }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/** The item's content, and the `reconcile.indexState` context key (view welcome texts key on it). */
export interface IndexStatusView {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | undefined;
  state: 'scanning' | 'ready' | 'failed' | 'cancelled' | undefined;
}

const HIDDEN: IndexStatusView = { visible: false, text: '', tooltip: '', command: undefined, state: undefined };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countText(s: IndexSummary, where: string): Omit<IndexStatusView, 'visible' | 'state'> {
  const problems = s.errors > 0 ? `, ${plural(s.errors, 'problem')}` : '';
  const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
  return {
    text: `$(symbol-class) ${plural(s.resources, 'resource')}`,
    tooltip: `Reconcile: ${s.resources} Kubernetes resources in ${s.files} files${where} (${s.documents} documents${problems}${skipped}). Click to show them.`,
    command: FOCUS_RESOURCES_COMMAND,
  };
}

function one(p: FolderIndexPhase): IndexStatusView {
  switch (p.phase) {
    case 'hidden':
      return HIDDEN;
    case 'scanning':
      return {
        visible: true,
        text: p.total !== undefined ? `$(sync~spin) Reconcile: indexing ${p.done ?? 0}/${p.total}` : '$(sync~spin) Reconcile: indexing',
        tooltip: 'Indexing Kubernetes manifests. Click to cancel.',
        command: CANCEL_INDEXING_COMMAND,
        state: 'scanning',
      };
    case 'ready':
      return { visible: true, ...countText(p.summary, ''), state: 'ready' };
    case 'cancelled':
      return { visible: true, text: '$(circle-slash) Reconcile: indexing cancelled', tooltip: 'Click to index the workspace again.', command: 'reconcile.refreshIndex', state: 'cancelled' };
    case 'failed':
      return { visible: true, text: '$(error) Reconcile: indexing failed', tooltip: `${p.message}\nClick to show the log.`, command: 'reconcile.showLog', state: 'failed' };
  }
}

/**
 * One folder: exactly what that folder's scan says. Several: a scan running anywhere shows progress (files
 * summed), else a failure, else a cancelled scan, else the counts added up, with each folder's in the tooltip.
 */
export function indexStatusView(folders: ReadonlyArray<{ name: string; status: FolderIndexPhase }>): IndexStatusView {
  const shown = folders.filter((f) => f.status.phase !== 'hidden');
  if (folders.length === 1) return one(folders[0].status);
  if (shown.length === 0) return HIDDEN;
  const of = <P extends FolderIndexPhase['phase']>(phase: P) => shown.filter((f) => f.status.phase === phase) as Array<{ name: string; status: Extract<FolderIndexPhase, { phase: P }> }>;
  const scanning = of('scanning');
  if (scanning.length > 0) {
    const counted = scanning.filter((f) => f.status.total !== undefined);
    const done = counted.reduce((n, f) => n + (f.status.done ?? 0), 0);
    const total = counted.reduce((n, f) => n + (f.status.total ?? 0), 0);
    return {
      visible: true,
      text: counted.length > 0 ? `$(sync~spin) Reconcile: indexing ${done}/${total}` : '$(sync~spin) Reconcile: indexing',
      tooltip: `Indexing Kubernetes manifests in ${scanning.map((f) => f.name).join(', ')}. Click to cancel.`,
      command: CANCEL_INDEXING_COMMAND,
      state: 'scanning',
    };
  }
  const failed = of('failed');
  if (failed.length > 0) {
    return {
      visible: true,
      text: '$(error) Reconcile: indexing failed',
      tooltip: `${failed.map((f) => `${f.name}: ${f.status.message}`).join('\n')}\nClick to show the log.`,
      command: 'reconcile.showLog',
      state: 'failed',
    };
  }
  const cancelled = of('cancelled');
  if (cancelled.length > 0) {
    return {
      visible: true,
      text: '$(circle-slash) Reconcile: indexing cancelled',
      tooltip: `Indexing of ${cancelled.map((f) => f.name).join(', ')} was cancelled. Click to index the workspace again.`,
      command: 'reconcile.refreshIndex',
      state: 'cancelled',
    };
  }
  const ready = of('ready');
  const total: IndexSummary = { files: 0, documents: 0, resources: 0, errors: 0, skipped: 0 };
  for (const f of ready) for (const k of Object.keys(total) as Array<keyof IndexSummary>) total[k] += f.status.summary[k];
  const each = ready.map((f) => `${f.name}: ${f.status.summary.resources}`).join(', ');
  return { visible: true, ...countText(total, ` across ${ready.length} folders (${each})`), state: 'ready' };
}
