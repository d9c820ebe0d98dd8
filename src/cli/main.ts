// `reconcile` command-line entry: dispatches to one file per subcommand under ./commands.
import { CliCommand, CliIO, EXIT_USAGE } from './command';
import { readProcessStdin } from './stdin';
import { VERSION } from '../version';
import { indexCommand } from './commands/index';
import { validateCommand } from './commands/validate';
import { prCommand } from './commands/pr';
import { driftCommand } from './commands/drift';
import { renderCommand } from './commands/render';
import { historyCommand } from './commands/history';
import { revertCommand } from './commands/revert';
import { planCommand } from './commands/plan';
import { atlantisCommand } from './commands/atlantis';
import { tfplanCommand } from './commands/tfplan';
// <cli-imports> (one import per command; keep this marker)

const commands: CliCommand[] = [
  indexCommand,
  validateCommand,
  prCommand,
  driftCommand,
  renderCommand,
  historyCommand,
  revertCommand,
  planCommand,
  atlantisCommand,
  tfplanCommand,
  // <cli-commands> (one entry per command; keep this marker)
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
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`reconcile: unknown command '${name}'.\n\n${help()}\n`);
    return EXIT_USAGE;
  }
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
