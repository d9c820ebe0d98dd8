// Runs the real `reconcile` CLI in a child process (node + tsx on src/cli/bin.ts), the way CI pipelines
// run it: real argv, cwd, exit code, stdout/stderr and standard input, optionally a real pipe from
// another program (`kubectl kustomize dir | reconcile validate -`).
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { configure, git } from './git/tempRepo';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(PROJECT_ROOT, 'src', 'cli', 'bin.ts');
// Absolute: `--import tsx` resolves from the child's cwd, which is a temp repository.
const TSX = pathToFileURL(require.resolve('tsx')).href;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to this process's environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** Written to the CLI's standard input, which is then closed. Without it, stdin is closed at once. */
  input?: string;
  /** A program whose standard output is piped (an OS pipe) into the CLI's standard input. */
  pipeFrom?: { command: string; args: string[] };
  timeoutMs?: number;
}

export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const producer = opts.pipeFrom ? spawn(opts.pipeFrom.command, opts.pipeFrom.args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] }) : undefined;
    let producerErr = '';
    producer?.stderr?.on('data', (d: Buffer) => (producerErr += d.toString()));
    producer?.on('error', reject);
    const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], {
      cwd: opts.cwd,
      env,
      stdio: [producer ? producer.stdout! : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if (!producer) child.stdin!.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: producerErr ? `${producerErr}${stderr}` : stderr });
    });
  });
}

/** A git work tree in a temp folder with `files` written (and the ones not ignored committed), like a user's checkout. */
export async function initRepo(files: Record<string, string | Uint8Array>, prefix = 'reconcile-cli-'): Promise<string> {
  const dir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), prefix)));
  git(dir, 'init', '-q', '-b', 'main');
  configure(dir);
  for (const [rel, content] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fsp.writeFile(path.join(dir, rel), content);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'manifests');
  return dir;
}

/** The 1-based line of the first line of `text` containing `needle`: expected positions come from the input itself. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' is not in the text`);
  return i + 1;
}
