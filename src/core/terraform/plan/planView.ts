// A Terraform plan as something to read: one action per resource (a replace is one action, not a delete and a
// create), the attribute changes with values already rendered as text, and the counts. This is the only place
// raw plan values become text, and every value under a `before_sensitive`/`after_sensitive` mark (at any depth,
// or the whole value) becomes "(sensitive)" here, so no format built on the view can print a secret.
import { JsonValue, Marks, PlanChange, PlanJson, PlanResourceChange } from './planJson';

export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget';

export const SENSITIVE = '(sensitive)';
export const KNOWN_AFTER_APPLY = '(known after apply)';

export interface AttributeChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Display text (JSON for plain values, or one of the markers above); absent for `added`. */
  before?: string;
  /** Display text; absent for `removed`. */
  after?: string;
  forcesReplacement?: boolean;
}

export interface ResourceChangeView {
  address: string;
  previousAddress?: string;
  moduleAddress?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  action: PlanAction;
  /** The plan's own action list, e.g. ["create","delete"] for create-before-destroy. */
  actions: string[];
  actionReason?: string;
  replacePaths: string[];
  importing?: { id?: string };
  attributes: AttributeChange[];
  /** Where the resource is declared, when the Terraform sources are indexed. */
  source?: { file: string; line: number };
}

export interface OutputChangeView {
  name: string;
  action: PlanAction;
  before?: string;
  after?: string;
  sensitive: boolean;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  replace: number;
  read: number;
  noop: number;
  forget: number;
  /** Resources with a previous_address (moved), whatever their action. */
  move: number;
  import: number;
  /** Resources changed outside Terraform since the last apply (resource_drift). */
  drift: number;
}

export interface PlanView {
  formatVersion: string;
  terraformVersion?: string;
  summary: PlanSummary;
  /** Every resource change except a plain no-op (a moved or imported no-op is kept). */
  changes: ResourceChangeView[];
  drift: ResourceChangeView[];
  outputs: OutputChangeView[];
  errored: boolean;
}

