// The Change Impact view's model: the plan as a tree (app → object → changed field, with the head
// rendering's findings and notes under the app) plus lookups from node ids back to the plan's data, for
// the diff editor and "reveal source". No `vscode` import (unit-tested).
import { objectLabel } from '../../core/plan/compareRenders';
import { AppPlan, AppStatus, ObjectChangeKind, Plan, PlanDiagnostic, PlanFieldChange, PlanObject } from '../../core/plan/types';
import { AppRef } from './objectSides';
import { atlantisImpactNode } from './atlantisImpactNode';

export type ImpactNodeKind = 'app' | 'object' | 'field' | 'diagnostic' | 'note' | 'error' | 'files' | 'atlantis' | 'project' | 'trigger';

export interface ImpactNode {
  id: string;
  kind: ImpactNodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  status?: AppStatus;
  change?: ObjectChangeKind;
  severity?: PlanDiagnostic['severity'];
  children: ImpactNode[];
}

export interface ObjectEntry {
  /** Undefined for objects of files no app renders (compared as written, not rendered). */
  app?: AppRef;
  file?: string;
  object: PlanObject;
}

export interface ImpactModel {
  roots: ImpactNode[];
  /** Apps whose rendering changed (or that appear, disappear or fail to render): the badge. */
  appsChanged: number;
  objects: Map<string, ObjectEntry>;
  fields: Map<string, { entry: ObjectEntry; field: PlanFieldChange }>;
  diagnostics: Map<string, PlanDiagnostic>;
  /** One line for the view's message and the status bar. */
  summary: string;
}

