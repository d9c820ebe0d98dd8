// `reconcile plan`: what a change does once rendered, per app, before and after (Atlantis-style plans for
// Kubernetes). Renders only the apps whose inputs changed, at the base and at the head, compares them
// object by object, validates the head rendering, and optionally compares the head with a cluster.
import * as path from 'node:path';
import { CliCommand, CliIO, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot, gitRemoteUrls } from '../repo';
import { defaultSchemaDir } from '../schemaDir';
import { connect } from '../../core/cluster/client';
import { DEFAULT_CHURN_RULES } from '../../core/plan/compareRenders';
import { renderPlanJson, planJson } from '../../core/plan/format/json';
import { splitPlanMarkdown, renderPlanMarkdown } from '../../core/plan/format/markdown';
import { utf8Bytes } from '../../core/plan/format/split';
import { renderPlanText } from '../../core/plan/format/text';
import { liveNotComputed } from '../../core/plan/liveImpact';
import { plan, PlanRequest } from '../../core/plan/plan';
import { Plan } from '../../core/plan/types';
import { readSchemaManifest } from '../../core/validate/schemas/loadSchemas';
import { Validator } from '../../core/validate/validator';
// Not main.ts's VERSION: importing main from a command would make a require cycle.
import { version as TOOL_VERSION } from '../../../package.json';

const USAGE = `Usage: reconcile plan [--base REF] [--head REF] [paths...] [--format text|markdown|json]
                      [--kubeconfig F] [--context C] [--max-bytes N] [--churn GLOB ...] [--no-churn]
                      [--no-validate]

What a change does once rendered: the apps whose render reads a changed file (a shared base selects
every overlay that includes it; Flux Kustomizations, Argo CD Applications, HelmReleases with an
in-repository chart, top-level kustomizations), and apps added or removed, are rendered at the base and
at the head with the built-in engine (Flux post-build substitution included) and compared object by
object: created, changed (with the changed fields) or deleted. The head rendering is validated at its
source files. Nothing is checked out; commits are read from the object store.

  --base REF        base revision (default HEAD)
  --head REF        head revision (default: the working tree, untracked files included)
  paths             only apps defined in, rendering, or reading something under these paths
  --format F        text (default), markdown (the pull-request comment) or json (schema: docs/plan.md)
  --kubeconfig F, --context C
                    also compare the head rendering with that cluster (read-only: lists and
                    server-side dry-run): will create / will change / already matches
  --max-bytes N     cut the output at object boundaries to stay under N bytes, saying what was left out
  --churn GLOB      label/annotation keys whose changes are churn: counted, not listed (repeatable;
                    replaces the default ${DEFAULT_CHURN_RULES.join(', ')})
  --no-churn        list every label and annotation change
  --no-validate     do not validate the head rendering

Secret values are never printed: a changed Secret key shows a short keyed hash of each value.
Exit codes: 0 plan made, 1 a head render failed or the head has validation errors, 2 usage error.`;

function fail(io: CliIO, message: string, code: number): number {
  io.stderr(`reconcile plan: ${message}\n`);
  return code;
}

/** JSON over the byte budget: diffs go first (largest first), then the whole output is refused. */
function boundedJson(p: Plan, max: number | undefined): string {
  let text = renderPlanJson(p);
  if (max === undefined || utf8Bytes(text) <= max) return text;
  const copy = JSON.parse(JSON.stringify(planJson(p))) as { apps: Array<{ objects: Array<{ diff: string }> }>; unrendered: Array<{ objects: Array<{ diff: string }> }>; diffsOmitted?: number };
  const objects = [...copy.apps.flatMap((a) => a.objects), ...copy.unrendered.flatMap((u) => u.objects)].sort((a, b) => b.diff.length - a.diff.length);
  let omitted = 0;
  for (const o of objects) {
    if (utf8Bytes(text) <= max) break;
    o.diff = '';
    omitted++;
    copy.diffsOmitted = omitted;
    text = JSON.stringify(copy, null, 2) + '\n';
  }
  return text;
}

