// The server-side repo config (repos.yaml, `atlantis server --repo-config`): which entries apply to this
// repository (id exact or /regex/, optional base-branch /regex/; the last matching entry wins per key), and the
// keys of atlantis.yaml they forbid: project keys missing from `allowed_overrides`, custom `workflows` without
// `allow_custom_workflows: true`, and workflows outside `allowed_workflows`.
import Ajv, { ValidateFunction } from 'ajv';
import { Document, parseAllDocuments } from 'yaml';
import { Diagnostic } from '../types';
import { pathFromPointer } from '../validate/problem';
import { rangeFactory } from '../terraform/sourceRanges';
import { autodiscoverSchema, workflowSchema, RESTRICTED_PROJECT_KEYS } from './repoConfigSchema';
import { AutodiscoverMode, ParsedRepoConfig } from './repoConfig';
import { rangeAt } from './yamlLocate';

const stringList = { type: 'array', items: { type: 'string' } } as const;
const hook = {
  type: 'object',
  additionalProperties: false,
  properties: { run: { type: 'string' }, description: { type: 'string' }, shell: { type: 'string' }, shellArgs: { anyOf: [{ type: 'string' }, stringList] }, commands: { type: 'string' } },
} as const;
const requirements = { type: 'array', items: { enum: ['approved', 'mergeable', 'undiverged', 'policies_passed'] } } as const;

export const serverConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Atlantis server-side repo config (repos.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    repos: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', minLength: 1 },
          branch: { type: 'string' },
          repo_config_file: { type: 'string' },
          plan_requirements: requirements,
          apply_requirements: requirements,
          import_requirements: requirements,
          workflow: { type: 'string' },
          allowed_overrides: { type: 'array', items: { enum: [...RESTRICTED_PROJECT_KEYS] } },
          allowed_workflows: stringList,
          allow_custom_workflows: { type: 'boolean' },
          delete_source_branch_on_merge: { type: 'boolean' },
          repo_locking: { type: 'boolean' },
          repo_locks: { type: 'object', additionalProperties: false, properties: { mode: { enum: ['disabled', 'on_plan', 'on_apply'] } } },
          policy_check: { type: 'boolean' },
          custom_policy_check: { type: 'boolean' },
          autodiscover: autodiscoverSchema,
          silence_pr_comments: { type: 'array', items: { enum: ['plan', 'apply'] } },
          pre_workflow_hooks: { type: 'array', items: hook },
          post_workflow_hooks: { type: 'array', items: hook },
        },
      },
    },
    workflows: { type: 'object', additionalProperties: workflowSchema },
    policies: { type: 'object' },
    metrics: { type: 'object' },
    team_authz: { type: 'object' },
  },
} as const;

interface RepoEntry {
  id: string;
  branch?: string;
  repoConfigFile?: string;
  allowedOverrides?: string[];
  allowedWorkflows?: string[];
  allowCustomWorkflows?: boolean;
  autodiscover?: { mode: AutodiscoverMode; ignorePaths: string[] };
}

export interface ParsedServerConfig {
  file: string;
  repos: RepoEntry[];
  workflows: Set<string>;
  diagnostics: Diagnostic[];
}

/** What the matching entries decide for one repository. Atlantis's built-in first entry allows nothing. */
export interface ServerSettings {
  allowedOverrides: string[];
  allowCustomWorkflows: boolean;
  allowedWorkflows?: string[];
  repoConfigFile?: string;
  autodiscover?: { mode: AutodiscoverMode; ignorePaths: string[] };
  /** Workflows the server defines, plus Atlantis's built-in `default`. */
  workflows: Set<string>;
  /** Entries that matched (ids as written), for the report. */
  matched: string[];
}

let validator: ValidateFunction | undefined;

const asStrings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

