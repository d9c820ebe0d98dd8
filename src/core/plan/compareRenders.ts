// One app's renders compared object by object, by identity after the build (group, kind, namespace,
// name): created, deleted, or changed with its changed fields (before → after) and a unified diff of the
// object's YAML. Both sides go through the drift engine's normalization (status, server metadata, empty
// maps, Secret stringData folded into data) and its field comparison (lists matched by merge key), then
// Secret values are hashed, churn keys (labels/annotations matching the churn globs) are set aside and
// counted, and the app's own ignore rules (Argo CD ignoreDifferences) are applied and counted.
import { createTwoFilesPatch } from 'diff';
import picomatch from 'picomatch';
import { compareValues } from '../diff/compare';
import { objectKey } from '../diff/drift';
import { applyIgnoreRules, ruleMatches } from '../diff/ignore';
import { normalizeObject } from '../diff/normalize';
import { FieldChange, IgnoreRule } from '../diff/types';
import { stringifyObject } from '../render/kustomize/yamlOutput';
import { Json } from '../render/merge/strategicMerge';
import { KubeObject, Manifest } from '../types';
import { assessRisks } from './risk';
import { maskSecretValues } from './secretValues';
import { HiddenCounts, ObjectChangeKind, PlanObject } from './types';

export const DEFAULT_CHURN_RULES = ['helm.sh/chart', 'app.kubernetes.io/version', 'checksum/*'];

export interface CompareOptions {
  /** Globs over label and annotation keys whose changes are churn (counted, not listed). */
  churn: string[];
  ignore?: IgnoreRule[];
}

export interface AppComparison {
  objects: PlanObject[];
  hidden: HiddenCounts;
}

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Rendered objects are not changed after the render, and base renders stay cached between plans: their
// serialization is kept with them, so a re-plan serializes only the head.
const serialized = new WeakMap<object, string>();
function serialize(o: KubeObject): string {
  let s = serialized.get(o);
  if (s === undefined) serialized.set(o, (s = JSON.stringify(o)));
  return s;
}

/** `Kind namespace/name` for people; `objectKey` for matching. */
export function objectLabel(o: { kind?: string; namespace?: string; name?: string }): string {
  return `${o.kind ?? ''} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? ''}`;
}

/** Removes churn keys from every `metadata.labels`/`metadata.annotations` in the object; returns them by path. */
function stripChurn(o: unknown, isChurn: (key: string) => boolean, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(o)) {
    o.forEach((x, i) => stripChurn(x, isChurn, `${path}[${i}]`, out));
    return;
  }
  if (!isMap(o)) return;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'metadata' && isMap(v)) {
      for (const f of ['labels', 'annotations']) {
        const m = v[f];
        if (!isMap(m)) continue;
        for (const key of Object.keys(m)) {
          if (!isChurn(key)) continue;
          out.set(`${path}.metadata.${f}[${JSON.stringify(key)}]`, m[key]);
          delete m[key];
        }
        if (Object.keys(m).length === 0) delete v[f];
      }
    }
    stripChurn(v, isChurn, path ? `${path}.${k}` : k, out);
  }
}

function fieldChanges(after: KubeObject, before: KubeObject): FieldChange[] {
  const changes: FieldChange[] = [];
  // Both sides are Git: a field only the base has was removed on purpose, so it counts.
  compareValues(after, before, [], { owns: () => true, changes });
  return changes;
}

function yamlOf(o: KubeObject | undefined): string {
  return o ? stringifyObject(o as Json) : '';
}

function unifiedDiff(label: string, before: KubeObject | undefined, after: KubeObject | undefined): string {
  const name = label.replace(/\s+/g, '/');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, yamlOf(before), yamlOf(after), undefined, undefined, { context: 3 })
    .split('\n')
    .filter((l) => !/^={10,}$/.test(l))
    .join('\n');
}

interface Prepared {
  object: KubeObject;
  churn: Map<string, unknown>;
}

function prepare(raw: KubeObject, identity: string, secretMode: 'hashes' | 'keys-only', isChurn: (k: string) => boolean): Prepared {
  const object = normalizeObject(raw);
  maskSecretValues(object, identity, secretMode);
  const churn = new Map<string, unknown>();
  stripChurn(object, isChurn, '', churn);
  return { object, churn };
}

function idOf(o: KubeObject): Pick<PlanObject, 'apiVersion' | 'kind' | 'namespace' | 'name'> {
  return { apiVersion: o.apiVersion ?? '', kind: o.kind ?? '', ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata?.name ?? '' };
}

export function compareRenders(before: readonly Manifest[], after: readonly Manifest[], o: CompareOptions): AppComparison {
  const matcher = o.churn.length ? picomatch(o.churn, { dot: true }) : () => false;
  const isChurn = (k: string) => matcher(k);
  const byKey = (ms: readonly Manifest[]) => {
    const m = new Map<string, KubeObject>();
    for (const x of ms) if (x.object.kind && x.object.metadata?.name) m.set(objectKey(x.object), x.object);
    return m;
  };
  const a = byKey(before);
  const b = byKey(after);
  const hidden: HiddenCounts = { churnObjects: 0, churnFields: 0, ignoredFields: 0 };
  const objects: PlanObject[] = [];
  const push = (change: ObjectChangeKind, raw: KubeObject, prepared: { before?: KubeObject; after?: KubeObject }, fields: PlanObject['fields']) => {
    const id = idOf(raw);
    objects.push({ ...id, change, fields, diff: unifiedDiff(objectLabel(id), prepared.before, prepared.after), risks: assessRisks(change, prepared.before, prepared.after, fields) });
  };
  for (const [key, raw] of b) {
    const old = a.get(key);
    if (!old) {
      push('created', raw, { after: prepare(raw, key, 'keys-only', () => false).object }, []);
      continue;
    }
    // Most objects of a re-render are untouched: one serialization each settles them before any copy.
    if (old === raw || serialize(old) === serialize(raw)) continue;
    // Equal Secret values hash equally, so only the changed keys of a Secret show as changed.
    const pa = prepare(old, key, 'hashes', isChurn);
    const pb = prepare(raw, key, 'hashes', isChurn);
    let fields = fieldChanges(pb.object, pa.object);
    const rules = (o.ignore ?? []).filter((r) => ruleMatches(r, pb.object));
    if (rules.length && fields.length) {
      const n = fields.length;
      applyIgnoreRules(rules, pb.object, pa.object, undefined);
      fields = fieldChanges(pb.object, pa.object);
      hidden.ignoredFields += n - fields.length;
    }
    let churned = 0;
    for (const p of new Set([...pa.churn.keys(), ...pb.churn.keys()])) if (JSON.stringify(pa.churn.get(p)) !== JSON.stringify(pb.churn.get(p))) churned++;
    hidden.churnFields += churned;
    if (!fields.length) {
      if (churned) hidden.churnObjects++;
      continue;
    }
    push('changed', raw, { before: pa.object, after: pb.object }, fields.map((f) => ({ path: f.path, ...(f.live !== undefined ? { before: f.live } : {}), ...(f.git !== undefined ? { after: f.git } : {}) })));
  }
  for (const [key, raw] of a) if (!b.has(key)) push('deleted', raw, { before: prepare(raw, key, 'keys-only', () => false).object }, []);
  const order: Record<ObjectChangeKind, number> = { deleted: 0, changed: 1, created: 2 };
  objects.sort((x, y) => order[x.change] - order[y.change] || objectLabel(x).localeCompare(objectLabel(y)));
  return { objects, hidden };
}
