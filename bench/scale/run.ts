// Scale benchmark: generated monorepos of 1k, 10k and 100k objects (bench/scale/generateMonorepo.ts, real corpus
// documents renamed, 20 per file). For each size, in the same run:
//   - the floor: a cold Node process that reads every manifest with Node's fs and parses it with js-yaml loadAll;
//   - cold CLI `reconcile index` and `reconcile validate` (node dist/cli.js, process start included);
//   - what the editor does on a first scan, in a fresh Node process: the index scan (longest event-loop stall),
//     the GitOps Resources tree's first level, one app expanded, everything expanded; memory;
//   - what the editor does after the scan, in another fresh process (bench/scale/editorAfterScan.ts): building the
//     validator, the first validation of the folder, a validation with every file cached, and edits (the index
//     update with the derived views read, then the re-validation): wall, CPU and the longest event-loop stall.
// Wall time, CPU time (user+sys) and peak RSS per process, medians of --runs (spread min-max), load average.
// Run: npm run bench:scale [-- --runs N] [--sizes 1000,10000,100000] [--build]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, median } from '../support/stats';
import { generateMonorepo, Monorepo } from './generateMonorepo';
import type { InProcessResult } from './inProcess';
import type { AfterScanResult, PhaseCost } from './editorAfterScan';

const PROJECT = path.resolve(__dirname, '..', '..');
const CLI = path.join(PROJECT, 'dist', 'cli.js');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 3);
const SIZES = (arg('--sizes') ?? '1000,10000,100000').split(',').map(Number);
const TIME = '/usr/bin/time';

interface ProcessCost {
  wallS: number;
  cpuS: number;
  rssMB: number;
  exit: number;
}

/** Runs a command under /usr/bin/time (GNU): wall, user+sys and peak RSS of the process and its children. */
function measured(cmd: string, args: string[], cwd: string): ProcessCost {
  const r = spawnSync(TIME, ['-f', 'RECONCILE_TIME %e %U %S %M', cmd, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const line = r.stderr.split('\n').find((l) => l.startsWith('RECONCILE_TIME '));
  if (!line) throw new Error(`${cmd} ${args.join(' ')} gave no timing: ${r.stderr.slice(0, 500)}`);
  const [wall, user, sys, rssKB] = line.split(' ').slice(1).map(Number);
  return { wallS: wall, cpuS: user + sys, rssMB: rssKB / 1024, exit: r.status ?? -1 };
}

// The floor as a cold process too: Node's fs and js-yaml over the same manifest files, nothing else.
const FLOOR_SCRIPT = `
const fs = require('fs'), path = require('path'), yaml = require(process.env.JS_YAML);
let docs = 0, bytes = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  const p = path.join(d, e.name);
  if (e.isDirectory()) { if (e.name !== '.git') walk(p); }
  else if (/\\.ya?ml$/.test(e.name)) { const t = fs.readFileSync(p, 'utf8'); bytes += t.length; docs += yaml.loadAll(t, undefined, { schema: yaml.CORE_SCHEMA }).length; }
} };
walk('.');
if (docs === 0) process.exit(3);
`;

function spread(xs: number[], digits = 1): string {
  return `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}-${fmt(Math.max(...xs), digits)})`;
}

function load(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

function inProcess(dir: string): InProcessResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'inProcess.ts'), dir], { cwd: PROJECT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!) as InProcessResult;
}

function afterScan(dir: string): AfterScanResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'editorAfterScan.ts'), dir, '5'], { cwd: PROJECT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').pop()!) as AfterScanResult;
}

