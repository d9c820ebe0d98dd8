// The Drift view's current model: the core's tree plus lookups from node ids to the object (and app)
// behind them, for the diff editor and "Adopt Live Values". No `vscode` import (unit-tested).
import { buildDriftTree, DriftNode } from '../../core/diff/driftTree';
import { FieldChange, ObjectDrift } from '../../core/diff/types';
import { AppDrift, DriftTarget } from './driftApps';

export interface ObjectEntry {
  node: DriftNode;
  object: ObjectDrift;
  target: DriftTarget;
}

export interface DriftModel {
  root: DriftNode;
  drifted: number;
  context: string;
  /** Object nodes and change nodes by id. */
  objects: Map<string, ObjectEntry>;
  changes: Map<string, { entry: ObjectEntry; change: FieldChange }>;
}

export function buildDriftModel(context: string, apps: AppDrift[], skipped: string[], onlyDrifted: boolean): DriftModel {
  const { root, drifted } = buildDriftTree({
    context,
    apps: apps.map((a) => ({ name: a.target.name, report: a.report, error: a.error })),
    onlyDrifted,
  });
  skipped.forEach((s, i) => root.children.push({ kind: 'note', id: `${context}#skipped${i}`, label: s, children: [] }));
  const objects = new Map<string, ObjectEntry>();
  const changes = new Map<string, { entry: ObjectEntry; change: FieldChange }>();
  root.children.forEach((appNode, i) => {
    const app = apps[i];
    if (!app) return;
    const visit = (n: DriftNode): void => {
      if (n.kind === 'object' && n.object) {
        const entry = { node: n, object: n.object, target: app.target };
        objects.set(n.id, entry);
        // The core lists an object's change nodes in the order of its changes.
        n.children.forEach((c, i) => {
          const change = n.object!.changes[i];
          if (change && c.id === `${n.id}#${change.path}`) changes.set(c.id, { entry, change });
        });
      }
      n.children.forEach(visit);
    };
    visit(appNode);
  });
  return { root, drifted, context, objects, changes };
}

/** A single top-level error (401, unreachable, bad kubeconfig) as a model the view can show. */
export function errorModel(context: string, message: string): DriftModel {
  const root: DriftNode = { kind: 'context', id: context || '(no context)', label: context || 'Cluster', status: 'unknown', children: [{ kind: 'error', id: `${context}#error`, label: message, children: [] }] };
  return { root, drifted: 0, context, objects: new Map(), changes: new Map() };
}

/** Diff editor title: `Deployment/podinfo (Git ↔ live)`. */
export function diffTitle(o: ObjectDrift): string {
  return `${o.kind}/${o.name} (Git ↔ live)`;
}
