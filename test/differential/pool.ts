// Runs async jobs a few at a time: kubectl is mostly process start-up, so two or three in flight keep
// both cores busy without starving the machine.
export async function forEachLimited<T>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  let index = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = it.next();
      if (next.done) return;
      await fn(next.value, index++);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}
