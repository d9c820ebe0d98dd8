// The longest event-loop stall while something runs: a 1 ms timer notes how late it fires. What the rest of the
// process (the extension host) waits for at worst; compare with the same monitor while idle (machine noise).
export interface StallMonitor {
  /** Stops the timer; the longest gap between two ticks (or since the last tick), in milliseconds. */
  stop(): number;
}

export function startStallMonitor(): StallMonitor {
  let last = performance.now();
  let maxStall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(tick);
      return Math.max(maxStall, performance.now() - last);
    },
  };
}
