// `reconcile tfplan PLAN.json`: a Terraform plan (`terraform show -json` output) as a summary and per-resource
// attribute changes, in text, JSON or Markdown. Sensitive values, which the plan file holds in plain text, are
// never printed. Resources are linked to the line that declares them when the Terraform sources are at hand.
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot, realTarget, repoRelative } from '../repo';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { indexTerraform } from '../../core/terraform/terraformIndex';
import { readPlanJson } from '../../core/terraform/plan/planJson';
import { buildPlanView } from '../../core/terraform/plan/planView';
import { attachSources, formatPlanMarkdown, formatPlanText, planJsonReport } from '../../core/terraform/plan/formatPlan';

const USAGE = `Usage: reconcile tfplan PLAN.json [--format text|json|markdown] [--source DIR | --no-source]

Reads a Terraform or OpenTofu plan in JSON (\`terraform show -json PLANFILE > plan.json\`; '-' reads standard
input) and prints the summary (add, change, destroy, replace, read, forget, moved, import), each resource's
attribute changes (values known after apply, what forces a replacement, moves), changes made outside Terraform
(resource_drift) and output changes. Values marked sensitive in the plan are shown as (sensitive), in every format.

  --format F    text (default), json or markdown (for a pull request comment)
  --source DIR  the root module the plan was made in, to link resources to their declaring line
                (default: the plan file's directory, when it holds Terraform files)
  --no-source   do not read Terraform sources

Exit codes: 0 plan read, 1 the plan itself errored (incomplete), 2 bad input.`;

export const tfplanCommand: CliCommand = {
  name: 'tfplan',
  summary: 'Summarise a Terraform plan (terraform show -json); secrets stay masked',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, string | boolean | string[] | undefined>;
    let positionals: string[];
    let format: 'text' | 'json' | 'markdown';
    try {
      ({ values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, source: { type: 'string' }, 'no-source': { type: 'boolean' } }));
      format = oneOf(values.format, ['text', 'json', 'markdown'] as const, 'format', 'text');
      if (positionals.length !== 1) throw new UsageError('tfplan takes one plan file (or - for standard input)');
      if (values.source !== undefined && values['no-source']) throw new UsageError('--source and --no-source exclude each other');
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile tfplan: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const file = positionals[0];
    let text: string;
    try {
      if (file === '-') {
        if (!io.stdin) throw new Error('no standard input');
        text = await io.stdin();
      } else text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
    } catch (e) {
      io.stderr(`reconcile tfplan: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
    const read = readPlanJson(text);
    if (!read.ok) {
      io.stderr(`reconcile tfplan: ${file}: ${read.error}\n`);
      return EXIT_USAGE;
    }
    const view = buildPlanView(read.plan);

    if (!values['no-source']) {
      const sourceArg = typeof values.source === 'string' ? values.source : file === '-' ? undefined : path.dirname(file);
      const dir = sourceArg === undefined ? undefined : realTarget(io.cwd, sourceArg);
      if (typeof values.source === 'string' && (!dir || !fs.statSync(dir).isDirectory())) {
        io.stderr(`reconcile tfplan: --source ${values.source} is not a directory\n`);
        return EXIT_USAGE;
      }
      if (dir) {
        const root = (await findRepoRoot(dir)) ?? dir;
        const rootDir = repoRelative(root, dir) ?? '';
        const index = await indexTerraform(root, nodeFileSystem);
        if (index.modules.has(rootDir)) attachSources(view, index, rootDir);
        else if (typeof values.source === 'string') io.stderr(`note: ${values.source} holds no Terraform files; resources are not linked to sources\n`);
      }
    }

    if (format === 'json') io.stdout(JSON.stringify(planJsonReport(view), null, 2) + '\n');
    else if (format === 'markdown') io.stdout(formatPlanMarkdown(view));
    else io.stdout(formatPlanText(view));
    return view.errored ? 1 : 0;
  },
};
