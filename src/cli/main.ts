// `reconcile` command-line entry: dispatches to one file per subcommand under ./commands.
import { CliCommand, CliIO, EXIT_USAGE } from './command';
import { readProcessStdin } from './stdin';
import { VERSION } from '../version';

/**
 * A subcommand as `reconcile --help` lists it; `load` imports its module only when it runs, so a run evaluates
 * that command's code and no other's (the bundle splits each into a chunk: the Kubernetes client, git, Terraform
 * and the renderer stay unread by `reconcile validate`). `summary` must equal the module's own (a test checks).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'index', summary: 'List the manifests, objects, kustomizations and apps of a repository', load: async () => (await import('./commands/index')).indexCommand },
  { name: 'validate', summary: 'Check manifests offline (paths, or - for stdin): schemas, removed APIs, references, selectors', load: async () => (await import('./commands/validate')).validateCommand },
  { name: 'pr', summary: 'Open a pull request with chosen manifest changes (branch, commit, push, forge API)', load: async () => (await import('./commands/pr')).prCommand },
  { name: 'drift', summary: 'Compare Git with a live cluster (read-only; Secrets masked)', load: async () => (await import('./commands/drift')).driftCommand },
  { name: 'render', summary: 'Render a kustomization, folder or Flux Kustomization to YAML (like kustomize build)', load: async () => (await import('./commands/render')).renderCommand },
  { name: 'history', summary: 'Commits that changed an object as rendered (base, patches, image tags), with changed fields', load: async () => (await import('./commands/history')).historyCommand },
  { name: 'revert', summary: 'Open a pull request that rolls back one commit (revert, or restore when it conflicts)', load: async () => (await import('./commands/revert')).revertCommand },
  { name: 'plan', summary: 'What a change does once rendered: per app, objects created/changed/deleted (base → head)', load: async () => (await import('./commands/plan')).planCommand },
  { name: 'atlantis', summary: 'Atlantis: projects a change would autoplan; atlantis.yaml problems', load: async () => (await import('./commands/atlantis')).atlantisCommand },
  { name: 'tfplan', summary: 'Summarise a Terraform plan (terraform show -json); secrets stay masked', load: async () => (await import('./commands/tfplan')).tfplanCommand },
  // <cli-commands> (one entry per command, its module imported in `load`; keep this marker)
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `reconcile ${VERSION}: GitOps repository checks (index, validate, render, drift, pull requests).`,
    '',
    'Usage: reconcile <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Paths named on the command line are checked even when a .gitignore ignores them (ignore rules apply',
    'only to what a named directory holds); `reconcile validate -` reads a YAML stream from standard input',
    '(`kustomize build overlays/prod | reconcile validate -`), reported as "stdin" or --stdin-name NAME.',
    'Finding no manifest at all exits 2, never 0.',
    '',
    'Run `reconcile <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help() + '\n');
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`reconcile: unknown command '${name}'.\n\n${help()}\n`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  return command.run(rest, io);
}

/** Runs the CLI on this process's arguments and streams; src/cli/bin.ts (the bundle's entry) calls it. */
export function runFromProcess(): void {
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdin: readProcessStdin,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`reconcile: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runFromProcess();
