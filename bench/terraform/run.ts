// Terraform benchmark on a generated 2,000-file monorepo (bench/terraform/generate.ts): the HCL parser's one-time
// load, indexing every file (discovery + read + tree-sitter parse + block extraction) against the I/O floor
// (discovery + reading the same files, no parse) in the same run, and cold CLI runs of
// `reconcile atlantis validate` and `reconcile atlantis projects --autoplan-modules` in fresh processes (wall and
// CPU time; RECONCILE_BENCH_CLI_PEER=other/cli.js runs a second bundle alternately, for a before/after), the
// editor's first scan in a fresh process (editorScan.ts: manifest index, atlantis.yaml check, first Change Impact
// plan with its Atlantis section), and the same on a Kubernetes-only repository, where the HCL parser must not load.
// Run: npm run bench:terraform  (node --import tsx bench/terraform/run.ts [--files N] [--runs N])
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { discoverFiles } from '../../src/core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../../src/core/index/model';
import { indexTerraform } from '../../src/core/terraform/terraformIndex';
import { terraformFileKind } from '../../src/core/terraform/model';
import { fmt, median, percentile, timeRuns } from '../support/stats';
import { generateMonorepo } from './generate';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = arg('--files', 2000);
const RUNS = arg('--runs', 7);

async function ioFloor(root: string): Promise<number> {
  const found = await discoverFiles(root, nodeFileSystem, DEFAULT_INDEX_SETTINGS);
  let bytes = 0;
  for (const p of found.allFiles) if (terraformFileKind(p)) bytes += (await nodeFileSystem.readFile(`${root}/${p}`)).length;
  return bytes;
}

/** The bundle the user runs (RECONCILE_BENCH_CLI, else dist/cli.js), or the sources through tsx when there is none. */
function cliBundle(): string | undefined {
  const bundle = process.env.RECONCILE_BENCH_CLI ?? path.resolve(__dirname, '../../dist/cli.js');
  return existsSync(bundle) ? bundle : undefined;
}

function tsxArgs(script: string): string[] {
  return ['--import', pathToFileURL(require.resolve('tsx')).href, path.resolve(__dirname, script)];
}

const TIME = '/usr/bin/time';

/** Runs node with `argv` in `cwd`: wall milliseconds, and CPU (user + sys) from /usr/bin/time when it is there. */
function timed(cwd: string, argv: string[]): { ms: number; cpuMs: number; out: string } {
  const withTime = existsSync(TIME);
  const t = performance.now();
  const r = withTime ? spawnSync(TIME, ['-f', '@@time %U %S', process.execPath, ...argv], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }) : spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${argv.slice(-4).join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /@@time ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { ms, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, out: r.stdout };
}

function cli(repo: string, args: string[], bundle = cliBundle()): { ms: number; cpuMs: number; out: string } {
  return timed(repo, bundle ? [bundle, ...args] : [...tsxArgs('../../src/cli/bin.ts'), ...args]);
}

interface EditorScan {
  steps: Record<string, { wallMs: number; cpuMs: number }>;
  atlantisPlanned: number | null;
  hclParserLoaded: boolean;
}

function editorScan(repo: string): EditorScan & { ms: number; cpuMs: number } {
  const r = timed(repo, [...tsxArgs('editorScan.ts'), repo]);
  return { ...(JSON.parse(r.out.trim().split('\n').pop() as string) as EditorScan), ms: r.ms, cpuMs: r.cpuMs };
}

