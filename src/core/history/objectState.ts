// One object's rendered state at a commit (present, absent, or the render failed) and how two
// states differ. The object is picked out of a render by kind, name and, when given, namespace/group.
import { KubeObject, Manifest } from '../types';
import { changedPaths } from './objectDiff';

export interface HistoryTarget {
  kind: string;
  name: string;
  namespace?: string;
  /** `group/version` or `version`; only the group is compared (versions change without the object changing). */
  apiVersion?: string;
}

export interface HistoryObject extends HistoryTarget {
  /** Repo-relative folder the object is rendered from ('' for the repository root). */
  app: string;
}

export type ObjectState = { kind: 'present'; object: KubeObject } | { kind: 'absent' } | { kind: 'error'; message: string };

const groupOf = (apiVersion: string | undefined) => (apiVersion?.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * The rendered object matching the target. A target namespace also matches an object written without
 * one (Flux and Argo CD put those into the app's target namespace) when no object has it exactly.
 */
export function findObject(manifests: Manifest[], t: HistoryTarget): KubeObject | undefined {
  const same = manifests
    .map((m) => m.object)
    .filter((o) => o.kind === t.kind && o.metadata?.name === t.name && (t.apiVersion === undefined || groupOf(o.apiVersion) === groupOf(t.apiVersion)));
  if (t.namespace === undefined) return same[0];
  return same.find((o) => o.metadata?.namespace === t.namespace) ?? same.find((o) => o.metadata?.namespace === undefined);
}

export function objectState(o: KubeObject | undefined): ObjectState {
  return o ? { kind: 'present', object: o } : { kind: 'absent' };
}

export interface StateChange {
  change: 'added' | 'removed' | 'modified' | 'render-broken' | 'render-fixed';
  paths: string[];
  renderError?: string;
}

/** How `after` differs from `before`; undefined when the object is the same. */
export function statesDiffer(before: ObjectState, after: ObjectState): StateChange | undefined {
  if (before.kind === 'present' && after.kind === 'present') {
    const paths = changedPaths(before.object, after.object);
    return paths.length ? { change: 'modified', paths } : undefined;
  }
  if (before.kind === after.kind) {
    if (before.kind === 'error' && after.kind === 'error' && before.message !== after.message) return { change: 'render-broken', paths: [], renderError: after.message };
    return undefined;
  }
  if (after.kind === 'error') return { change: 'render-broken', paths: [], renderError: after.message };
  if (before.kind === 'error') return after.kind === 'present' ? { change: 'render-fixed', paths: [] } : undefined;
  return after.kind === 'present' ? { change: 'added', paths: [] } : { change: 'removed', paths: [] };
}
