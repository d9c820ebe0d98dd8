// The CLI's first scan on several cores: worker threads (scanWorker.ts) read, parse and classify the repository's
// files in batches, taken from the end of the file list, while the main thread indexes from the front whatever no
// worker has taken yet and takes the workers' outcomes in file order: the index, and everything printed from it,
// is what a one-process scan builds. Where the two meet, the main thread waits for at most one batch. On a busy
// machine a worker that gets little CPU simply takes fewer batches. The editor does not use it (its scan is
// cooperative on the extension host and reads through workspace.fs).
//
// Outcomes come back by structured clone: documents' values are plain data (js-yaml output: objects, arrays,
// strings, numbers including NaN/Infinity/-0, booleans, null; aliases shared), which the clone keeps exactly,
// shared references and key order included. A worker that fails (crashes, runs out of memory, cannot start)
// loses no file: the pool stops, every file not yet back is indexed in process, and `onProblem` says so once.
import { ResourceLimits, Worker } from 'node:worker_threads';
import { ScanFileIndexer, ScanFileOutcome, ScanFileRequest, ScanFileResults } from './scanIndexer';

/** What a worker gets at start (workerData). */
export interface WorkerStart {
  repoUrls: string[];
}

/** Files `start`.. of the scan, for one worker to index. */
export interface WorkerBatch {
  start: number;
  files: ScanFileRequest[];
}

/** A batch's outcomes in request order; null where the worker threw (listed in `failures`): indexed in process. */
export interface WorkerReply {
  start: number;
  outcomes: Array<ScanFileOutcome | null>;
  failures: string[];
}

export interface ScanPoolOptions {
  /** The worker script: dist/cli.scanWorker.js when bundled, src/core/index/scanWorker.ts from source. */
  workerFile: string;
  /**
   * A module the worker requires before `workerFile`: from source, TypeScript's loader (tsx/cjs), which worker
   * threads do not inherit from `node --import tsx`. Unset when bundled.
   */
  preload?: string;
  /** Threads that index, the main thread included: `jobs - 1` workers are started (none below 2). */
  jobs: number;
  /** Scans of fewer bytes than this stay in process: a worker costs a module load (~30-60 ms of CPU). */
  minBytes: number;
  /** Told once when workers failed and files went back to the main thread; nothing is said otherwise. */
  onProblem?: (message: string) => void;
  /** Heap limits per worker (default: Node's). */
  resourceLimits?: ResourceLimits;
  /** False: the main thread only waits, workers index every file (tests, to put every file through a worker). */
  mainIndexes?: boolean;
  /** Bytes per batch (default 256 KB; 1 makes a batch of each file). */
  batchBytes?: number;
  /** Told at the end how many files workers and the main thread indexed. */
  onDone?: (stats: { byWorkers: number; byMain: number }) => void;
}

/** A batch ends after this many bytes or files: big enough to amortise a message, small enough to balance. */
const BATCH_BYTES = 256 * 1024;
const BATCH_FILES = 64;

function batchesOf(files: ScanFileRequest[], batchBytes: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < files.length; i++) {
    bytes += files[i].size;
    if (bytes >= batchBytes || i + 1 - start >= BATCH_FILES || i === files.length - 1) {
      out.push({ start, end: i + 1 });
      start = i + 1;
      bytes = 0;
    }
  }
  return out;
}

const reasonOf = (e: unknown) => (e instanceof Error ? `${(e as { code?: string }).code ? `${(e as { code?: string }).code}: ` : ''}${e.message}` : String(e));

class PoolRun implements ScanFileResults {
  private readonly batches: Array<{ start: number; end: number }>;
  /** Per batch: its outcomes once back, or null once it is left to the main thread. */
  private readonly done: Array<Array<ScanFileOutcome | null> | null | undefined>;
  private readonly waiting = new Map<number, () => void>();
  private readonly batchOfFile: Int32Array;
  private readonly workers = new Set<Worker>();
  /** Per batch: 0 free, 1 taken by a worker, 2 taken by the main thread. */
  private readonly taken: Uint8Array;
  /** The last batch no one has taken (workers take from the end). */
  private lastFree: number;
  private failed = false;
  private closed = false;

