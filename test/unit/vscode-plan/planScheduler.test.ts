// The Change Impact view's scheduling: a burst of changes gives one plan after the pause, a change while a
// plan runs cancels it, and only the latest run's result is published.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlanScheduler, RunToken } from '../../../src/vscode/plan/planScheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `done` (a loaded machine runs timers late: no fixed sleep decides a result). */
async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(10);
}

/** A plan that takes `ms` and checks its token between steps, as the core does. */
function slowRun(ms: number, log: string[]) {
  let n = 0;
  return async (token: RunToken): Promise<string | undefined> => {
    const id = `run${++n}`;
    log.push(`start ${id}`);
    for (let t = 0; t < ms; t += 5) {
      await sleep(5);
      if (token.isCancellationRequested) {
        log.push(`cancelled ${id}`);
        return undefined;
      }
    }
    log.push(`end ${id}`);
    return id;
  };
}

describe('PlanScheduler', () => {
  it('debounces a burst of changes into one run after the pause', async () => {
    const log: string[] = [];
    const published: string[] = [];
    // A long pause against short gaps: timers that run late on a loaded machine do not fire it early.
    const s = new PlanScheduler(slowRun(10, log), () => 300, (r) => published.push(r));
    for (let i = 0; i < 5; i++) {
      s.schedule();
      await sleep(10);
    }
    assert.deepEqual(log, [], 'nothing runs while changes keep coming');
    await until(() => published.length > 0);
    await sleep(100);
    assert.deepEqual(log, ['start run1', 'end run1']);
    assert.deepEqual(published, ['run1']);
    assert.equal(s.stats.started, 1);
    s.dispose();
  });

  it('a change while a plan runs cancels it; only the newer result is published', async () => {
    const log: string[] = [];
    const published: string[] = [];
    const s = new PlanScheduler(slowRun(100, log), () => 20, (r) => published.push(r));
    const first = s.runNow();
    await sleep(30);
    s.schedule();
    const firstResult = await first;
    assert.equal(firstResult, undefined, 'the cancelled run resolves without a result of its own');
    await until(() => published.length > 0);
    assert.deepEqual(log, ['start run1', 'cancelled run1', 'start run2', 'end run2']);
    assert.deepEqual(published, ['run2']);
    assert.deepEqual(s.stats, { started: 2, cancelled: 1 });
    s.dispose();
  });

  it('runNow superseded by another runNow resolves with the newer result', async () => {
    const log: string[] = [];
    const s = new PlanScheduler(slowRun(30, log), () => 1000, () => undefined);
    const a = s.runNow();
    await sleep(10);
    const b = s.runNow();
    assert.equal(await a, 'run2');
    assert.equal(await b, 'run2');
    s.dispose();
  });

  it('after dispose nothing runs', async () => {
    const log: string[] = [];
    const s = new PlanScheduler(slowRun(5, log), () => 10, () => undefined);
    s.schedule();
    s.dispose();
    await sleep(40);
    assert.equal(await s.runNow(), undefined);
    assert.deepEqual(log, []);
  });
});