function main(): void {
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for CPU time and peak RSS: apt-get install time`);
  if (process.argv.includes('--build') || !fs.existsSync(CLI)) execFileSync('npm', ['run', '-s', 'build'], { cwd: PROJECT, stdio: 'inherit' });
  process.env.JS_YAML = require.resolve('js-yaml', { paths: [PROJECT] }); // read by the floor script
  console.log(`Scale benchmark: ${RUNS} runs per size, medians (min-max); node ${process.version}, ${os.cpus().length} cores`);
  console.log(`CLI: ${path.relative(PROJECT, CLI)} built ${fs.statSync(CLI).mtime.toISOString()}; load average at start ${load()}`);
  const rows: string[] = [];
  for (const size of SIZES) {
    const repo: Monorepo = generateMonorepo(size);
    const files = repo.objectFiles + repo.kustomizations;
    console.log(`\n${size} objects: ${files} files (${repo.kustomizations} kustomizations), ${fmt(repo.bytes / 1024 / 1024)} MB at ${repo.dir}`);
    const floor: ProcessCost[] = [];
    const index: ProcessCost[] = [];
    const validate: ProcessCost[] = [];
    const editor: InProcessResult[] = [];
    const after: AfterScanResult[] = [];
    for (let r = 0; r < RUNS; r++) {
      floor.push(measured(process.execPath, ['-e', FLOOR_SCRIPT], repo.dir));
      if (floor[floor.length - 1].exit !== 0) throw new Error(`the floor script failed (exit ${floor[floor.length - 1].exit})`);
      // JSON output: what CI keeps; text would add formatting only.
      index.push(measured(process.execPath, [CLI, 'index', '.', '--format', 'json'], repo.dir));
      validate.push(measured(process.execPath, [CLI, 'validate', '.', '--format', 'json'], repo.dir));
      editor.push(inProcess(repo.dir));
      after.push(afterScan(repo.dir));
    }
    for (const [label, c] of [['floor: node fs + js-yaml loadAll', floor], ['reconcile index', index], ['reconcile validate', validate]] as const) {
      const exits = [...new Set(c.map((x) => x.exit))].join('/');
      console.log(
        `  ${label.padEnd(34)} wall ${spread(c.map((x) => x.wallS), 2)} s  cpu ${spread(c.map((x) => x.cpuS), 2)} s  peak RSS ${spread(c.map((x) => x.rssMB), 0)} MB  exit ${exits}`,
      );
    }
    const cpuRatio = (c: ProcessCost[]) => fmt(median(c.map((x) => x.cpuS)) / median(floor.map((x) => x.cpuS)), 1);
    console.log(`  cpu vs floor: index ${cpuRatio(index)}x, validate ${cpuRatio(validate)}x`);
    const e = (f: (x: InProcessResult) => number, digits = 0) => spread(editor.map(f), digits);
    console.log(`  editor scan (in-process)           wall ${e((x) => x.scanMs)} ms  cpu ${e((x) => x.scanCpuMs)} ms  longest stall ${e((x) => x.maxStallMs)} ms`);
    console.log(`  editor memory after scan           rss ${e((x) => x.rssMB)} MB  peak ${e((x) => x.peakRssMB)} MB  heap used ${e((x) => x.heapMB)} MB`);
    console.log(
      `  resources tree (${editor[0].apps} apps)         first level ${e((x) => x.treeFirstLevelMs, 1)} ms  biggest app ${e((x) => x.treeExpandBiggestAppMs, 1)} ms  everything ${e((x) => x.treeExpandAllMs, 1)} ms`,
    );
    // Every edit of every run counts (5 per run).
    const phase = (label: string, xs: PhaseCost[]) =>
      console.log(`  ${label.padEnd(34)} wall ${spread(xs.map((x) => x.wallMs), 0)} ms  cpu ${spread(xs.map((x) => x.cpuMs), 0)} ms  longest stall ${spread(xs.map((x) => x.maxStallMs), 0)} ms`);
    phase('idle baseline (1 s, nothing running)', after.map((a) => a.idle));
    phase('editor: build the validator', after.map((a) => a.createValidator));
    phase('editor: first validation', after.map((a) => a.firstValidation));
    phase('editor: validation, all cached', after.map((a) => a.cachedValidation));
    phase('editor: edit (index + derived views)', after.flatMap((a) => a.edits));
    phase('editor: re-validation after an edit', after.flatMap((a) => a.revalidations));
    const m = (c: ProcessCost[], f: (x: ProcessCost) => number, d = 1) => fmt(median(c.map(f)), d);
    const em = (f: (x: InProcessResult) => number, d = 0) => fmt(median(editor.map(f)), d);
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${files} | ${fmt(repo.bytes / 1024 / 1024)} | ${m(floor, (x) => x.cpuS, 2)} | ${m(index, (x) => x.wallS, 2)} / ${m(index, (x) => x.cpuS, 2)} / ${m(index, (x) => x.rssMB, 0)} | ${m(validate, (x) => x.wallS, 2)} / ${m(validate, (x) => x.cpuS, 2)} / ${m(validate, (x) => x.rssMB, 0)} | ${em((x) => x.scanMs)} / ${em((x) => x.scanCpuMs)} / ${em((x) => x.maxStallMs)} | ${em((x) => x.peakRssMB)} | ${em((x) => x.treeFirstLevelMs, 1)} / ${em((x) => x.treeExpandBiggestAppMs, 1)} / ${em((x) => x.treeExpandAllMs, 1)} |`,
    );
  }
  console.log(`\nload average at end ${load()}`);
  console.log('\nMarkdown (medians):');
  console.log('| objects | files | MB | floor cpu s | index wall / cpu s / RSS MB | validate wall / cpu s / RSS MB | editor scan wall / cpu / longest stall ms | editor peak RSS MB | tree first level / biggest app / all ms |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main();