function boundedText(text: string, max: number | undefined): string {
  if (max === undefined || utf8Bytes(text) <= max) return text;
  const note = '… output cut to stay within --max-bytes; the totals follow.\n';
  const lines = text.split('\n');
  const last = lines.slice(-2).join('\n');
  const kept: string[] = [];
  for (const l of lines) {
    if (utf8Bytes([...kept, l].join('\n') + '\n' + note + last) > max) break;
    kept.push(l);
  }
  return `${kept.join('\n')}\n${note}${last}`;
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'What a change does once rendered: per app, objects created/changed/deleted (base → head)',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, string | boolean | string[] | undefined>;
    let positionals: string[];
    let format: 'text' | 'markdown' | 'json';
    let maxBytes: number | undefined;
    try {
      ({ values, positionals } = parseCommandArgs(args, {
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        'max-bytes': { type: 'string' },
        churn: { type: 'string', multiple: true },
        'no-churn': { type: 'boolean' },
        'no-validate': { type: 'boolean' },
      }));
      format = oneOf(values.format, ['text', 'markdown', 'json'] as const, 'format', 'text');
      if (values['max-bytes'] !== undefined) {
        maxBytes = Number(values['max-bytes']);
        if (!Number.isInteger(maxBytes) || maxBytes < 4096) throw new UsageError(`--max-bytes expects a whole number of at least 4096 (got '${String(values['max-bytes'])}')`);
      }
      for (const r of ['base', 'head'] as const) {
        const v = values[r];
        if (typeof v === 'string' && (!v.trim() || v.startsWith('-'))) throw new UsageError(`--${r} expects a revision (got '${v}')`);
      }
      if (values['no-churn'] && values.churn) throw new UsageError('--churn and --no-churn exclude each other');
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile plan: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const root = await findRepoRoot(io.cwd);
    if (!root) return fail(io, `${io.cwd} is not inside a git repository (a plan compares two revisions)`, EXIT_USAGE);
    const posixRoot = root.split(path.sep).join('/');
    const paths: string[] = [];
    for (const p of positionals) {
      const rel = path.relative(root, path.resolve(io.cwd, p)).split(path.sep).join('/');
      if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return fail(io, `${p} is outside the repository ${root}`, EXIT_USAGE);
      paths.push(rel);
    }
    const req: PlanRequest = {
      repoRoot: posixRoot,
      base: (values.base as string | undefined) ?? 'HEAD',
      head: typeof values.head === 'string' ? { kind: 'commit', ref: values.head } : { kind: 'working-tree' },
      paths,
      churn: values['no-churn'] ? [] : ((values.churn as string[] | undefined) ?? DEFAULT_CHURN_RULES),
      helm: { trusted: true, helmPath: io.env.RECONCILE_HELM },
      indexSettings: { repoUrls: await gitRemoteUrls(root) },
      toolVersion: TOOL_VERSION,
    };
    if (!values['no-validate']) {
      const schemaDir = defaultSchemaDir(io.env);
      const manifest = readSchemaManifest(schemaDir);
      const validator = manifest.ok ? Validator.create(schemaDir, manifest.value.defaultKubernetesVersion, { cache: false }) : undefined;
      if (validator?.ok) req.rules = validator.value;
      else io.stderr(`reconcile plan: the head rendering is not validated: ${validator && !validator.ok ? validator.error : `no schemas in ${schemaDir} (npm run build:schemas)`}\n`);
    }
    if (typeof values.kubeconfig === 'string' || typeof values.context === 'string') {
      // The person running the CLI chose this kubeconfig, as with kubectl: credential plugins may run.
      const client = await connect({ kubeconfigPath: typeof values.kubeconfig === 'string' ? path.resolve(io.cwd, values.kubeconfig) : undefined, context: values.context as string | undefined, env: io.env, trusted: true });
      if (client.ok) req.live = { client: client.value };
      else io.stderr(`reconcile plan: live impact not computed: ${client.error.message}\n`);
    }
    const r = await plan(req);
    if (!r.ok) return fail(io, r.message, /not a commit|base:|head:/.test(r.message) ? EXIT_USAGE : 1);
    const p = r.plan;
    if (!p.live && (typeof values.kubeconfig === 'string' || typeof values.context === 'string')) p.live = liveNotComputed('the cluster could not be reached (see the message above)');
    if (format === 'json') io.stdout(boundedJson(p, maxBytes));
    else if (format === 'markdown') {
      const base = p.base === 'working-tree' ? 'HEAD' : p.base.commit.slice(0, 12);
      const reproduce = `reconcile plan --base ${base}${p.head === 'working-tree' ? '' : ` --head ${p.head.commit.slice(0, 12)}`} --format markdown`;
      io.stdout(maxBytes === undefined ? renderPlanMarkdown(p, { reproduce }) : splitPlanMarkdown(p, { reproduce, cap: maxBytes, measure: utf8Bytes, maxParts: 1, where: 'above' })[0]);
    } else io.stdout(boundedText(renderPlanText(p), maxBytes));
    const failed = p.apps.some((a) => a.status === 'error') || p.summary.validation.errors > 0;
    return failed ? 1 : 0;
  },
};
