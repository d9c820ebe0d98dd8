// Reads a repo-level atlantis.yaml: YAML (merge keys and anchors, as Atlantis's decoder reads them), the JSON
// Schema in repoConfigSchema.ts through ajv, and the typed, defaulted config the autoplan prediction uses.
// Every problem is a Diagnostic on the key or value it is about; nothing here throws on bad input.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Document, parseAllDocuments } from 'yaml';
import { Diagnostic, SourceRange } from '../types';
import { closestName } from '../validate/closestName';
import { pathFromPointer } from '../validate/problem';
import { RangeOf, rangeFactory } from '../terraform/sourceRanges';
import { repoConfigSchema, projectSchema, autodiscoverSchema, workflowSchema, BUILTIN_STEPS } from './repoConfigSchema';
import { YamlPath, rangeAt } from './yamlLocate';
import { cleanPath } from './dockerignore';

/** Atlantis's default `when_modified` (server/core/config/raw/autoplan.go). */
export const DEFAULT_WHEN_MODIFIED: readonly string[] = ['**/*.tf*', '**/*.tofu', '**/*.tofu.json', '**/terragrunt.hcl', '**/.terraform.lock.hcl'];

export type AutodiscoverMode = 'auto' | 'enabled' | 'disabled';

export interface AtlantisProject {
  /** Position in `projects`, for ranges; projects expanded from one glob share it. */
  index: number;
  name?: string;
  /** As Atlantis cleans it: `./` + dir, cleaned ('.' for the root). */
  dir: string;
  /** As written. */
  rawDir: string;
  workspace: string;
  branch?: string;
  workflow?: string;
  /** `explicit`: when_modified was written (else Atlantis's default list applies). */
  autoplan: { enabled: boolean; whenModified: string[]; explicit: boolean };
  dependsOn: string[];
  executionOrderGroup: number;
  terraformVersion?: string;
  terraformDistribution?: string;
  /** The `dir` glob this project was expanded from. */
  fromGlob?: string;
  /** Keys written for this project (after merge keys), for the server-side override check. */
  keys: string[];
}

export interface AtlantisRepoConfig {
  version?: number;
  projects: AtlantisProject[];
  workflows: Record<string, unknown>;
  autodiscover?: { mode: AutodiscoverMode; ignorePaths: string[] };
  automerge?: boolean;
  parallelPlan?: boolean;
  parallelApply?: boolean;
  abortOnExecutionOrderFail?: boolean;
  allowedRegexpPrefixes: string[];
}

