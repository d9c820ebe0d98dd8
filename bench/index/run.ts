// Index benchmark: the index's parse path against js-yaml loadAll (the floor: no positions, no
// classification) on the same real manifests in the same run, plus a full scan with I/O and the
// latency of re-indexing one edited 2,000-line file.
// Run: npm run bench:index  (node --import tsx bench/index/run.ts [--runs N])
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { indexFileText } from '../../src/core/index/fileIndexer';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { fmt, median, percentile, timeRuns } from '../support/stats';

const CORPUS = path.resolve(__dirname, '../../test/fixtures/corpus');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

interface Input {
  path: string;
  text: string;
}

async function corpusInputs(): Promise<Input[]> {
  // The file list the index itself chooses (chart templates and non-manifest JSON excluded).
  const inputs: Input[] = [];
  for (const repo of fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())) {
    const index = new RepositoryIndex({ root: path.join(CORPUS, repo), fs: nodeFileSystem });
    await index.scan();
    for (const f of index.files()) if (f.role === 'manifests') inputs.push({ path: `${repo}/${f.path}`, text: fs.readFileSync(path.join(CORPUS, repo, f.path), 'utf8') });
  }
  return inputs;
}

function loadAllFloor(inputs: Input[]): number {
  let docs = 0;
  for (const i of inputs) {
    try {
      docs += jsyaml.loadAll(i.text, undefined, { schema: jsyaml.CORE_SCHEMA }).length;
    } catch {
      docs += jsyaml.loadAll(i.text, undefined, { schema: jsyaml.CORE_SCHEMA, json: true }).length;
    }
  }
  return docs;
}

async function indexParse(inputs: Input[]): Promise<number> {
  let docs = 0;
  for (const i of inputs) docs += (await indexFileText(i.path, i.text, { isChartFile: false, isChartValues: false }, { repoUrls: new Set() })).file.documents.length;
  return docs;
}

function report(label: string, inputs: Input[], oursMs: number[], floorMs: number[], docs: number): void {
  const mb = inputs.reduce((n, i) => n + Buffer.byteLength(i.text), 0) / 1024 / 1024;
  const ours = median(oursMs);
  const floor = median(floorMs);
  console.log(`${label}: ${inputs.length} files, ${fmt(mb, 2)} MB, ${docs} documents`);
  console.log(`  index parse       median ${fmt(ours)} ms  ${fmt(mb / (ours / 1000))} MB/s  ${Math.round(docs / (ours / 1000))} docs/s`);
  console.log(`  js-yaml loadAll   median ${fmt(floor)} ms  ${fmt(mb / (floor / 1000))} MB/s  (floor: values only, no positions)`);
  console.log(`  ratio index/js-yaml = ${fmt(ours / floor, 2)}x (target <= 1.5x)`);
}

async function main(): Promise<void> {
  console.log(`Index benchmark, ${RUNS} runs each, median; node ${process.version}, ${os.cpus().length} cores`);
  const inputs = await corpusInputs();
  // One multi-megabyte stream of real documents, like a generated install manifest.
  const stream = inputs.map((i) => i.text.replace(/^---\s*\n/, '')).join('\n---\n');
  const big: Input[] = [{ path: 'big/install.yaml', text: Array(3).fill(stream).join('\n---\n') }];
  const crds = inputs.filter((i) => i.path.includes('deploy/crds/'));

  for (const [label, set] of [['corpus (4 repos)', inputs], ['cert-manager CRDs (13-334 KB)', crds], ['one concatenated stream', big]] as const) {
    await indexParse(set);
    loadAllFloor(set);
    const ours: number[] = [];
    const floor: number[] = [];
    let docs = 0;
    // Interleaved so both see the same machine state.
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      docs = await indexParse(set);
      ours.push(performance.now() - t);
      t = performance.now();
      loadAllFloor(set);
      floor.push(performance.now() - t);
    }
    report(label, set, ours, floor, docs);
  }

  // Full scan with discovery and I/O, over the corpus on disk.
  const scans = await timeRuns(RUNS, async () => {
    for (const repo of ['fluxcd__flux2-kustomize-helm-example', 'fluxcd__flux2-multi-tenancy', 'kubernetes__examples', 'cert-manager__cert-manager']) {
      await new RepositoryIndex({ root: path.join(CORPUS, repo), fs: nodeFileSystem }).scan();
    }
  });
  console.log(`full scan of the corpus (discovery + reads + parse + derived views): median ${fmt(median(scans))} ms`);

  // Re-indexing one edited 2,000-line file.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-bench-'));
  const lines = stream.split('\n');
  const twoThousand = lines.slice(0, 2000).join('\n').replace(/\n[^\n]*$/, '\n');
  fs.writeFileSync(path.join(tmp, 'edited.yaml'), twoThousand);
  const index = new RepositoryIndex({ root: tmp, fs: nodeFileSystem });
  await index.scan();
  let n = 0;
  const edits = await timeRuns(Math.max(50, RUNS * 10), async () => {
    await index.updateFile('edited.yaml', twoThousand.replace('name: ', `name: e${n++}-`));
    index.resources();
  });
  console.log(`re-index one edited ${twoThousand.split('\n').length}-line file (${fmt(Buffer.byteLength(twoThousand) / 1024)} KB): median ${fmt(median(edits), 2)} ms, p95 ${fmt(percentile(edits, 95), 2)} ms (target < 20 ms)`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
