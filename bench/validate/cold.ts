// Cold `reconcile validate` as CI runs it: a fresh `node dist/cli.js validate` process (start included) over the
// ~18 MB, ~780-document corpus of coldCorpus.ts, against in the same run
//  - the floor: a fresh node process that reads the same YAML files and parses them with js-yaml's loadAll;
//  - the peer: yaml-language-server 1.x validating the same documents against the same schemas, warm (in process,
//    after a warm-up run), as an editor would.
// Wall and CPU time (user+sys of the child, from /usr/bin/time) and peak RSS, medians of --runs runs with min-max;
// floor and CLI runs interleave so load from elsewhere on the machine hits both alike. The CLI runs once per
// `--jobs` value (default `1,auto`: in process, and the worker-thread scan pool as shipped), each checked to print
// the same bytes; the 1-minute load average is sampled before every run and printed beside the wall times.
// Run: npm run build && node --import tsx bench/validate/cold.ts [--runs N] [--peer-runs N] [--cli dist/cli.js]
//      [--jobs 1,auto,2|default] [--no-peer]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { Validator } from '../../src/core/validate/validator';
import { BUNDLE_DIR } from '../../scripts/schemaBundle';
import { fmt, median } from '../support/stats';
import { coldCorpus } from './coldCorpus';
import { PeerDoc, yamlLanguageServer } from './peer';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 5);
const PEER_RUNS = Number(arg('--peer-runs') ?? 3);
const CLI = path.resolve(arg('--cli') ?? path.join(__dirname, '..', '..', 'dist', 'cli.js'));
const TARGET = { wallMs: 1200, floorRatio: 1.75, rssMb: 200, peerRatio: 5 };
const JOBS = (arg('--jobs') ?? '1,auto').split(',').filter(Boolean);

interface Measure {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function log(s: string): void {
  process.stdout.write(s + '\n');
}

/** Runs a node process under /usr/bin/time: wall, user+sys CPU, peak RSS. */
function timed(args: string[], cwd: string, expectCodes: number[]): Measure & { stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %U %S %M', process.execPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (!m || !expectCodes.includes(r.status ?? -1)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, rssMb: Number(m[4]) / 1024, stdout: r.stdout };
}

const spread = (xs: number[], digits = 0) => `median ${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}-${fmt(Math.max(...xs), digits)})`;

async function peerDocs(root: string): Promise<{ docs: PeerDoc[]; validator: Validator }> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const created = Validator.create(BUNDLE_DIR, '1.34', { cache: false });
  if (!created.ok) throw new Error(created.error);
  const validator = created.value;
  // Registers the repository's CRDs, so their kinds resolve to the same schemas the CLI uses.
  await validator.validateIndex(index);
  const docs: PeerDoc[] = [];
  for (const f of index.files()) {
    if (f.role !== 'manifests') continue;
    let text: string | undefined;
    for (const d of f.documents) {
      if (!d.apiVersion || !d.kind || !['kubernetes', 'flux', 'argocd', 'crd'].includes(d.classification)) continue;
      if (!validator.registry.resolve(d.apiVersion, d.kind)) continue;
      text ??= await index.readText(f.path);
      docs.push({ key: `${d.apiVersion}/${d.kind}`.replace(/[^A-Za-z0-9]+/g, '-'), apiVersion: d.apiVersion, kind: d.kind, text: text.slice(d.start, d.end) + '\n' });
    }
  }
  return { docs, validator };
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first (or pass --cli)`);
  const corpus = coldCorpus();
  log(`cold CLI validate, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  log(`corpus: ${corpus.root}`);
  log(`  ${corpus.files} YAML files, ${fmt(corpus.bytes / 1e6)} MB, ${corpus.documents} YAML documents (see bench/validate/coldCorpus.ts for what it holds)`);
  // The V8 code cache `npm run build` writes beside the CLI's chunks (src/cli/codeCache.ts): runs differ with and without.
  const caches = fs.readdirSync(path.dirname(CLI)).filter((f) => /^cli\..*\.js\.cache$/.test(f));
  log(`CLI: ${CLI}, ${caches.length > 0 ? `code cache for ${caches.length} chunks` : 'no code cache (built without scripts/cli-code-cache.ts)'}`);

