// JSON Schema (draft-07) of the repo-level atlantis.yaml, version 3. Atlantis publishes none; this one follows
// its repo-level reference (runatlantis.io/docs/repo-level-atlantis-yaml) and the Go structs that decode the
// file (server/core/config/raw: RepoCfg, Project, Autoplan, RepoLocks, AutoDiscover, Workflow, Stage, Step).
// Atlantis decodes with KnownFields, so every object is closed: an unknown or misspelt key is an error.
// Steps use if/then rather than oneOf so that ajv names the one rule a step breaks.

const stringList = { type: 'array', items: { type: 'string' } } as const;

const requirements = (what: string) =>
  ({
    type: 'array',
    items: { enum: ['approved', 'mergeable', 'undiverged'] },
    description: `Requirements before \`atlantis ${what}\` may run (restricted key: the server must allow it).`,
  }) as const;

const repoLocks = {
  type: 'object',
  additionalProperties: false,
  properties: { mode: { enum: ['disabled', 'on_plan', 'on_apply'] } },
} as const;

const shellArgs = { anyOf: [{ type: 'string' }, stringList] } as const;

/** `run: cmd` (or `multienv: cmd`), or the map form `{ command, output, shell, shellArgs }`; outputs differ. */
const commandStep = (outputs: readonly string[]) =>
  ({
    if: { type: 'string' },
    else: {
      type: 'object',
      additionalProperties: false,
      required: ['command'],
      properties: { command: { type: 'string' }, output: { enum: [...outputs] }, shell: { type: 'string' }, shellArgs },
      dependencies: { shellArgs: ['shell'] },
    },
  }) as const;

const runStep = commandStep(['show', 'hide', 'strip_refreshing']);
const multienvStep = commandStep(['show', 'hide']);

const envStep = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string' }, command: { type: 'string' }, value: { type: 'string' }, shell: { type: 'string' }, shellArgs },
  dependencies: { shell: ['command'], shellArgs: ['shell'] },
  not: { required: ['command', 'value'] },
} as const;

const builtinWithArgs = { type: 'object', additionalProperties: false, properties: { extra_args: stringList } } as const;

export const BUILTIN_STEPS = ['init', 'plan', 'apply', 'show', 'policy_check', 'import', 'state_rm'] as const;

const step = {
  if: { type: 'string' },
  then: { enum: [...BUILTIN_STEPS, 'env', 'multienv'] },
  else: {
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { enum: [...BUILTIN_STEPS, 'run', 'env', 'multienv'] },
    properties: {
      ...Object.fromEntries(BUILTIN_STEPS.map((s) => [s, builtinWithArgs])),
      run: runStep,
      multienv: multienvStep,
      env: envStep,
    },
  },
} as const;

const stage = { type: 'object', additionalProperties: false, properties: { steps: { type: 'array', items: step } } } as const;

export const WORKFLOW_STAGES = ['plan', 'apply', 'policy_check', 'import', 'state_rm'] as const;

export const workflowSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(WORKFLOW_STAGES.map((s) => [s, stage])),
} as const;

export const autodiscoverSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { mode: { enum: ['auto', 'enabled', 'disabled'] }, ignore_paths: stringList },
} as const;

const policySets = {
  type: 'object',
  additionalProperties: false,
  properties: {
    conftest_version: { type: 'string' },
    owners: { type: 'object', additionalProperties: false, properties: { users: stringList, teams: stringList } },
    approve_count: { type: 'integer', minimum: 0 },
    policy_sets: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'path', 'source'],
        properties: {
          name: { type: 'string' },
          path: { type: 'string' },
          source: { enum: ['local', 'github', 'gitlab'] },
          owners: { type: 'object', additionalProperties: false, properties: { users: stringList, teams: stringList } },
          approve_count: { type: 'integer', minimum: 0 },
          prevent_self_approve: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export const projectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['dir'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'Required when two projects share dir and workspace; used with `-p`.' },
    branch: { type: 'string', description: 'A /regex/ matched against the base branch of the pull request.' },
    dir: { type: 'string', description: 'Project directory relative to the repository root; a glob expands to every matching directory with .tf files.' },
    workspace: { type: 'string' },
    workflow: { type: 'string' },
    terraform_distribution: { enum: ['terraform', 'opentofu'] },
    terraform_version: { type: 'string', pattern: '^[=v]?\\s*\\d+(\\.\\d+){0,2}(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$' },
    autoplan: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' }, when_modified: stringList } },
    plan_requirements: requirements('plan'),
    apply_requirements: requirements('apply'),
    import_requirements: requirements('import'),
    depends_on: stringList,
    delete_source_branch_on_merge: { type: 'boolean' },
    repo_locking: { type: 'boolean', description: 'Deprecated: use repo_locks.' },
    repo_locks: repoLocks,
    execution_order_group: { type: 'integer' },
    destroy_execution_order_group: { type: 'integer' },
    policy_check: { type: 'boolean' },
    custom_policy_check: { type: 'boolean' },
    silence_pr_comments: { type: 'array', items: { enum: ['plan', 'apply'] } },
  },
} as const;

export const repoConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://reconcile.dev/schemas/atlantis-repo-config-v3.json',
  title: 'Atlantis repo-level atlantis.yaml (version 3)',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { enum: [2, 3], description: 'Must be 3 (2 differs only in how run steps are split).' },
    automerge: { type: 'boolean' },
    autodiscover: autodiscoverSchema,
    delete_source_branch_on_merge: { type: 'boolean' },
    parallel_plan: { type: 'boolean' },
    parallel_apply: { type: 'boolean' },
    abort_on_execution_order_fail: { type: 'boolean' },
    emoji_reaction: { type: 'string' },
    allowed_regexp_prefixes: stringList,
    repo_locks: repoLocks,
    silence_pr_comments: { type: 'array', items: { enum: ['plan', 'apply'] } },
    policies: policySets,
    projects: { type: 'array', items: projectSchema },
    workflows: { type: 'object', additionalProperties: workflowSchema },
  },
} as const;

/** Project keys a repository may set only when the server's `allowed_overrides` lists them. */
export const RESTRICTED_PROJECT_KEYS = [
  'plan_requirements',
  'apply_requirements',
  'import_requirements',
  'workflow',
  'delete_source_branch_on_merge',
  'repo_locking',
  'repo_locks',
  'policy_check',
  'custom_policy_check',
  'silence_pr_comments',
] as const;
