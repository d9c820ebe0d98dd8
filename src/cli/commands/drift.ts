// `reconcile drift [path]`: compare what Git says (a folder, a kustomization, a Flux Kustomization or an
// Argo CD Application file) with what the cluster runs. Read-only: lists and server-side dry-run only.
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot } from '../repo';
import { connect } from '../../core/cluster/client';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { desiredSetFor } from '../../core/diff/desiredSet';
import { driftExitCode, formatDriftText, toDriftJson } from '../../core/diff/report';
import { runDrift } from '../../core/diff/runDrift';

const USAGE = `Usage: reconcile drift [path] [--kubeconfig F] [--context C] [--namespace N] [--format text|json] [--no-dry-run]

Compares the desired state in Git with the live state in a cluster and lists what differs.
path is a directory (a kustomization is rendered; otherwise its manifests are read), a manifest file,
or a Flux Kustomization / Argo CD Application file (its path is rendered, its target namespace used,
objects labelled as belonging to it but no longer in Git are reported as extra, and an Application's
spec.ignoreDifferences is honoured). Default: '.'.

Reconcile never writes to the cluster: it lists each kind once (paginated) and asks the server for a
server-side dry-run apply of each object (PATCH, dryRun=All) to see defaults as the server fills them.
When dry-run is forbidden it falls back to client-side normalization and says so. Secret values are
never printed: they appear as masks (+++++++++), equal masks for equal values.

  --kubeconfig F   kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
  --context C      context to use (default: the kubeconfig's current-context)
  --namespace N    namespace for objects that name none (default: the app's target namespace, else the context's)
  --format F       text (default) or json
  --no-dry-run     compare client-side only (no PATCH requests at all)

Exit codes: 0 in sync, 1 drift found, 2 error (or nothing drifted but some kinds could not be read).`;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export const driftCommand: CliCommand = {
  name: 'drift',
  summary: 'Compare Git with a live cluster (read-only; Secrets masked)',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, unknown>;
    let positionals: string[];
    let format: 'text' | 'json';
    try {
      ({ values, positionals } = parseCommandArgs(args, {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        format: { type: 'string' },
        'no-dry-run': { type: 'boolean' },
      }));
      format = oneOf(values.format, ['text', 'json'] as const, 'format', 'text');
      if (positionals.length > 1) throw new UsageError('drift takes one path');
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile drift: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const target = path.resolve(io.cwd, positionals[0] ?? '.');
    if (!fs.existsSync(target)) {
      io.stderr(`reconcile drift: ${target} does not exist\n`);
      return EXIT_USAGE;
    }
    const startDir = fs.statSync(target).isDirectory() ? target : path.dirname(target);
    const root = (await findRepoRoot(startDir)) ?? startDir;
    const rel = toPosix(path.relative(root, target));
    const desired = await desiredSetFor(nodeFileSystem, toPosix(root), rel);
    if (!desired.ok) {
      io.stderr(`reconcile drift: ${desired.error}\n`);
      return 2;
    }
    const kubeconfig = typeof values.kubeconfig === 'string' ? path.resolve(io.cwd, values.kubeconfig) : undefined;
    // The person running the CLI chose this kubeconfig, as with kubectl: credential plugins may run.
    const client = await connect({ kubeconfigPath: kubeconfig, context: values.context as string | undefined, env: io.env, trusted: true });
    if (!client.ok) {
      io.stderr(`reconcile drift: ${client.error.message}\n`);
      return 2;
    }
    const run = await runDrift(client.value, {
      desired: desired.value.manifests,
      defaultNamespace: (values.namespace as string | undefined) ?? desired.value.defaultNamespace,
      namespaceOverride: desired.value.namespaceOverride,
      owner: desired.value.owner,
      ignore: desired.value.ignore,
      dryRun: values['no-dry-run'] ? 'off' : 'auto',
    });
    if (!run.ok) {
      const hint = run.error.kind === 'unauthorized' ? ' (check the credentials of this context)' : '';
      io.stderr(`reconcile drift: cluster ${client.value.server} (context ${client.value.context}): ${run.error.message}${hint}\n`);
      return 2;
    }
    const report = run.value.report;
    if (format === 'json') {
      io.stdout(JSON.stringify(toDriftJson(report), null, 2) + '\n');
      for (const note of report.notes) io.stderr(`note: ${note}\n`);
    } else {
      io.stdout(formatDriftText(report, [`Context ${client.value.context} (${client.value.server}); desired: ${desired.value.description}`]));
    }
    return driftExitCode(report);
  },
};
