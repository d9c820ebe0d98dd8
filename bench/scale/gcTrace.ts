// The garbage collector's share of the editor scan's stalls (issue 16): runs inProcess.ts on one generated repository
// in fresh processes under `--trace-gc-nvp` and prints, per run, the load average, the longest event-loop stall and
// what V8 says it paused for: scavenges (count, total and longest pause, bytes promoted to the old generation) and
// the Mark-Compact of the biggest heap (its pause, the part of that pause spent finishing the marking, and the
// marking done beside the main thread before it). Pause lengths are wall time: on a loaded machine they include
// time the process was not scheduled, so read them next to the load.
// Run: node --import tsx bench/scale/gcTrace.ts <repo-dir> [--runs N]   (generate the repository with generateMonorepo.ts)
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InProcessResult } from './inProcess';

export interface GcSummary {
  scavenges: number;
  scavengeMs: number;
  longestScavengeMs: number;
  promotedMB: number;
  /** The Mark-Compact with the largest heap before it (the scan's last one, in practice). */
  markCompact?: { heapBeforeMB: number; pauseMs: number; finalMarkMs: number; backgroundMarkMs: number; incrementalMs: number };
  longestMarkCompactMs: number;
}

/** Reads `--trace-gc-nvp` lines (`key=value` pairs separated by spaces); other lines are ignored. */
export function summariseNvp(trace: string): GcSummary {
  const s: GcSummary = { scavenges: 0, scavengeMs: 0, longestScavengeMs: 0, promotedMB: 0, longestMarkCompactMs: 0 };
  for (const line of trace.split('\n')) {
    const m = / gc=(\S+) /.exec(line);
    if (!m) continue;
    const v = new Map<string, number>();
    for (const pair of line.split(' ')) {
      const eq = pair.indexOf('=');
      if (eq > 0) v.set(pair.slice(0, eq), Number(pair.slice(eq + 1)));
    }
    const pause = v.get('pause') ?? 0;
    if (m[1] === 's') {
      s.scavenges++;
      s.scavengeMs += pause;
      s.longestScavengeMs = Math.max(s.longestScavengeMs, pause);
      s.promotedMB += (v.get('promoted') ?? 0) / 1048576;
    } else if (m[1] === 'mc') {
      s.longestMarkCompactMs = Math.max(s.longestMarkCompactMs, pause);
      const heapBeforeMB = (v.get('total_size_before') ?? 0) / 1048576;
      if (!s.markCompact || heapBeforeMB > s.markCompact.heapBeforeMB) {
        s.markCompact = { heapBeforeMB, pauseMs: pause, finalMarkMs: v.get('mark') ?? 0, backgroundMarkMs: v.get('background.mark') ?? 0, incrementalMs: v.get('incremental') ?? 0 };
      }
    }
  }
  return s;
}

function main(): void {
  const dir = process.argv[2];
  if (!dir || dir.startsWith('--')) throw new Error('usage: gcTrace.ts <repo-dir> [--runs N]');
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
  const script = path.join(__dirname, 'inProcess.ts');
  for (let r = 0; r < runs; r++) {
    const load = os.loadavg()[0];
    const out = execFileSync(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', script, dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const json = out.split('\n').find((l) => l.startsWith('{'));
    if (!json) throw new Error('inProcess.ts printed no result');
    const res = JSON.parse(json) as InProcessResult;
    const gc = summariseNvp(out);
    const mc = gc.markCompact;
    const f = (n: number) => n.toFixed(0);
    console.log(
      `run ${r + 1}: load ${load.toFixed(2)}, longest stall ${f(res.maxStallMs)} ms, scan CPU ${f(res.scanCpuMs)} ms, heap ${f(res.heapMB)} MB; ` +
        `scavenges ${gc.scavenges} (${f(gc.scavengeMs)} ms, longest ${f(gc.longestScavengeMs)} ms, ${f(gc.promotedMB)} MB promoted); ` +
        (mc ? `Mark-Compact at ${f(mc.heapBeforeMB)} MB: pause ${f(mc.pauseMs)} ms (finishing the marking ${f(mc.finalMarkMs)} ms; before it ${f(mc.backgroundMarkMs)} ms concurrent, ${f(mc.incrementalMs)} ms incremental)` : 'no Mark-Compact'),
    );
  }
}

if (require.main === module) main();
