// The parts of `terraform show -json PLANFILE` (and `tofu show -json`) Reconcile reads, and a reader that says
// clearly what is wrong with a file that is not such a plan. Values stay raw here: plan files carry sensitive
// values in plain text, and only planView.ts (which masks them) may turn them into anything shown.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** A sensitivity or unknown-ness marker: `true` for the whole value, or the value's shape with `true` at the marked parts. */
export type Marks = boolean | Marks[] | { [k: string]: Marks };

export interface PlanChange {
  actions: string[];
  before?: JsonValue;
  after?: JsonValue;
  after_unknown?: Marks;
  before_sensitive?: Marks;
  after_sensitive?: Marks;
  replace_paths?: Array<Array<string | number>>;
  importing?: { id?: string; identity?: unknown };
}

export interface PlanResourceChange {
  address: string;
  previous_address?: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  provider_name?: string;
  change: PlanChange;
  action_reason?: string;
}

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  resource_changes?: PlanResourceChange[];
  resource_drift?: PlanResourceChange[];
  output_changes?: Record<string, PlanChange>;
  errored?: boolean;
  applyable?: boolean;
  complete?: boolean;
}

export type PlanReadResult = { ok: true; plan: PlanJson } | { ok: false; error: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function badChange(list: unknown, field: string): string | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return `"${field}" is not a list`;
  for (const [i, rc] of list.entries()) {
    if (!isObject(rc) || typeof rc.address !== 'string') return `${field}[${i}] has no address`;
    if (!isObject(rc.change) || !Array.isArray(rc.change.actions)) return `${field}[${i}] (${rc.address}) has no change.actions`;
  }
  return undefined;
}

/** Parses and checks the shape; the message says what to run when the file is something else (a binary plan, state). */
export function readPlanJson(text: string): PlanReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const binary = text.startsWith('PK');
    return { ok: false, error: binary ? 'this is a binary plan file; convert it with `terraform show -json PLANFILE > plan.json`' : `not JSON: ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ')}` };
  }
  if (!isObject(value) || typeof value.format_version !== 'string') return { ok: false, error: 'not a Terraform JSON plan (no "format_version"); produce one with `terraform show -json PLANFILE`' };
  if (value.resource_changes === undefined && value.output_changes === undefined && value.planned_values === undefined) {
    return { ok: false, error: 'this JSON has no planned changes (is it state, from `terraform show -json` without a plan file?)' };
  }
  const bad = badChange(value.resource_changes, 'resource_changes') ?? badChange(value.resource_drift, 'resource_drift');
  if (bad) return { ok: false, error: `malformed plan: ${bad}` };
  if (value.output_changes !== undefined && !isObject(value.output_changes)) return { ok: false, error: 'malformed plan: "output_changes" is not an object' };
  return { ok: true, plan: value as unknown as PlanJson };
}
