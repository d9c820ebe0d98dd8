// A scan worker (worker_threads): reads, parses and classifies the files the pool sends, in batches, and posts
// each batch's outcomes back in request order. Its own webpack entry (dist/cli.scanWorker.js); run from source
// as this .ts file. See scanPool.ts for the protocol and what happens when a worker fails.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { indexReadFile, ScanFileOutcome } from './scanIndexer';
import type { WorkerBatch, WorkerReply, WorkerStart } from './scanPool';

const port = parentPort;
if (!port) throw new Error('scanWorker.ts runs as a worker thread (see scanPool.ts)');
const { repoUrls } = workerData as WorkerStart;
const urls = new Set(repoUrls);

port.on('message', (batch: WorkerBatch) => {
  void (async () => {
    const outcomes: Array<ScanFileOutcome | null> = [];
    const failures: string[] = [];
    for (const request of batch.files) {
      try {
        outcomes.push(await indexReadFile(request, readFileSync, urls));
      } catch (e) {
        // Left to the main thread, which indexes it as a one-process run would (and fails the same way if it must).
        outcomes.push(null);
        failures.push(`${request.path}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const reply: WorkerReply = { start: batch.start, outcomes, failures };
    port.postMessage(reply);
  })();
});
