// Validation benchmark. In one run:
//  1. the schema build (scripts/build-schemas.ts), when --schema-source names the upstream documents (docs/schemas.md);
//     otherwise the rest runs on the committed bundle (media/schemas);
//  2. index + validate each vendored corpus repository (test/fixtures/corpus), cold (fresh validator: schemas compiled) and warm
//     (every document re-validated; the per-file result cache off), plus warm with the cache on;
//  3. side by side on the same documents and the same converted schemas: Reconcile (parse + validate + ranges)
//     against yaml-language-server 1.x's doValidation, medians and the ratio;
//  4. re-validation after a keystroke in a 2,000-line file (index update + validate that file), p50/p95.
// Run: node --import tsx bench/validate/run.ts [--runs N] [--schema-source DIR]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSchemas } from '../../scripts/build-schemas';
import { BUNDLE_DIR } from '../../scripts/schemaBundle';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { parseDocuments, rangeOfPath } from '../../src/core/index/parse';
import { readBlockYaml, readBlockYamlPositions, UNSUPPORTED } from '../../src/core/index/blockYaml';
import { FALLBACK, locate } from '../../src/core/index/rangeLocator';
import { Validator } from '../../src/core/validate/validator';
import { schemaProblems } from '../../src/core/validate/schemaProblems';
import { fmt, median, percentile, timeRuns } from '../support/stats';
import { PeerDoc, yamlLanguageServer } from './peer';

const CORPUS = path.resolve(__dirname, '../../test/fixtures/corpus');
const sourceArg = process.argv.indexOf('--schema-source');
const SCHEMA_SOURCE = sourceArg > 0 ? path.resolve(process.argv[sourceArg + 1]) : undefined;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

function log(s: string): void {
  process.stdout.write(s + '\n');
}

function newValidator(dir: string, cache: boolean): Validator {
  const v = Validator.create(dir, '1.34', { cache });
  if (!v.ok) throw new Error(v.error);
  return v.value;
}

