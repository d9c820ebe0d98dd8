// Server-side apply with dryRun=All: the object as the server would store it, never persisted.
import { applyDefaults } from './defaults';
import { fieldsOf, flattenFields, isObject, JsonObject, pathKey, removePath } from './fields';
import { mergeApply } from './merge';
import { groupVersion, ServedResource } from './resources';
import { conflict, invalid, StatusBody } from './status';
import { rebuild, valueAt } from './store';

export interface ApplyRequest {
  resource: ServedResource;
  namespace?: string;
  name: string;
  body: JsonObject;
  fieldManager: string;
  force: boolean;
  existing?: JsonObject;
  now: string;
}

export type ApplyOutcome = { ok: true; created: boolean; object: JsonObject } | { ok: false; status: StatusBody };

function validate(r: ServedResource, o: JsonObject): StatusBody | undefined {
  const name = String((o.metadata as JsonObject).name);
  const causes: Array<{ field: string; message: string; reason: string }> = [];
  const spec = isObject(o.spec) ? o.spec : undefined;
  if (spec && 'replicas' in spec && (typeof spec.replicas !== 'number' || !Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    causes.push({ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(spec.replicas)}: must be greater than or equal to 0`, reason: 'FieldValueInvalid' });
  }
  const pod = spec && isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : undefined;
  const containers = pod && Array.isArray(pod.containers) ? pod.containers : [];
  containers.forEach((c, i) => {
    if (!isObject(c)) return;
    if (!c.image) causes.push({ field: `spec.template.spec.containers[${i}].image`, message: 'Required value', reason: 'FieldValueRequired' });
    if (!c.name) causes.push({ field: `spec.template.spec.containers[${i}].name`, message: 'Required value', reason: 'FieldValueRequired' });
  });
  return causes.length ? invalid(r.kind, r.group, name, causes) : undefined;
}

export function dryRunApply(req: ApplyRequest): ApplyOutcome {
  const { resource: r, body, fieldManager } = req;
  const applied = structuredClone(body);
  delete applied.status;
  const appliedMeta = (applied.metadata ??= {}) as JsonObject;
  if (r.namespaced && !appliedMeta.namespace && req.namespace) appliedMeta.namespace = req.namespace;
  const newSet = flattenFields(fieldsOf(applied));
  const existing = req.existing ? structuredClone(req.existing) : undefined;
  const managed = (existing && Array.isArray((existing.metadata as JsonObject).managedFields)
    ? ((existing.metadata as JsonObject).managedFields as JsonObject[])
    : []);

  if (existing && !req.force) {
    const conflicts: Array<{ manager: string; apiVersion: string; field: string }> = [];
    for (const entry of managed) {
      if (entry.manager === fieldManager || entry.subresource || !isObject(entry.fieldsV1)) continue;
      const owned = new Set(flattenFields(entry.fieldsV1).map(pathKey));
      for (const p of newSet) {
        if (owned.has(pathKey(p)) && JSON.stringify(valueAt(existing, p)) !== JSON.stringify(valueAt(applied, p))) {
          conflicts.push({ manager: String(entry.manager), apiVersion: String(entry.apiVersion), field: '.' + p.map((s) => s.replace(/^f:/, '')).join('.') });
        }
      }
    }
    if (conflicts.length) {
      const lines = conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${c.field}`);
      return {
        ok: false,
        status: conflict(r.plural, r.group, req.name, `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${lines.join('\n')}`,
          conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: c.field }))),
      };
    }
  }

  let result: JsonObject;
  if (existing) {
    // Fields this manager owned before and no longer applies are removed, unless another manager also owns them.
    const mine = managed.find((e) => e.manager === fieldManager && e.operation === 'Apply');
    const others = new Set(managed.filter((e) => e !== mine && isObject(e.fieldsV1)).flatMap((e) => flattenFields(e.fieldsV1 as JsonObject).map(pathKey)));
    const newKeys = new Set(newSet.map(pathKey));
    if (mine && isObject(mine.fieldsV1)) {
      for (const p of flattenFields(mine.fieldsV1)) if (!newKeys.has(pathKey(p)) && !others.has(pathKey(p))) removePath(existing, p);
    }
    result = mergeApply(existing, applied) as JsonObject;
  } else {
    result = structuredClone(applied);
    const m = result.metadata as JsonObject;
    m.uid = '00000000-0000-4000-8000-' + Date.now().toString(16).padStart(12, '0').slice(-12);
    m.creationTimestamp = req.now;
    if (isObject(result.spec)) m.generation = 1;
  }
  applyDefaults(result);
  const invalidStatus = validate(r, result);
  if (invalidStatus) return { ok: false, status: invalidStatus };
  const meta = result.metadata as JsonObject;
  if (existing && JSON.stringify(existing.spec) !== JSON.stringify(result.spec) && typeof meta.generation === 'number') meta.generation += 1;
  const newKeys = new Set(newSet.map(pathKey));
  const nextManaged: JsonObject[] = [];
  for (const e of managed) {
    if (e.manager === fieldManager && e.operation === 'Apply') continue;
    if (!isObject(e.fieldsV1)) continue;
    const kept = e.subresource ? flattenFields(e.fieldsV1) : flattenFields(e.fieldsV1).filter((p) => !newKeys.has(pathKey(p)));
    if (kept.length) nextManaged.push({ ...e, fieldsV1: rebuild(kept) });
  }
  nextManaged.push({ manager: fieldManager, operation: 'Apply', apiVersion: groupVersion(r), time: req.now, fieldsType: 'FieldsV1', fieldsV1: fieldsOf(applied) });
  meta.managedFields = nextManaged;
  return { ok: true, created: !existing, object: result };
}
