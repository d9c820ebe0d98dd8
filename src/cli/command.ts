// The contract every CLI subcommand implements. Commands return an exit code; they never call process.exit.

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** The whole of standard input, for `validate -`; absent where there is none (tests calling main directly). */
  stdin?: () => Promise<string>;
}

export interface CliCommand {
  name: string;
  /** One line for `reconcile --help`. */
  summary: string;
  /** Full usage text for `reconcile <name> --help`. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit code for usage errors, shared by every command. */
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