async function main(): Promise<void> {
  log(`# Validation benchmark (${RUNS} runs per median, Node ${process.version}, ${os.cpus().length} CPUs)`);
  const schemaDir = SCHEMA_SOURCE ? fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-bench-schemas-')) : BUNDLE_DIR;
  if (SCHEMA_SOURCE) {
    const source = SCHEMA_SOURCE;
    const buildTimes = await timeRuns(3, () => buildSchemas(source, schemaDir));
    const built = buildSchemas(source, schemaDir);
    log(`schema build: median ${fmt(median(buildTimes), 0)} ms, ${(built.totalBytes / 1024).toFixed(0)} KiB gzip (${built.kubernetesVersions.join(', ')} + ${built.crdSchemas} CRDs)`);
  } else {
    log('schema build: not measured (pass --schema-source DIR, see docs/schemas.md); validating with the committed bundle, media/schemas');
  }

  // 2. corpus, cold and warm
  const repos = fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory());
  const indexes: RepositoryIndex[] = [];
  let totalDocs = 0;
  const coldTimes = await timeRuns(Math.min(RUNS, 3), async () => {
    indexes.length = 0;
    totalDocs = 0;
    const validator = newValidator(schemaDir, false);
    for (const repo of repos) {
      const index = new RepositoryIndex({ root: path.join(CORPUS, repo), fs: nodeFileSystem });
      await index.scan();
      totalDocs += (await validator.validateIndex(index)).documents;
      indexes.push(index);
    }
  });
  log(`corpus cold (scan + fresh validator + validate, ${repos.length} repos, ${totalDocs} documents): median ${fmt(median(coldTimes), 0)} ms`);
  // One validator per repository, as the extension keeps one per workspace folder (repository CRDs differ).
  const warmValidators = indexes.map(() => newValidator(schemaDir, false));
  for (let i = 0; i < indexes.length; i++) await warmValidators[i].validateIndex(indexes[i]);
  const warmTimes = await timeRuns(RUNS, async () => {
    for (let i = 0; i < indexes.length; i++) await warmValidators[i].validateIndex(indexes[i]);
  });
  const warmMedian = median(warmTimes);
  const warmBest = Math.min(...warmTimes);
  log(
    `corpus warm (every document re-validated, no result cache): median ${fmt(warmMedian)} ms = ${fmt(totalDocs / (warmMedian / 1000), 0)} documents/s; best ${fmt(warmBest)} ms = ${fmt(totalDocs / (warmBest / 1000), 0)} documents/s`,
  );
  const cachedValidators = indexes.map(() => newValidator(schemaDir, true));
  for (let i = 0; i < indexes.length; i++) await cachedValidators[i].validateIndex(indexes[i]);
  const cachedTimes = await timeRuns(RUNS, async () => {
    for (let i = 0; i < indexes.length; i++) await cachedValidators[i].validateIndex(indexes[i]);
  });
  log(`corpus warm, nothing changed (per-file result cache): median ${fmt(median(cachedTimes), 2)} ms`);

  // 3. the same documents through yaml-language-server
  const docs: PeerDoc[] = [];
  const warmValidator = warmValidators[0];
  for (const index of indexes) {
    for (const f of index.files()) {
      if (f.role !== 'manifests') continue;
      let text: string | undefined;
      for (const d of f.documents) {
        if (!d.apiVersion || !d.kind || !['kubernetes', 'flux', 'argocd', 'crd'].includes(d.classification)) continue;
        if (!warmValidator.registry.resolve(d.apiVersion, d.kind)) continue;
        text ??= await index.readText(f.path);
        docs.push({ key: `${d.apiVersion}/${d.kind}`.replace(/[^A-Za-z0-9]+/g, '-'), apiVersion: d.apiVersion, kind: d.kind, text: text.slice(d.start, d.end) + '\n' });
      }
    }
  }
  const registry = warmValidator.registry;
  // What the comparison does not use is released, so neither side's GC walks it.
  cachedValidators.length = 0;
  warmValidators.splice(1);
  indexes.length = 0;
  const peerLs = yamlLanguageServer(registry, docs);
  const peerDiagCounts: number[] = [];
  const runPeer = async () => {
    peerDiagCounts.push(await peerLs.run());
  };
  let ourCount = 0;
  const runOurs = () => {
    ourCount = 0;
    for (let i = 0; i < docs.length; i++) {
      const parsed = parseDocuments(`doc${i}.yaml`, docs[i].text);
      for (const pd of parsed.documents) {
        const value = pd.value as Record<string, unknown>;
        const resolved = registry.resolve(docs[i].apiVersion, docs[i].kind);
        if (!resolved) continue;
        const problems = schemaProblems(resolved, value, { lenient: false, prefix: [], kindLabel: docs[i].kind });
        for (const p of problems) if (rangeOfPath(`doc${i}.yaml`, docs[i].text, pd.index, p.path, p.which)) ourCount++;
      }
    }
  };
  // Warm-up, the same for both sides: schema loading/compilation and JIT tiers are not the steady state.
  for (let k = 0; k < 3; k++) {
    await runPeer();
    runOurs();
  }
  // Interleaved, so load from elsewhere on the machine hits both sides alike.
  const peerTimes: number[] = [];
  const ourTimes: number[] = [];
  // CPU time too (all threads of the process, GC helpers included): on a shared machine wall time also
  // counts the moments the process waits for a core, which CPU time does not.
  const peerCpu: number[] = [];
  const ourCpu: number[] = [];
  const cpuMs = (fn: () => unknown) => async (): Promise<number> => {
    const c = process.cpuUsage();
    await fn();
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1000;
  };
  for (let k = 0; k < RUNS; k++) {
    let t = performance.now();
    ourCpu.push(await cpuMs(runOurs)());
    ourTimes.push(performance.now() - t);
    t = performance.now();
    peerCpu.push(await cpuMs(runPeer)());
    peerTimes.push(performance.now() - t);
  }
  const peer = median(peerTimes);
  const ours = median(ourTimes);
  log(`same ${docs.length} documents, same schemas (${peerLs.kinds} kinds), warm:`);
  const oursBest = Math.min(...ourTimes);
  const peerBest = Math.min(...peerTimes);
  log(`  Reconcile (parse + validate + ranges): median ${fmt(ours)} ms = ${fmt(docs.length / (ours / 1000), 0)} documents/s, best ${fmt(oursBest)} ms (${ourCount} problems)`);
  log(
    `  yaml-language-server 1.25 doValidation: median ${fmt(peer)} ms = ${fmt(docs.length / (peer / 1000), 0)} documents/s, best ${fmt(peerBest)} ms (${peerDiagCounts[peerDiagCounts.length - 1]} diagnostics)`,
  );
  log(`  ratio: Reconcile is ${fmt(peer / ours)}× faster (medians), ${fmt(peerBest / oursBest)}× (best runs)`);
  log(`  CPU time: Reconcile median ${fmt(median(ourCpu))} ms, yaml-language-server ${fmt(median(peerCpu))} ms: ${fmt(median(peerCpu) / median(ourCpu))}× less CPU`);
  const fastDocs = docs.filter((d) => readBlockYaml(d.text, 0, d.text.length) !== UNSUPPORTED).length;
  const located = docs.reduce((n, d) => {
    const pos = readBlockYamlPositions(d.text, 0, d.text.length);
    if (pos === UNSUPPORTED) return n;
    const value = parseDocuments('x.yaml', d.text).documents[0]?.value;
    const resolved = registry.resolve(d.apiVersion, d.kind);
    if (!resolved || value === undefined) return n;
    return n + schemaProblems(resolved, value, { lenient: false, prefix: [], kindLabel: d.kind }).filter((p) => locate(pos, p.path, p.which) !== FALLBACK).length;
  }, 0);
  log(`  (${fastDocs} of ${docs.length} documents read by the block-YAML reader, the rest by js-yaml; ${located} of ${ourCount} ranges from the line locator, the rest from yaml's Document API)`);

  // 4. keystroke in a 2,000-line file
  const deployment = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  labels:
    app: web-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
              name: http
          resources:
            limits:
              cpu: 500m
              memory: 128Mi
            requests:
              cpu: 100m
              memory: 64Mi
          env:
            - name: MODE
              value: production
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
---
`;
  let big = '';
  for (let i = 0; big.split('\n').length < 2000; i++) big += deployment(i);
  const lines = big.split('\n').length;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-bench-keystroke-'));
  fs.writeFileSync(path.join(root, 'big.yaml'), big);
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const validator = newValidator(schemaDir, true);
  await validator.validateIndex(index);
  const keyTimes: number[] = [];
  const keyCpu: number[] = [];
  for (let k = 0; k < 200; k++) {
    // Alternate between a valid and an invalid edit, so half of the runs also compute ranges.
    const edited = big.replace('replicas: 2', k % 2 ? `replicas: ${k}` : `replicas: "x${k}"`);
    const t = performance.now();
    const c = process.cpuUsage();
    await index.updateFile('big.yaml', edited);
    await validator.validateFile(index, 'big.yaml');
    keyTimes.push(performance.now() - t);
    const d = process.cpuUsage(c);
    keyCpu.push((d.user + d.system) / 1000);
  }
  log(`keystroke in a ${lines}-line file (re-index + re-validate): p50 ${fmt(percentile(keyTimes, 50), 2)} ms, p95 ${fmt(percentile(keyTimes, 95), 2)} ms`);
  log(`  CPU time per keystroke: p50 ${fmt(percentile(keyCpu, 50), 2)} ms, p95 ${fmt(percentile(keyCpu, 95), 2)} ms`);
  fs.rmSync(root, { recursive: true, force: true });
  if (SCHEMA_SOURCE) fs.rmSync(schemaDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