export interface ParsedRepoConfig {
  file: string;
  config: AtlantisRepoConfig;
  diagnostics: Diagnostic[];
  /** Range of a path in the file, for rules that run later. */
  rangeAt(path: YamlPath, which?: 'key' | 'value'): SourceRange;
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): ErrorObject[] {
  // Compiled ahead of time (scripts/generate-atlantis-validator.ts; options in repoConfigValidatorSource.ts): a
  // run-time compile costs ~0.35 s per process. The generated CommonJS module has no types of its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validator ??= require('./generated/repoConfigValidator.js') as ValidateFunction;
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** The value an error is about (ajv's `verbose` would carry it, at the cost of a third more generated code). */
function dataAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function keysOf(schema: { properties?: object }): string[] {
  return Object.keys(schema.properties ?? {});
}

/** The closed key set at a schema location, for "did you mean" on unknown keys. */
function knownKeys(schemaPath: string): string[] {
  if (schemaPath.includes('/projects/')) return schemaPath.includes('/autoplan/') ? ['enabled', 'when_modified'] : schemaPath.includes('/repo_locks/') ? ['mode'] : keysOf(projectSchema);
  if (schemaPath.includes('/autodiscover/')) return keysOf(autodiscoverSchema);
  if (schemaPath.includes('/workflows/')) {
    if (schemaPath.includes('/steps/')) return schemaPath.includes('/env/') ? ['name', 'command', 'value', 'shell', 'shellArgs'] : schemaPath.includes('/run/') || schemaPath.includes('/multienv/') ? ['command', 'output', 'shell', 'shellArgs'] : ['extra_args'];
    return schemaPath.split('/').filter((s) => s === 'steps').length ? ['steps'] : keysOf(workflowSchema);
  }
  return keysOf(repoConfigSchema);
}

/** closestName, or a same-letters candidate: `dri` for `dir` is two edits, too many for a three-letter word. */
function suggestion(name: string, candidates: readonly string[]): string | undefined {
  const sorted = (s: string) => [...s.toLowerCase()].sort().join('');
  return closestName(name, candidates) ?? candidates.find((c) => c.length > 2 && sorted(c) === sorted(name));
}

function describeType(t: unknown): string {
  const s = String(t);
  return s === 'array' ? 'a list' : s === 'object' ? 'a map' : s === 'integer' ? 'an integer' : s === 'boolean' ? 'true or false' : `a ${s}`;
}

interface Finding {
  path: YamlPath;
  which: 'key' | 'value';
  message: string;
}

function findingOf(e: ErrorObject, value: unknown): Finding | undefined {
  const path = pathFromPointer(e.instancePath, value);
  const last = path.length ? String(path[path.length - 1]) : 'atlantis.yaml';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const near = suggestion(key, knownKeys(e.schemaPath));
      return { path: [...path, key], which: 'key', message: `Unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; Atlantis rejects the file.` };
    }
    case 'required': {
      const key = String(p.missingProperty);
      if (key === 'version' && path.length === 0) return { path, which: 'key', message: 'Missing "version": set `version: 3`.' };
      return { path, which: 'key', message: `Missing required key "${key}".` };
    }
    case 'enum': {
      if (e.schemaPath.includes('/propertyNames/')) return undefined; // reported by the propertyNames error
      const allowed = (p.allowedValues as unknown[]).map((v) => String(v));
      const data = dataAt(value, e.instancePath);
      const got = JSON.stringify(data);
      const near = typeof data === 'string' ? suggestion(data, allowed) : undefined;
      if (last === 'version') return { path, which: 'value', message: `version ${got} is not supported: Atlantis reads versions 2 and 3; write \`version: 3\`.` };
      return { path, which: 'value', message: `${got} is not allowed here; use one of: ${allowed.join(', ')}${near ? ` (did you mean "${near}"?)` : ''}.` };
    }
    case 'type':
      return { path, which: 'value', message: `"${last}" must be ${describeType(p.type)}.` };
    case 'pattern':
      return { path, which: 'value', message: `"${String(dataAt(value, e.instancePath))}" is not a version Atlantis can read (e.g. 1.6.0 or v1.6.0).` };
    case 'minLength':
      return { path, which: 'value', message: `"${last}", if set, cannot be empty.` };
    case 'minimum':
      return { path, which: 'value', message: `"${last}" must be at least ${String(p.limit)}.` };
    case 'propertyNames': {
      const name = String(p.propertyName);
      const steps = [...BUILTIN_STEPS, 'run', 'env', 'multienv'];
      const near = suggestion(name, steps);
      return { path: [...path, name], which: 'key', message: `"${name}" is not a step type (${steps.join(', ')})${near ? `; did you mean "${near}"?` : '.'}` };
    }
    case 'minProperties':
    case 'maxProperties':
      return { path, which: 'value', message: 'A step is one key: a built-in step name, `run`, `env` or `multienv`.' };
    case 'dependencies':
      return { path: [...path, String(p.property)], which: 'key', message: `"${String(p.property)}" needs "${String(p.missingProperty)}" in the same step.` };
    case 'not':
      return { path, which: 'value', message: 'An env step takes `command` or `value`, not both.' };
    case 'anyOf':
      return { path, which: 'value', message: `"${last}" must be a string or a list of strings.` };
    case 'if':
      return undefined; // the branch that failed reports the specific problem
    default:
      return { path, which: 'value', message: `${last}: ${e.message ?? 'invalid'}` };
  }
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Atlantis's raw → valid conversion (defaults, cleaned dir), tolerant of wrong types so later rules still run. */
export function toRepoConfig(value: unknown): AtlantisRepoConfig {
  const v = record(value);
  const projects: AtlantisProject[] = [];
  (Array.isArray(v.projects) ? v.projects : []).forEach((raw, index) => {
    const p = record(raw);
    const dir = str(p.dir);
    if (dir === undefined) return;
    const autoplan = record(p.autoplan);
    const whenModified = Array.isArray(autoplan.when_modified) ? strings(autoplan.when_modified) : [...DEFAULT_WHEN_MODIFIED];
    projects.push({
      index,
      name: str(p.name),
      dir: cleanPath('./' + dir),
      rawDir: dir,
      workspace: str(p.workspace) || 'default',
      branch: str(p.branch),
      workflow: str(p.workflow),
      autoplan: { enabled: bool(autoplan.enabled) ?? true, whenModified, explicit: Array.isArray(autoplan.when_modified) },
      dependsOn: strings(p.depends_on),
      executionOrderGroup: typeof p.execution_order_group === 'number' ? p.execution_order_group : 0,
      terraformVersion: str(p.terraform_version),
      terraformDistribution: str(p.terraform_distribution),
      keys: Object.keys(p),
    });
  });
  const ad = v.autodiscover === undefined ? undefined : record(v.autodiscover);
  const mode = str(ad?.mode);
  return {
    version: typeof v.version === 'number' ? v.version : undefined,
    projects,
    workflows: record(v.workflows),
    autodiscover: ad ? { mode: mode === 'enabled' || mode === 'disabled' ? mode : 'auto', ignorePaths: strings(ad.ignore_paths) } : undefined,
    automerge: bool(v.automerge),
    parallelPlan: bool(v.parallel_plan),
    parallelApply: bool(v.parallel_apply),
    abortOnExecutionOrderFail: bool(v.abort_on_execution_order_fail),
    allowedRegexpPrefixes: strings(v.allowed_regexp_prefixes),
  };
}

function yamlProblems(doc: Document.Parsed, rangeOf: RangeOf): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of [...doc.errors]) {
    const duplicate = e.code === 'DUPLICATE_KEY';
    out.push({
      code: duplicate ? 'RC0002' : 'RC0001',
      severity: 'error',
      message: duplicate ? 'Duplicate key: Atlantis rejects the file ("mapping key already defined").' : `YAML syntax error: ${e.message.split('\n')[0]}`,
      range: rangeOf(e.pos[0], Math.max(e.pos[1], e.pos[0])),
    });
  }
  return out;
}