  // The floor reads the files the corpus lists (from a file, so its argv stays short) and parses each with js-yaml.
  const listFile = path.join(os.tmpdir(), `reconcile-bench-cold-files-${process.pid}.json`);
  fs.writeFileSync(listFile, JSON.stringify(corpus.yamlFiles));
  const floorScript = `const fs=require('fs');const y=require(${JSON.stringify(require.resolve('js-yaml'))});let n=0;for(const f of JSON.parse(fs.readFileSync(${JSON.stringify(listFile)},'utf8'))){try{y.loadAll(fs.readFileSync(f,'utf8'),()=>n++)}catch{}}process.stdout.write(String(n))`;
  const floor: Measure[] = [];
  const byJobs = new Map<string, Measure[]>(JOBS.map((j) => [j, []]));
  const loads: number[] = [];
  let summary = '';
  // `default` passes no --jobs (for bundles older than the option).
  const cliArgs = (jobs: string) => (jobs === 'default' ? [CLI, 'validate'] : [CLI, 'validate', '--jobs', jobs]);
  // One unmeasured run of each: the page cache and node's compile cache start warm for both, as on a CI runner's second step.
  timed(['-e', floorScript], corpus.root, [0]);
  const outputs = new Map(JOBS.map((j) => [j, timed(cliArgs(j), corpus.root, [0, 1]).stdout]));
  // Output identity: every --jobs value prints the same bytes.
  for (const [j, out] of outputs) if (out !== outputs.get(JOBS[0])) throw new Error(`validate --jobs ${j} printed other output than --jobs ${JOBS[0]}`);
  for (let i = 0; i < RUNS; i++) {
    loads.push(os.loadavg()[0]);
    floor.push(timed(['-e', floorScript], corpus.root, [0]));
    for (const j of JOBS) {
      loads.push(os.loadavg()[0]);
      const r = timed(cliArgs(j), corpus.root, [0, 1]);
      summary = r.stdout.trim().split('\n').pop() ?? '';
      byJobs.get(j)!.push(r);
    }
  }
  fs.rmSync(listFile, { force: true });
  const med = (ms: Measure[], k: keyof Measure) => median(ms.map((m) => m[k]));
  log(`  CLI says: ${summary} (identical output for --jobs ${JOBS.join(', ')})`);
  log(`  1-minute load average during the runs: ${spread(loads, 1)}`);
  log(`js-yaml loadAll floor (process included): wall ${spread(floor.map((m) => m.wallMs))} ms, CPU ${spread(floor.map((m) => m.cpuMs))} ms, peak RSS ${fmt(med(floor, 'rssMb'), 0)} MB`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log(`reconcile validate, cold (${path.relative(process.cwd(), CLI)}):`);
  log(`  | --jobs | wall ms | CPU ms | peak RSS MB | wall / floor wall | CPU / floor CPU |`);
  log(`  |---|---|---|---|---|---|`);
  for (const [j, ms] of byJobs) {
    log(`  | ${j} | ${spread(ms.map((m) => m.wallMs))} | ${spread(ms.map((m) => m.cpuMs))} | ${spread(ms.map((m) => m.rssMb))} | ${fmt(med(ms, 'wallMs') / med(floor, 'wallMs'), 2)}x | ${fmt(med(ms, 'cpuMs') / med(floor, 'cpuMs'), 2)}x |`);
  }
  const cli = byJobs.get(JOBS[JOBS.length - 1])!;
  const wallRatio = med(cli, 'wallMs') / med(floor, 'wallMs');
  log(`  targets (--jobs ${JOBS[JOBS.length - 1]}): wall <= ${TARGET.wallMs} ms ${verdict(med(cli, 'wallMs') <= TARGET.wallMs)}; wall <= ${TARGET.floorRatio}x the floor's ${verdict(wallRatio <= TARGET.floorRatio)}; peak RSS <= ${TARGET.rssMb} MB ${verdict(med(cli, 'rssMb') <= TARGET.rssMb)}`);

  if (process.argv.includes('--no-peer')) return;
  const { docs, validator } = await peerDocs(corpus.root);
  const peer = yamlLanguageServer(validator.registry, docs);
  await peer.run();
  const peerMs: number[] = [];
  const peerCpu: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < PEER_RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    diagnostics = await peer.run();
    peerMs.push(performance.now() - t);
    const d = process.cpuUsage(c);
    peerCpu.push((d.user + d.system) / 1000);
  }
  log(`yaml-language-server doValidation, warm, same ${docs.length} documents and schemas (${peer.kinds} kinds): wall ${spread(peerMs)} ms, CPU ${spread(peerCpu)} ms (${diagnostics} diagnostics)`);
  const peerRatio = median(peerMs) / med(cli, 'wallMs');
  log(`  Reconcile cold is ${fmt(peerRatio, 2)}x faster than the peer warm (wall), ${fmt(median(peerCpu) / med(cli, 'cpuMs'), 2)}x (CPU); target >= ${TARGET.peerRatio}x ${verdict(peerRatio >= TARGET.peerRatio)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