/** A Kubernetes-only repository (the e2e fixture) with an edit in the working tree. */
async function kubernetesOnlyRepo(dir: string): Promise<string> {
  // Without the fixture's terraform/ folder (the in-editor Terraform suite's): this repository must hold no Terraform.
  const fixture = path.resolve(__dirname, '../../test/fixtures/e2e-repo');
  await fsp.cp(fixture, dir, { recursive: true, filter: (src) => path.relative(fixture, src).split(path.sep)[0] !== 'terraform' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@reconcile.invalid', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'kubernetes only');
  const yaml = (await fsp.readdir(dir, { recursive: true })).map(String).find((f) => /\.ya?ml$/.test(f) && !f.includes('kustomization'));
  if (yaml) await fsp.appendFile(path.join(dir, yaml), '\n# bench edit\n');
  return dir;
}

async function main(): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-bench-tf-'));
  try {
    const repo = await generateMonorepo(dir, FILES);
    console.log(`Generated ${repo.files} files (${fmt(repo.bytes / 1024 / 1024, 2)} MB, ${repo.stacks.length} stacks) in ${dir}`);

    const first = await indexTerraform(dir, nodeFileSystem);
    console.log(`HCL parser load (once per process): ${fmt(first.timings.loadParserMs, 0)} ms`);
    if (first.problems.length) throw new Error(`generated files have problems: ${first.problems[0].message}`);

    const floor = await timeRuns(RUNS, () => ioFloor(dir));
    const index = await timeRuns(RUNS, () => indexTerraform(dir, nodeFileSystem));
    const tfBytes = await ioFloor(dir);
    const mb = tfBytes / 1024 / 1024;
    console.log(`I/O floor (discover + read ${first.files.size} Terraform files, ${fmt(mb, 2)} MB): median ${fmt(median(floor), 0)} ms`);
    console.log(`Index (discover + read + parse + extract): median ${fmt(median(index), 0)} ms, p95 ${fmt(percentile(index, 95), 0)} ms — ${fmt(median(index) / median(floor), 1)}x the floor, ${fmt(mb / (median(index) / 1000), 2)} MB/s`);
    const parseMs = [];
    for (let i = 0; i < RUNS; i++) parseMs.push((await indexTerraform(dir, nodeFileSystem)).timings.parseMs);
    console.log(`  of which read + parse + extract: median ${fmt(median(parseMs), 0)} ms (${fmt(mb / (median(parseMs) / 1000), 2)} MB/s)`);

    await fsp.appendFile(path.join(dir, repo.moduleFile), '\n# bench change\n');
    const runs = Math.max(3, Math.ceil(RUNS / 2));
    const peer = process.env.RECONCILE_BENCH_CLI_PEER;
    const bundles: Array<[string, string | undefined]> = [['', cliBundle()], ...(peer && existsSync(peer) ? [[' (peer bundle)', peer] as [string, string]] : [])];
    for (const args of [['atlantis', 'validate', '--format', 'json'], ['atlantis', 'projects', '--autoplan-modules', '--format', 'json']]) {
      const times = bundles.map(() => ({ wall: [] as number[], cpu: [] as number[], out: '' }));
      // Alternating the bundles spreads the machine's load over both.
      for (let i = 0; i < runs; i++) {
        bundles.forEach(([, b], k) => {
          const r = cli(dir, args, b);
          times[k].wall.push(r.ms);
          times[k].cpu.push(r.cpuMs);
          times[k].out = r.out;
        });
      }
      bundles.forEach(([label], k) => {
        const json = JSON.parse(times[k].out) as { planned?: unknown[]; diagnostics: unknown[] };
        const what = json.planned ? `${json.planned.length} projects planned` : `${json.diagnostics.length} diagnostics`;
        console.log(`CLI cold \`reconcile ${args.join(' ')}\`${label} (${runs} fresh processes): median ${fmt(median(times[k].wall), 0)} ms wall, ${fmt(median(times[k].cpu), 0)} ms CPU — ${what}`);
      });
    }

    const scans = Array.from({ length: runs }, () => editorScan(dir));
    const stepMedian = (name: string, key: 'wallMs' | 'cpuMs') => median(scans.map((x) => x.steps[name]?.[key] ?? NaN));
    console.log(`Editor first scan, fresh process (${runs} runs), median wall / CPU ms: manifest index ${fmt(stepMedian('indexScan', 'wallMs'), 0)} / ${fmt(stepMedian('indexScan', 'cpuMs'), 0)}, atlantis.yaml check ${fmt(stepMedian('atlantisYamlCheck', 'wallMs'), 0)} / ${fmt(stepMedian('atlantisYamlCheck', 'cpuMs'), 0)}, first Change Impact plan with the Atlantis section ${fmt(stepMedian('firstPlan', 'wallMs'), 0)} / ${fmt(stepMedian('firstPlan', 'cpuMs'), 0)} (${scans[0].atlantisPlanned} projects planned); whole process ${fmt(median(scans.map((x) => x.ms)), 0)} / ${fmt(median(scans.map((x) => x.cpuMs)), 0)}; HCL parser loaded: ${scans[0].hclParserLoaded}`);

    const k8s = await kubernetesOnlyRepo(await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-bench-k8s-')));
    try {
      const scan = editorScan(k8s);
      console.log(`Kubernetes-only repository (test/fixtures/e2e-repo, one YAML edit): first plan ${fmt(scan.steps.firstPlan.wallMs, 0)} ms; Atlantis section: ${scan.atlantisPlanned === null ? 'none' : scan.atlantisPlanned}; HCL parser loaded: ${scan.hclParserLoaded}`);
      if (scan.hclParserLoaded) throw new Error('the HCL parser was loaded for a repository without Terraform files');
    } finally {
      await fsp.rm(k8s, { recursive: true, force: true });
    }
    console.log(`(CLI: ${cliBundle() ?? 'sources through tsx, startup included'}; machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version})`);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
