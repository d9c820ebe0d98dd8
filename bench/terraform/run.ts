// Terraform benchmark on a generated 2,000-file monorepo (bench/terraform/generate.ts): the HCL parser's one-time
// load, indexing every file (discovery + read + tree-sitter parse + block extraction) against the I/O floor
// (discovery + reading the same files, no parse) in the same run, and cold CLI runs of
// `reconcile atlantis validate` and `reconcile atlantis projects --autoplan-modules` in fresh processes.
// Run: npm run bench:terraform  (node --import tsx bench/terraform/run.ts [--files N] [--runs N])
import { execFileSync } from 'node:child_process';
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

function cli(repo: string, args: string[]): { ms: number; out: string } {
  const bundle = cliBundle();
  const argv = bundle ? [bundle, ...args] : ['--import', pathToFileURL(require.resolve('tsx')).href, path.resolve(__dirname, '../../src/cli/bin.ts'), ...args];
  const t = performance.now();
  let out: string;
  try {
    out = execFileSync(process.execPath, argv, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`reconcile ${args.join(' ')} exited ${err.status}: ${err.stderr}`);
  }
  return { ms: performance.now() - t, out };
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
    for (const args of [['atlantis', 'validate', '--format', 'json'], ['atlantis', 'projects', '--autoplan-modules', '--format', 'json']]) {
      const times: number[] = [];
      let out = '';
      for (let i = 0; i < runs; i++) ({ ms: times[i], out } = cli(dir, args));
      const json = JSON.parse(out) as { planned?: unknown[]; diagnostics: unknown[] };
      const what = json.planned ? `${json.planned.length} projects planned` : `${json.diagnostics.length} diagnostics`;
      console.log(`CLI cold \`reconcile ${args.join(' ')}\` (${runs} fresh processes): median ${fmt(median(times), 0)} ms, p95 ${fmt(percentile(times, 95), 0)} ms — ${what}`);
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