export function parseRepoConfig(file: string, text: string): ParsedRepoConfig {
  const rangeOf = rangeFactory(file, text);
  // Atlantis decodes the first document only; merge keys (`<<: *template`) are YAML 1.1 and Atlantis accepts them.
  const doc = parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: false })[0] as Document.Parsed | undefined;
  if (!doc || doc.contents === null) {
    const range = rangeOf(0, 0);
    return { file, config: toRepoConfig({}), diagnostics: [{ code: 'RC2101', severity: 'error', message: 'The file is empty: it needs at least `version: 3`.', range }], rangeAt: () => range };
  }
  const at = (path: YamlPath, which: 'key' | 'value' = 'value') => rangeAt(doc, rangeOf, path, which);
  const diagnostics = yamlProblems(doc, rangeOf);
  if (diagnostics.some((d) => d.code === 'RC0001')) return { file, config: toRepoConfig({}), diagnostics, rangeAt: at };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    diagnostics.push({ code: 'RC0004', severity: 'error', message: `Cannot read the YAML: ${e instanceof Error ? e.message : String(e)}`, range: rangeOf(0, 0) });
    return { file, config: toRepoConfig({}), diagnostics, rangeAt: at };
  }
  const seen = new Set<string>();
  for (const e of validate(value)) {
    const f = findingOf(e, value);
    if (!f) continue;
    const range = at(f.path, f.which);
    const key = `${range.start}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push({ code: 'RC2101', severity: 'error', message: f.message, range });
  }
  return { file, config: toRepoConfig(value), diagnostics, rangeAt: at };
}
