// Benchmark: `plan` on a generated repository of 35 kustomizations sharing bases (built from corpus
// documents): a one-line edit to a shared base included by 10 overlays of 500 objects each. Measures the
// re-plan after a keystroke (the editor path: cache kept, unsaved buffer overlaid, the changed file known)
// and a cold plan as the CLI runs it (fresh process, git diff, both indexes, validation), and prints
// median and p95 with how many apps rendered against how many were affected.
// Usage: node --import tsx bench/plan/run.ts [--runs N] [--heavy N] [--objects N] [--light N]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { plan, PlanRequest } from '../../src/core/plan/plan';
import { PlanCache } from '../../src/core/plan/planCache';
import { FileSystem } from '../../src/core/types';
import { fmt, median, percentile } from '../support/stats';
import { generateRepo } from './generateRepo';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 20);
const repo = generateRepo({ heavyApps: arg('heavy', 10), sharedObjects: arg('objects', 500), lightApps: arg('light', 25), lightObjects: 20 });

/** The working tree with the unsaved buffers on top, as the editor passes it. */
function overlay(buffers: Map<string, string>): FileSystem {
  const text = (p: string) => buffers.get(path.posix.relative(repo.dir, p));
  return {
    ...nodeFileSystem,
    readFile: (p) => {
      const t = text(p);
      return t === undefined ? nodeFileSystem.readFile(p) : Promise.resolve(new TextEncoder().encode(t));
    },
    stat: (p) => {
      const t = text(p);
      return t === undefined ? nodeFileSystem.stat(p) : Promise.resolve({ type: 'file' as const, size: t.length });
    },
  };
}

async function keystrokes(): Promise<void> {
  const original = execFileSync('git', ['show', `HEAD:${repo.editFile}`], { cwd: repo.dir, encoding: 'utf8' });
  const cache = new PlanCache();
  const buffers = new Map<string, string>();
  const fs = overlay(buffers);
  // The editor's index, kept current by re-indexing the edited buffer (part of each keystroke's cost here).
  const index = new RepositoryIndex({ root: repo.dir, fs });
  await index.scan();
  const times: number[] = [];
  const cpu: number[] = [];
  let rendered = 0;
  let affected = 0;
  for (let i = 0; i <= RUNS; i++) {
    const e = repo.editLine(i + 1);
    const text = original.replace(e.from, e.to);
    const t = performance.now();
    const c = process.cpuUsage();
    buffers.set(repo.editFile, text);
    await index.updateFile(repo.editFile, text);
    const req: PlanRequest = { repoRoot: repo.dir, cache, head: { kind: 'working-tree', fs, index }, changedFiles: [repo.editFile] };
    const r = await plan(req);
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    if (!r.ok) throw new Error(r.message);
    if (i === 0) {
      console.log(`first plan (cache empty, both sides render): ${fmt(ms, 0)} ms; ${r.plan.stats.appsAffected} of ${r.plan.stats.appsTotal} apps affected, ${r.plan.stats.rendersRun} renders`);
      continue;
    }
    times.push(ms);
    // CPU time of this process (wall time includes whatever else the machine runs).
    cpu.push((used.user + used.system) / 1000);
    rendered = r.plan.stats.rendersRun;
    affected = r.plan.stats.appsAffected;
    const objects = r.plan.apps.reduce((n, a) => n + a.objects.length, 0);
    if (objects !== repo.heavyApps) throw new Error(`expected ${repo.heavyApps} changed objects, got ${objects}`);
  }
  console.log(`re-plan after a keystroke (${RUNS} runs): median ${fmt(median(times), 0)} ms, p95 ${fmt(percentile(times, 95), 0)} ms wall; CPU median ${fmt(median(cpu), 0)} ms, p95 ${fmt(percentile(cpu, 95), 0)} ms; apps rendered ${rendered} (head only; base cached) of ${affected} affected, ${repo.heavyApps + repo.lightApps} apps in the repository`);
}

function cold(): void {
  const file = path.join(repo.dir, repo.editFile);
  execFileSync('sh', ['-c', `sed -i 's/revision: "0"/revision: "cold"/' "${file}"`]);
  const cli = path.resolve(__dirname, '..', '..', 'src', 'cli', 'bin.ts');
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const runs = Math.max(3, Math.ceil(RUNS / 4));
  // CPU time of the child from /usr/bin/time when present: wall time includes whatever else the machine runs.
  const time = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'bench-cpu %U %S'] : [];
  for (const [label, extra] of [['with validation', []], ['--no-validate', ['--no-validate']]] as const) {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const args = [...time, process.execPath, '--import', tsx, cli, 'plan', '--format', 'json', ...extra];
      const r = spawnSync(args[0], args.slice(1), { cwd: repo.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      times.push(performance.now() - t);
      // Exit 1 (validation errors in corpus documents) is a finished plan; anything else is not.
      if (r.status !== 0 && r.status !== 1) throw new Error(`reconcile plan failed (${r.status}): ${r.stderr}`);
      const planned = JSON.parse(r.stdout) as { stats: { appsAffected: number } };
      if (planned.stats.appsAffected !== repo.heavyApps) throw new Error(`the CLI planned ${planned.stats.appsAffected} apps`);
      const m = /bench-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
      if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    }
    const cpuText = cpu.length ? `; CPU median ${fmt(median(cpu), 0)} ms, p95 ${fmt(percentile(cpu, 95), 0)} ms` : '';
    console.log(`CLI plan cold, ${label} (${runs} fresh processes, tsx startup included): median ${fmt(median(times), 0)} ms, p95 ${fmt(percentile(times, 95), 0)} ms wall${cpuText}`);
  }
}

async function main(): Promise<void> {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  console.log(`repository: ${repo.heavyApps} overlays sharing a base of ${repo.sharedObjects} objects, ${repo.lightApps} overlays with their own base; edit: one line of ${repo.editFile}`);
  try {
    await keystrokes();
    cold();
  } finally {
    repo.cleanup();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