const APP_KIND: Record<AppPlan['kind'], string> = {
  FluxKustomization: 'Flux',
  ArgoApplication: 'Argo CD',
  HelmRelease: 'HelmRelease',
  KustomizeDirectory: 'Kustomize',
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A value as one short line: strings as written, the rest as JSON, an absent field as `(none)`. */
export function shortValue(v: unknown, max = 60): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const line = s.replace(/\s*\n\s*/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function appLabel(a: Pick<AppPlan, 'kind' | 'name' | 'namespace' | 'path'>): string {
  if (a.kind === 'KustomizeDirectory') return `Kustomize ${a.path || '.'}`;
  return `${APP_KIND[a.kind]} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`;
}

function changeCounts(objects: PlanObject[]): string {
  const n = { changed: 0, created: 0, deleted: 0 };
  for (const o of objects) n[o.change]++;
  return (['changed', 'created', 'deleted'] as const)
    .filter((k) => n[k])
    .map((k) => `${n[k]} ${k}`)
    .join(', ');
}

function objectNode(id: string, o: PlanObject, entry: ObjectEntry, model: ImpactModel): ImpactNode {
  const fields = o.fields.map((f, i): ImpactNode => {
    const fid = `${id}#f${i}`;
    model.fields.set(fid, { entry, field: f });
    return { id: fid, kind: 'field', label: f.path, description: `${shortValue(f.before)} → ${shortValue(f.after)}`, tooltip: `${f.path}\nbase: ${shortValue(f.before, 400)}\nhead: ${shortValue(f.after, 400)}`, children: [] };
  });
  const risks = o.risks.map((r, i): ImpactNode => ({ id: `${id}#r${i}`, kind: 'note', label: r.reason, description: r.code, children: [] }));
  model.objects.set(id, entry);
  return {
    id,
    kind: 'object',
    label: `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
    description: o.change === 'changed' ? `${plural(o.fields.length, 'field')} changed` : o.change,
    tooltip: `${o.apiVersion} ${objectLabel(o)}: ${o.change}${o.risks.length ? `\n${o.risks.map((r) => `⚠ ${r.reason}`).join('\n')}` : ''}`,
    change: o.change,
    children: [...risks, ...fields],
  };
}

function appNode(a: AppPlan, model: ImpactModel): ImpactNode {
  const id = `app:${a.kind}|${a.file}|${a.documentIndex}|${a.path}`;
  const ref: AppRef = { kind: a.kind, name: a.name, ...(a.namespace ? { namespace: a.namespace } : {}), file: a.file, path: a.path };
  const children: ImpactNode[] = [];
  if (a.error) children.push({ id: `${id}#error`, kind: 'error', label: `Does not render: ${a.error}`, tooltip: a.error, children: [] });
  if (a.baseError) children.push({ id: `${id}#baseError`, kind: 'note', label: `The base did not render (compared with nothing): ${a.baseError}`, tooltip: a.baseError, children: [] });
  a.diagnostics.forEach((d, i) => {
    const did = `${id}#d${i}`;
    model.diagnostics.set(did, d);
    children.push({ id: did, kind: 'diagnostic', label: `${d.code} ${d.message}`, description: `${d.object} · ${d.file}:${d.line}`, tooltip: `${d.severity} ${d.code}: ${d.message}\n${d.object}\n${d.file}:${d.line}`, severity: d.severity, children: [] });
  });
  a.objects.forEach((o, i) => children.push(objectNode(`${id}#o${i}:${objectLabel(o)}`, o, { app: ref, object: o }, model)));
  const hidden = a.hidden.churnObjects + a.hidden.churnFields + a.hidden.ignoredFields;
  if (hidden) {
    const parts = [a.hidden.churnObjects && plural(a.hidden.churnObjects, 'object'), a.hidden.churnFields && plural(a.hidden.churnFields, 'churn field'), a.hidden.ignoredFields && `${plural(a.hidden.ignoredFields, 'field')} ignored by ignoreDifferences`].filter(Boolean);
    children.push({ id: `${id}#hidden`, kind: 'note', label: `Hidden: ${parts.join(', ')}`, tooltip: 'Label/annotation churn (reconcile.plan.churn) and the app’s ignoreDifferences are counted, not listed.', children: [] });
  }
  const errors = a.diagnostics.filter((d) => d.severity === 'error').length;
  const status = a.status === 'added' ? 'new app' : a.status === 'removed' ? 'app removed' : a.status === 'error' ? 'render failed' : changeCounts(a.objects) || 'no changes';
  return {
    id,
    kind: 'app',
    label: appLabel(a),
    description: [status, errors ? plural(errors, 'error') : ''].filter(Boolean).join(' · '),
    tooltip: `${a.kind} ${a.name} (${a.file})\nrenders ${a.path || '.'}\nchanged inputs: ${a.selectedBy.join(', ') || '(none)'}`,
    status: a.status,
    children,
  };
}

/** `baseLabel`: what the plan compared with, for the summary (e.g. `HEAD`). */
export function buildImpactModel(plan: Plan, baseLabel: string): ImpactModel {
  const model: ImpactModel = { roots: [], appsChanged: 0, objects: new Map(), fields: new Map(), diagnostics: new Map(), summary: '' };
  // An app whose render reads a changed file but renders the same (a comment edited) has nothing to say.
  for (const a of plan.apps) {
    if (a.status === 'unchanged') continue;
    model.appsChanged++;
    model.roots.push(appNode(a, model));
  }
  if (plan.unrendered.length) {
    const children = plan.unrendered.flatMap((u) => u.objects.map((o, i) => objectNode(`file:${u.file}#o${i}:${objectLabel(o)}`, o, { file: u.file, object: o }, model)));
    model.roots.push({ id: 'files', kind: 'files', label: 'Files no app renders', description: plural(children.length, 'object'), tooltip: plan.unrendered.map((u) => u.file).join('\n'), children });
  }
  const o = plan.summary.objects;
  model.summary = model.roots.length
    ? `Against ${baseLabel}: ${plural(model.appsChanged, 'app')} changed; ${o.changed} changed, ${o.created} created, ${o.deleted} deleted object(s)`
    : `No rendered changes against ${baseLabel}`;
  if (plan.atlantis) {
    model.roots.push(atlantisImpactNode(plan.atlantis, model.diagnostics));
    model.summary += plan.atlantis.refused ? '; Atlantis refuses the config' : `; Atlantis will plan ${plural(plan.atlantis.planned.length, 'project')}`;
  }
  return model;
}

/** A model that shows one problem (the plan could not be made). */
export function errorImpactModel(message: string): ImpactModel {
  return { roots: [{ id: 'error', kind: 'error', label: message, tooltip: message, children: [] }], appsChanged: 0, objects: new Map(), fields: new Map(), diagnostics: new Map(), summary: message };
}