export function classifyActions(actions: readonly string[]): PlanAction {
  const set = new Set(actions);
  if (set.has('delete') && set.has('create')) return 'replace';
  if (set.has('forget')) return 'forget';
  if (set.has('create')) return 'create';
  if (set.has('delete')) return 'delete';
  if (set.has('update')) return 'update';
  if (set.has('read')) return 'read';
  return 'no-op';
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The mark of a child: `true` covers everything below it. */
function childMark(m: Marks | undefined, key: string | number): Marks | undefined {
  if (m === true) return true;
  if (Array.isArray(m)) return typeof key === 'number' ? m[key] : undefined;
  if (isObj(m)) return (m as Record<string, Marks>)[String(key)];
  return undefined;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENT.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

export function formatReplacePath(p: Array<string | number>): string {
  return p.reduce<string>((acc, k) => joinPath(acc, k), '');
}

function show(v: JsonValue | undefined): string {
  return JSON.stringify(v === undefined ? null : v);
}

/** Whether any part of a value is marked (an object whose marks are all `false`/empty marks nothing). */
function marksAnything(m: Marks | undefined): boolean {
  if (m === true) return true;
  if (Array.isArray(m)) return m.some(marksAnything);
  if (isObj(m)) return Object.values(m).some((x) => marksAnything(x as Marks));
  return false;
}

function equal(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

interface DiffInput {
  before: JsonValue | undefined;
  after: JsonValue | undefined;
  beforeSensitive: Marks | undefined;
  afterSensitive: Marks | undefined;
  afterUnknown: Marks | undefined;
  /** false when the resource has no before (create) or no after (delete): leaves are added/removed. */
  hasBefore: boolean;
  hasAfter: boolean;
}

function diff(input: DiffInput, path: string, out: AttributeChange[]): void {
  const { before, after, beforeSensitive, afterSensitive, afterUnknown, hasBefore, hasAfter } = input;
  const unknown = hasAfter && afterUnknown === true;
  const bPresent = hasBefore && before !== undefined && before !== null;
  const aPresent = unknown || (hasAfter && after !== undefined && after !== null);
  if (!bPresent && !aPresent) return;
  const kind: AttributeChange['kind'] = bPresent && aPresent ? 'changed' : bPresent ? 'removed' : 'added';
  // A marked value is never looked into: only whether it changed is told, as Terraform does.
  if (beforeSensitive === true || afterSensitive === true) {
    if (kind === 'changed' && !unknown && beforeSensitive === true && afterSensitive === true && equal(before, after)) return;
    out.push({ path: path || '(value)', kind, ...(bPresent ? { before: SENSITIVE } : {}), ...(aPresent ? { after: unknown ? KNOWN_AFTER_APPLY : SENSITIVE } : {}) });
    return;
  }
  if (unknown) {
    out.push({ path: path || '(value)', kind, ...(bPresent ? { before: marksAnything(beforeSensitive) ? SENSITIVE : show(before) } : {}), after: KNOWN_AFTER_APPLY });
    return;
  }
  const bothObjects = (!bPresent || isObj(before)) && (!aPresent || isObj(after)) && (isObj(before) || isObj(after));
  const bothArrays = (!bPresent || Array.isArray(before)) && (!aPresent || Array.isArray(after)) && (Array.isArray(before) || Array.isArray(after));
  if (bothObjects || bothArrays || isObj(afterUnknown) || Array.isArray(afterUnknown)) {
    const keys: Array<string | number> = [];
    if (bothArrays) {
      const n = Math.max(Array.isArray(before) ? before.length : 0, Array.isArray(after) ? after.length : 0, Array.isArray(afterUnknown) ? afterUnknown.length : 0);
      for (let i = 0; i < n; i++) keys.push(i);
    } else {
      const set = new Set<string>([...Object.keys(isObj(before) ? before : {}), ...Object.keys(isObj(after) ? after : {}), ...Object.keys(isObj(afterUnknown) ? afterUnknown : {})]);
      keys.push(...[...set].sort());
    }
    if (bothObjects || bothArrays) {
      for (const k of keys) {
        const pick = (v: JsonValue | undefined): JsonValue | undefined => (v === null || v === undefined ? undefined : (v as Record<string, JsonValue>)[k as string]);
        diff(
          {
            before: pick(before),
            after: pick(after),
            beforeSensitive: childMark(beforeSensitive, k),
            afterSensitive: childMark(afterSensitive, k),
            afterUnknown: childMark(afterUnknown, k),
            hasBefore,
            hasAfter,
          },
          joinPath(path, k),
          out,
        );
      }
      return;
    }
  }
  if (kind === 'changed' && equal(before, after)) return;
  // A plain value whose marks name parts of it (a list with one sensitive element shown whole) stays hidden.
  const hideBefore = marksAnything(beforeSensitive);
  const hideAfter = marksAnything(afterSensitive);
  out.push({ path: path || '(value)', kind, ...(bPresent ? { before: hideBefore ? SENSITIVE : show(before) } : {}), ...(aPresent ? { after: hideAfter ? SENSITIVE : show(after) } : {}) });
}

export function attributeChanges(change: PlanChange): AttributeChange[] {
  const out: AttributeChange[] = [];
  const action = classifyActions(change.actions);
  diff(
    {
      before: change.before ?? undefined,
      after: change.after ?? undefined,
      beforeSensitive: change.before_sensitive,
      afterSensitive: change.after_sensitive,
      afterUnknown: change.after_unknown,
      hasBefore: action !== 'create' && change.before !== null && change.before !== undefined,
      hasAfter: action !== 'delete' && action !== 'forget' && ((change.after !== null && change.after !== undefined) || change.after_unknown === true || isObj(change.after_unknown)),
    },
    '',
    out,
  );
  const replace = (change.replace_paths ?? []).map(formatReplacePath);
  for (const a of out) if (replace.some((r) => a.path === r || a.path.startsWith(r + '.') || a.path.startsWith(r + '['))) a.forcesReplacement = true;
  return out;
}

function resourceView(rc: PlanResourceChange): ResourceChangeView {
  return {
    address: rc.address,
    ...(rc.previous_address ? { previousAddress: rc.previous_address } : {}),
    ...(rc.module_address ? { moduleAddress: rc.module_address } : {}),
    mode: rc.mode === 'data' ? 'data' : 'managed',
    type: rc.type,
    name: rc.name,
    action: classifyActions(rc.change.actions),
    actions: [...rc.change.actions],
    ...(rc.action_reason ? { actionReason: rc.action_reason } : {}),
    replacePaths: (rc.change.replace_paths ?? []).map(formatReplacePath),
    ...(rc.change.importing ? { importing: { ...(typeof rc.change.importing.id === 'string' ? { id: rc.change.importing.id } : {}) } } : {}),
    attributes: attributeChanges(rc.change),
  };
}

function outputView(name: string, c: PlanChange): OutputChangeView {
  const sensitive = marksAnything(c.before_sensitive) || marksAnything(c.after_sensitive);
  const action = classifyActions(c.actions);
  const text = (v: JsonValue | undefined, marks: Marks | undefined, present: boolean): string | undefined => {
    if (!present) return undefined;
    return marksAnything(marks) ? SENSITIVE : show(v);
  };
  const afterUnknown = c.after_unknown === true;
  return {
    name,
    action,
    before: text(c.before ?? undefined, c.before_sensitive, action !== 'create' && c.before !== null && c.before !== undefined),
    after: afterUnknown ? KNOWN_AFTER_APPLY : text(c.after ?? undefined, c.after_sensitive, action !== 'delete' && c.after !== undefined),
    sensitive,
  };
}

export function buildPlanView(plan: PlanJson): PlanView {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, replace: 0, read: 0, noop: 0, forget: 0, move: 0, import: 0, drift: 0 };
  const changes: ResourceChangeView[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const v = resourceView(rc);
    if (v.action === 'no-op') summary.noop++;
    else summary[v.action]++;
    if (v.previousAddress && v.previousAddress !== v.address) summary.move++;
    if (v.importing) summary.import++;
    if (v.action !== 'no-op' || v.previousAddress || v.importing) changes.push(v);
  }
  const drift = (plan.resource_drift ?? []).map(resourceView);
  summary.drift = drift.length;
  const outputs = Object.entries(plan.output_changes ?? {})
    .map(([name, c]) => outputView(name, c))
    .filter((o) => o.action !== 'no-op');
  return { formatVersion: plan.format_version, terraformVersion: plan.terraform_version, summary, changes, drift, outputs, errored: plan.errored === true };
}

/** A whole value with every marked part replaced: sensitive ones by "(sensitive)", unknown ones by "(known after apply)". */
export function maskedValue(value: JsonValue | undefined, sensitive: Marks | undefined, unknown?: Marks): JsonValue | undefined {
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (sensitive === true) return value === undefined || value === null ? value : SENSITIVE;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const list = Array.isArray(value) ? value : [];
    const n = Math.max(list.length, Array.isArray(unknown) ? unknown.length : 0);
    const out: JsonValue[] = [];
    for (let i = 0; i < n; i++) out.push(maskedValue(list[i], childMark(sensitive, i), childMark(unknown, i)) ?? null);
    return out;
  }
  if (isObj(value) || isObj(unknown)) {
    const obj = isObj(value) ? (value as Record<string, JsonValue>) : {};
    const keys = [...new Set([...Object.keys(obj), ...Object.keys(isObj(unknown) ? unknown : {})])].sort();
    const out: Record<string, JsonValue> = {};
    for (const k of keys) {
      const v = maskedValue(obj[k], childMark(sensitive, k), childMark(unknown, k));
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return marksAnything(sensitive) ? SENSITIVE : value;
}

/** The two sides of a resource change as pretty JSON, masked, for a diff editor ('' for a side that does not exist). */
export function resourceSides(change: PlanChange): { before: string; after: string } {
  const action = classifyActions(change.actions);
  const text = (v: JsonValue | undefined) => (v === undefined || v === null ? '' : JSON.stringify(v, null, 2) + '\n');
  return {
    before: action === 'create' ? '' : text(maskedValue(change.before ?? undefined, change.before_sensitive)),
    after: action === 'delete' || action === 'forget' ? '' : text(maskedValue(change.after ?? undefined, change.after_sensitive, change.after_unknown)),
  };
}