export function parseServerConfig(file: string, text: string): ParsedServerConfig {
  const rangeOf = rangeFactory(file, text);
  const doc = parseAllDocuments(text, { merge: true, uniqueKeys: true })[0] as Document.Parsed | undefined;
  const out: ParsedServerConfig = { file, repos: [], workflows: new Set(), diagnostics: [] };
  if (!doc || doc.contents === null) {
    out.diagnostics.push({ code: 'RC2101', severity: 'error', message: `${file} is empty.`, range: rangeOf(0, 0) });
    return out;
  }
  for (const e of doc.errors) out.diagnostics.push({ code: e.code === 'DUPLICATE_KEY' ? 'RC0002' : 'RC0001', severity: 'error', message: `YAML: ${e.message.split('\n')[0]}`, range: rangeOf(e.pos[0], e.pos[1]) });
  if (out.diagnostics.length) return out;
  const value = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>;
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(serverConfigSchema);
  if (!validator(value)) {
    for (const e of validator.errors ?? []) {
      const path = pathFromPointer(e.instancePath, value);
      const extra = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
      const message = extra ? `Unknown key "${extra}" in the server-side config.` : `${path.length ? String(path[path.length - 1]) : 'repos.yaml'}: ${e.message ?? 'invalid'}`;
      out.diagnostics.push({ code: 'RC2101', severity: 'error', message, range: rangeAt(doc, rangeOf, extra ? [...path, extra] : path, extra ? 'key' : 'value') });
    }
  }
  for (const r of Array.isArray(value.repos) ? value.repos : []) {
    if (!r || typeof r !== 'object' || typeof (r as Record<string, unknown>).id !== 'string') continue;
    const e = r as Record<string, unknown>;
    const ad = e.autodiscover as Record<string, unknown> | undefined;
    out.repos.push({
      id: e.id as string,
      branch: typeof e.branch === 'string' ? e.branch : undefined,
      repoConfigFile: typeof e.repo_config_file === 'string' ? e.repo_config_file : undefined,
      allowedOverrides: asStrings(e.allowed_overrides),
      allowedWorkflows: asStrings(e.allowed_workflows),
      allowCustomWorkflows: typeof e.allow_custom_workflows === 'boolean' ? e.allow_custom_workflows : undefined,
      autodiscover: ad ? { mode: (['auto', 'enabled', 'disabled'].includes(String(ad.mode)) ? ad.mode : 'auto') as AutodiscoverMode, ignorePaths: asStrings(ad.ignore_paths) ?? [] } : undefined,
    });
  }
  for (const w of Object.keys((value.workflows as object | undefined) ?? {})) out.workflows.add(w);
  return out;
}

/** `/regex/` or an exact string, as Atlantis reads repo ids and branches; a bad regex matches nothing. */
function matcher(spec: string): (s: string) => boolean {
  if (spec.length >= 2 && spec.startsWith('/') && spec.endsWith('/')) {
    try {
      const re = new RegExp(spec.slice(1, -1));
      return (s) => re.test(s);
    } catch {
      return () => false;
    }
  }
  return (s) => s === spec;
}

export function settingsFor(server: ParsedServerConfig, repoId: string, baseBranch?: string): ServerSettings {
  const s: ServerSettings = { allowedOverrides: [], allowCustomWorkflows: false, workflows: new Set(['default', ...server.workflows]), matched: [] };
  for (const r of server.repos) {
    if (!matcher(r.id)(repoId)) continue;
    if (r.branch !== undefined && baseBranch !== undefined && !matcher(r.branch)(baseBranch)) continue;
    s.matched.push(r.id);
    if (r.allowedOverrides) s.allowedOverrides = r.allowedOverrides;
    if (r.allowCustomWorkflows !== undefined) s.allowCustomWorkflows = r.allowCustomWorkflows;
    if (r.allowedWorkflows) s.allowedWorkflows = r.allowedWorkflows;
    if (r.repoConfigFile) s.repoConfigFile = r.repoConfigFile;
    if (r.autodiscover) s.autodiscover = r.autodiscover;
  }
  return s;
}

/** RC2110: what the server does not let this repository's atlantis.yaml say. */
export function checkServerOverrides(parsed: ParsedRepoConfig, settings: ServerSettings): Diagnostic[] {
  const out: Diagnostic[] = [];
  const allowed = new Set(settings.allowedOverrides);
  for (const p of parsed.config.projects) {
    for (const key of RESTRICTED_PROJECT_KEYS) {
      if (!p.keys.includes(key) || allowed.has(key)) continue;
      out.push({ code: 'RC2110', severity: 'error', message: `The server does not allow this repository to set "${key}": its repos.yaml needs \`allowed_overrides: [${key}]\` for this repository.`, range: parsed.rangeAt(['projects', p.index, key], 'key') });
    }
  }
  const custom = Object.keys(parsed.config.workflows);
  if (custom.length && !settings.allowCustomWorkflows) {
    out.push({ code: 'RC2110', severity: 'error', message: 'The server does not allow custom workflows for this repository: its repos.yaml needs `allow_custom_workflows: true`.', range: parsed.rangeAt(['workflows'], 'key') });
  }
  for (const p of parsed.config.projects) {
    if (p.workflow === undefined) continue;
    const range = parsed.rangeAt(['projects', p.index, 'workflow']);
    if (settings.allowedWorkflows && settings.allowedWorkflows.length && !settings.allowedWorkflows.includes(p.workflow)) {
      out.push({ code: 'RC2110', severity: 'error', message: `Workflow "${p.workflow}" is not in the server's allowed_workflows (${settings.allowedWorkflows.join(', ')}).`, range });
    } else if (!settings.workflows.has(p.workflow) && !(settings.allowCustomWorkflows && custom.includes(p.workflow))) {
      out.push({ code: 'RC2107', severity: 'error', message: `Workflow "${p.workflow}" is not defined in the server-side config${custom.includes(p.workflow) ? ', and custom workflows are not allowed' : ' or in atlantis.yaml'}.`, range });
    }
  }
  return out;
}
