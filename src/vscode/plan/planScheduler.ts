// When the Change Impact view plans: a burst of keystrokes gives one plan once typing pauses (debounced),
// a new keystroke cancels the plan already running (its result would be stale), and only the latest
// run's result is published. No `vscode` import (unit-tested).

export class RunToken {
  private cancelled = false;
  get isCancellationRequested(): boolean {
    return this.cancelled;
  }
  cancel(): void {
    this.cancelled = true;
  }
}

export class PlanScheduler<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: RunToken | undefined;
  private latest: Promise<T | undefined> | undefined;
  private disposed = false;
  /** Runs started, and runs cancelled before they ended (measures for tests and the log). */
  readonly stats = { started: 0, cancelled: 0 };

  /**
   * `run` does the work and returns undefined when it saw the token cancelled; `publish` gets the result
   * of a run nothing superseded.
   */
  constructor(
    private readonly run: (token: RunToken) => Promise<T | undefined>,
    private readonly delayMs: () => number,
    private readonly publish: (result: T) => void,
  ) {}

  /** Something changed: cancel what runs and plan once things are quiet for `delayMs`. */
  schedule(): void {
    if (this.disposed) return;
    this.cancelRunning();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, this.delayMs());
  }

  get pending(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** Plans now; resolves with this run's result, or with the result of the run that superseded it. */
  runNow(): Promise<T | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cancelRunning();
    const token = new RunToken();
    this.running = token;
    this.stats.started++;
    const p: Promise<T | undefined> = this.run(token).then(
      (r): T | undefined | Promise<T | undefined> => {
        if (this.running === token) this.running = undefined;
        if (token.isCancellationRequested || r === undefined) return this.latest !== p && this.latest ? this.latest : undefined;
        this.publish(r);
        return r;
      },
      (err: unknown) => {
        if (this.running === token) this.running = undefined;
        throw err;
      },
    );
    this.latest = p;
    return p;
  }

  private cancelRunning(): void {
    if (!this.running) return;
    this.running.cancel();
    this.stats.cancelled++;
    this.running = undefined;
  }

  /** Cancels the pending and the running plan (the view was hidden, or the feature turned off). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cancelRunning();
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }
}
