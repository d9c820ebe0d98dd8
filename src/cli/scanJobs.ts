// `--jobs N|auto` for commands that scan a repository: how many threads (this one and N-1 workers) read, parse and
// classify its files on the first scan (src/core/index/scanPool.ts). `--jobs 1` scans in this process alone, as the
// editor does.
import { existsSync } from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { UsageError } from './command';
import { ScanPool } from '../core/index/scanPool';

/** The pool never grows past this: beyond four, taking outcomes on the main thread is the bottleneck. */
const MAX_AUTO_JOBS = 4;

/**
 * `auto`: one thread per core but one, at most MAX_AUTO_JOBS. The core left over is not idle in a one-thread run:
 * V8's garbage collector and compiler threads keep ~0.5 s of a cold validate's CPU on it (user+sys exceeds wall on
 * an idle 2-core machine). Measured on 2 cores (docs/benchmarks.md, CLI cold validate), a worker there costs
 * 0.2-0.3 s of CPU and saves no wall time, so on 2 cores `auto` scans in process.
 */
function autoJobs(cores: number): number {
  return Math.max(1, Math.min(cores - 1, MAX_AUTO_JOBS));
}

/**
 * Below this many bytes of manifests a scan stays in process: each worker costs a module load (~40 ms of CPU)
 * and the main thread still has to take its outcomes. RECONCILE_SCAN_POOL_MIN_BYTES overrides it (tests use 0).
 */
export const DEFAULT_POOL_MIN_BYTES = 2 * 1024 * 1024;

export const JOBS_USAGE = `  --jobs N|auto           threads that read and parse files (default auto: cores - 1, at most ${MAX_AUTO_JOBS}; 1 = no workers)`;

/** Threads to use: `--jobs` as given, or autoJobs; 1 means no pool. */
export function parseJobs(value: unknown, cores = availableParallelism()): number {
  if (value === undefined || value === 'auto') return autoJobs(cores);
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 64)) throw new UsageError(`--jobs expects a number of threads from 1 to 64, or auto (got '${String(value)}')`);
  return n;
}

/**
 * The worker script beside the bundle (dist/cli.scanWorker.js), or its source when the CLI runs from src/ (under
 * tsx, whose CommonJS loader the worker then requires first: threads do not inherit `--import tsx`).
 */
export function scanWorkerFile(): { workerFile: string; preload?: string } {
  const bundled = path.join(__dirname, 'cli.scanWorker.js');
  if (existsSync(bundled)) return { workerFile: bundled };
  // tsx's `tsx/cjs` export, by path: a require.resolve here would make webpack bundle tsx into the CLI.
  const project = path.resolve(__dirname, '..', '..');
  return { workerFile: path.join(project, 'src', 'core', 'index', 'scanWorker.ts'), preload: path.join(project, 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs') };
}

/** The pool for `jobs` workers, or undefined for an in-process scan; problems go to `report` (stderr). */
export function scanPool(jobs: number, env: Record<string, string | undefined>, report: (message: string) => void): ScanPool | undefined {
  if (jobs <= 1) return undefined;
  const fromEnv = env.RECONCILE_SCAN_POOL_MIN_BYTES;
  const minBytes = fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : DEFAULT_POOL_MIN_BYTES;
  // Tests put every file through a worker, a batch per file, so the pool's output is checked, not the main thread's.
  const workersOnly = env.RECONCILE_SCAN_POOL_WORKERS_ONLY === '1';
  return new ScanPool({ ...scanWorkerFile(), jobs, minBytes, onProblem: report, ...(workersOnly ? { mainIndexes: false, batchBytes: 1 } : {}) });
}
