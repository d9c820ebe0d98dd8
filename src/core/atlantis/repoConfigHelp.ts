// Hover and completion for atlantis.yaml from our JSON Schema (repoConfigSchema.ts): the subschema at a YAML path,
// its type, allowed values and description, and the keys a mapping may still take. The schema is plain data
// without $ref; steps use if/then/else, so every branch is looked at.
import { repoConfigSchema } from './repoConfigSchema';

type Schema = Readonly<Record<string, unknown>>;
export type ConfigPath = ReadonlyArray<string | number>;

export interface ConfigFieldHelp {
  type: string;
  required: boolean;
  enum?: string[];
  description?: string;
}

export interface ConfigCompletion {
  label: string;
  detail: string;
  documentation?: string;
}

/** What the schema leaves undescribed, from Atlantis's repo-level reference, so hover always says something useful. */
const KEY_DOCS: Readonly<Record<string, string>> = {
  version: 'Config version; Atlantis accepts 3 (and 2).',
  automerge: 'Merge the pull request once every plan has been applied.',
  autodiscover: 'Whether Atlantis discovers projects itself: `auto` (only when no project is configured), `enabled`, `disabled`.',
  parallel_plan: 'Run the plans of all projects in parallel.',
  parallel_apply: 'Run the applies of all projects in parallel.',
  abort_on_execution_order_fail: 'Stop the remaining execution order groups when one fails.',
  projects: 'The projects Atlantis plans; without any, it discovers them (see autodiscover).',
  workflows: 'Custom workflows by name; a project picks one with `workflow` (the server must allow custom workflows).',
  workspace: 'Terraform workspace to plan in (default `default`).',
  workflow: 'Name of a workflow defined here or on the server.',
  autoplan: 'When Atlantis plans this project on its own.',
  when_modified: 'Patterns, relative to the project dir, of files whose change triggers autoplan (`.dockerignore` rules; default `**/*.tf*`).',
  enabled: 'Whether autoplan is on for this project.',
  depends_on: 'Project names that must be applied before this one.',
  execution_order_group: 'Projects run in increasing group order.',
  terraform_version: 'Terraform version for this project (e.g. `v1.8.0`).',
  ignore_paths: 'Patterns of directories auto-discovery skips.',
  mode: 'The mode of this setting.',
  steps: 'The steps of this stage, in order: built-in (`init`, `plan`, …), `run`, `env` or `multienv`.',
  extra_args: 'Extra arguments for the built-in command.',
  run: 'A shell command, or `{ command, output, shell, shellArgs }`.',
  env: 'Sets an environment variable for later steps: `name` with `value` or `command`.',
  policy_check: 'Run policy checks (conftest) on the plan.',
};

function asSchema(v: unknown): Schema | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : undefined;
}

/** The schema and its if/then/else and anyOf/oneOf branches: where properties or items may be declared. */
function branches(s: Schema, depth = 0): Schema[] {
  const out: Schema[] = [s];
  if (depth > 4) return out;
  for (const k of ['then', 'else']) {
    const b = asSchema(s[k]);
    if (b) out.push(...branches(b, depth + 1));
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = s[k];
    if (Array.isArray(list)) for (const b of list) if (asSchema(b)) out.push(...branches(b as Schema, depth + 1));
  }
  return out;
}

function step(s: Schema, seg: string | number): Schema | undefined {
  for (const b of branches(s)) {
    if (typeof seg === 'number') {
      const items = asSchema(b.items);
      if (items) return items;
      continue;
    }
    const prop = asSchema(asSchema(b.properties)?.[seg]);
    if (prop) return prop;
  }
  if (typeof seg === 'string') for (const b of branches(s)) if (asSchema(b.additionalProperties)) return b.additionalProperties as Schema;
  return undefined;
}

/** The subschema at `path`; undefined where the schema allows nothing (or says nothing). */
export function configSchemaAt(path: ConfigPath, root: Schema = repoConfigSchema): Schema | undefined {
  let s: Schema | undefined = root;
  for (const seg of path) {
    if (!s) return undefined;
    s = step(s, seg);
  }
  return s;
}

function typeOf(s: Schema): string {
  const types = branches(s).flatMap((b) => (typeof b.type === 'string' ? [b.type] : Array.isArray(b.type) ? (b.type as string[]) : []));
  const e = enumOf(s);
  if (types.length === 0 && e) return 'enum';
  const shown = [...new Set(types)].map((t) => (t === 'array' && asSchema(s.items)?.type === 'string' ? 'string[]' : t));
  return shown.join(' | ') || 'any';
}

function enumOf(s: Schema): string[] | undefined {
  for (const b of branches(s)) if (Array.isArray(b.enum)) return (b.enum as unknown[]).map(String);
  return undefined;
}

/** Hover text for the field at `path` (the key's own path). */
export function configFieldHelp(path: ConfigPath, root: Schema = repoConfigSchema): ConfigFieldHelp | undefined {
  const s = configSchemaAt(path, root);
  if (!s || path.length === 0) return undefined;
  const key = [...path].reverse().find((p): p is string => typeof p === 'string');
  const parent = configSchemaAt(path.slice(0, -1), root);
  const last = path[path.length - 1];
  const required = typeof last === 'string' && !!parent && branches(parent).some((b) => Array.isArray(b.required) && (b.required as unknown[]).includes(last));
  const description = typeof s.description === 'string' ? s.description : key !== undefined && typeof last === 'string' ? KEY_DOCS[key] : undefined;
  return { type: typeOf(s), required, enum: enumOf(s), description };
}

/** Keys the mapping at `path` may take that are not `present` yet, in the schema's order. */
export function configKeyCompletions(path: ConfigPath, present: ReadonlySet<string>, root: Schema = repoConfigSchema): ConfigCompletion[] {
  const s = configSchemaAt(path, root);
  if (!s) return [];
  const seen = new Set<string>();
  const out: ConfigCompletion[] = [];
  for (const b of branches(s)) {
    for (const [key, sub] of Object.entries(asSchema(b.properties) ?? {})) {
      if (present.has(key) || seen.has(key)) continue;
      seen.add(key);
      const sch = asSchema(sub) ?? {};
      const doc = typeof sch.description === 'string' ? sch.description : KEY_DOCS[key];
      out.push({ label: key, detail: typeOf(sch), documentation: doc });
    }
  }
  return out;
}

/** Values for the field at `path`: its enum, or true/false. */
export function configValueCompletions(path: ConfigPath, root: Schema = repoConfigSchema): ConfigCompletion[] {
  const s = configSchemaAt(path, root);
  if (!s) return [];
  const e = enumOf(s) ?? (typeOf(s) === 'boolean' ? ['true', 'false'] : []);
  return e.map((v) => ({ label: v, detail: typeOf(s) }));
}