  constructor(
    private readonly files: ScanFileRequest[],
    repoUrls: Set<string>,
    private readonly options: ScanPoolOptions,
  ) {
    this.batches = batchesOf(files, options.batchBytes ?? BATCH_BYTES);
    this.done = new Array(this.batches.length);
    this.batchOfFile = new Int32Array(files.length);
    this.batches.forEach((b, n) => this.batchOfFile.fill(n, b.start, b.end));
    this.taken = new Uint8Array(this.batches.length);
    this.lastFree = this.batches.length - 1;
    const start: WorkerStart = { repoUrls: [...repoUrls] };
    const mainIndexes = options.mainIndexes ?? true;
    const count = Math.min(options.jobs - 1, this.batches.length - (mainIndexes ? 1 : 0));
    for (let i = 0; i < count && !this.failed; i++) this.spawn(start);
  }

  private spawn(start: WorkerStart): void {
    let worker: Worker;
    try {
      const { workerFile, preload, resourceLimits } = this.options;
      const options = { workerData: start, resourceLimits, stdout: false, stderr: false };
      worker = preload ? new Worker(`require(${JSON.stringify(preload)});\nrequire(${JSON.stringify(workerFile)});`, { ...options, eval: true }) : new Worker(workerFile, options);
    } catch (e) {
      this.fail(`could not start: ${reasonOf(e)}`);
      return;
    }
    this.workers.add(worker);
    let current = -1;
    const feed = () => {
      while (this.lastFree >= 0 && this.taken[this.lastFree] !== 0) this.lastFree--;
      if (this.failed || this.closed || this.lastFree < 0) {
        this.stop(worker);
        return;
      }
      current = this.lastFree;
      this.taken[current] = 1;
      const b = this.batches[current];
      const batch: WorkerBatch = { start: b.start, files: this.files.slice(b.start, b.end) };
      worker.postMessage(batch);
    };
    worker.on('message', (reply: WorkerReply) => {
      if (this.failed) return;
      const n = this.batchOfFile[reply.start];
      this.settle(n, reply.outcomes);
      if (reply.failures.length) this.options.onProblem?.(`a scan worker could not index ${reply.failures.join('; ')}; indexed in this process instead`);
      current = -1;
      feed();
    });
    worker.on('error', (e) => this.fail(reasonOf(e)));
    worker.on('exit', (code) => {
      const expected = !this.workers.has(worker);
      this.workers.delete(worker);
      if (!expected && !this.closed) this.fail(current >= 0 ? `exited with code ${code} during a batch` : `exited with code ${code}`);
    });
    feed();
  }

  private stop(worker: Worker): void {
    if (!this.workers.delete(worker)) return;
    void worker.terminate();
  }

  private settle(n: number, outcomes: Array<ScanFileOutcome | null> | null): void {
    if (this.done[n] !== undefined) return;
    this.done[n] = outcomes;
    const wake = this.waiting.get(n);
    if (wake) {
      this.waiting.delete(n);
      wake();
    }
  }

  private fail(reason: string): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    let left = 0;
    this.batches.forEach((b, n) => {
      if (this.done[n] === undefined) {
        left += b.end - b.start;
        this.settle(n, null);
      }
    });
    for (const w of [...this.workers]) this.stop(w);
    this.options.onProblem?.(`a scan worker failed (${reason}); indexing the remaining ${left} of ${this.files.length} files in this process`);
  }

  async outcome(i: number): Promise<ScanFileOutcome | undefined> {
    const n = this.batchOfFile[i];
    if (this.taken[n] === 0 && (this.options.mainIndexes ?? true)) {
      // No worker has it: the main thread indexes it.
      this.taken[n] = 2;
      this.settle(n, null);
    }
    if (this.done[n] === undefined) await new Promise<void>((resolve) => this.waiting.set(n, resolve));
    const outcomes = this.done[n];
    return outcomes ? (outcomes[i - this.batches[n].start] ?? undefined) : undefined;
  }

  close(): void {
    if (!this.closed && this.options.onDone) {
      let byWorkers = 0;
      this.batches.forEach((b, n) => {
        if (this.taken[n] === 1 && this.done[n]) byWorkers += this.done[n]!.filter((o) => o !== null).length;
      });
      this.options.onDone({ byWorkers, byMain: this.files.length - byWorkers });
    }
    this.closed = true;
    for (const w of [...this.workers]) this.stop(w);
    // Anyone still waiting indexes in process.
    this.batches.forEach((_, n) => this.settle(n, this.done[n] ?? null));
  }
}

export class ScanPool implements ScanFileIndexer {
  constructor(private readonly options: ScanPoolOptions) {}

  start(files: ScanFileRequest[], repoUrls: Set<string>): ScanFileResults | undefined {
    if (this.options.jobs < 2 || files.length === 0) return undefined;
    let bytes = 0;
    for (const f of files) bytes += f.size;
    if (bytes < this.options.minBytes) return undefined;
    return new PoolRun(files, repoUrls, this.options);
  }
}
