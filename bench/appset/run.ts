// ApplicationSet expansion benchmark: a git directories generator over 200 app folders, and a matrix of
// 3 cluster Secrets × the same 200 folders, expanded from a generated repository on disk (each folder
// with a kustomization and an overlay, so the walk has something to skip). Target: < 50 ms each.
// Run: npm run bench:appset  (node --import tsx bench/appset/run.ts [--runs N])
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ClusterSecret, expandApplicationSet } from '../../src/core/appset';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { fmt, median, percentile, timeRuns } from '../support/stats';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const FOLDERS = 200;
const REMOTE = 'https://github.com/example/gitops.git';
const TARGET_MS = 50;

function makeRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-appset-'));
  for (let i = 0; i < FOLDERS; i++) {
    const dir = path.join(root, 'apps', `app-${String(i).padStart(3, '0')}`);
    fs.mkdirSync(path.join(dir, 'overlays', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [deploy.yaml]\n');
    fs.writeFileSync(path.join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n');
    fs.writeFileSync(path.join(dir, 'overlays', 'prod', 'kustomization.yaml'), 'resources: [../..]\n');
  }
  fs.mkdirSync(path.join(root, 'clusters'));
  return root;
}

function appset(generators: string, goTemplate: boolean): unknown {
  const p = (s: string) => (goTemplate ? `{{ .${s} }}` : `{{${s}}}`);
  return parse(`apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: bench, namespace: argocd}
spec:
  goTemplate: ${goTemplate}
  generators:
${generators}
  template:
    metadata:
      name: '${p('path.basename')}${goTemplate ? '-{{ .name | default "local" }}' : ''}'
      labels: {app: '${p('path.basename')}'}
    spec:
      project: default
      source: {repoURL: '${REMOTE}', targetRevision: HEAD, path: '${p(goTemplate ? 'path.path' : 'path')}'}
      destination: {server: '${goTemplate ? '{{ .server }}' : 'https://kubernetes.default.svc'}', namespace: '${p('path.basename')}'}
`);
}

const DIRECTORIES = `  - git:
      repoURL: ${REMOTE}
      revision: HEAD
      directories:
      - path: apps/*
      - path: apps/app-199
        exclude: true`;

const MATRIX = `  - matrix:
      generators:
      - clusters:
          selector:
            matchLabels: {argocd.argoproj.io/secret-type: cluster}
      - git:
          repoURL: ${REMOTE}
          revision: HEAD
          directories:
          - path: apps/*`;

const secrets: ClusterSecret[] = ['eu', 'us', 'ap'].map((r) => ({ name: `prod-${r}`, server: `https://${r}.example.com`, labels: { env: 'prod' }, annotations: {} }));

async function measure(label: string, value: unknown, expected: number, root: string): Promise<{ label: string; med: number; p95: number; cpu: number }> {
  const run = () => expandApplicationSet({ file: 'appset.yaml', index: 0, value }, { root, fs: nodeFileSystem, remotes: [REMOTE], clusterSecrets: secrets, text: '' });
  const check = await run();
  if (check.applications.length !== expected || check.problems.some((p) => p.severity === 'error')) {
    throw new Error(`${label}: expected ${expected} applications, got ${check.applications.length}; ${check.problems.map((p) => p.message).join('; ')}`);
  }
  await timeRuns(5, run); // warm-up
  // CPU time next to wall time: on a shared machine the wall clock also counts waiting for a core.
  const cpu: number[] = [];
  const times = await timeRuns(RUNS, async () => {
    const c = process.cpuUsage();
    await run();
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  });
  return { label, med: median(times), p95: percentile(times, 95), cpu: median(cpu) };
}

async function main(): Promise<void> {
  const root = makeRepo();
  try {
    const rows = [
      await measure('git directories, 200 folders, fasttemplate', appset(DIRECTORIES, false), FOLDERS - 1, root),
      await measure('git directories, 200 folders, goTemplate', appset(DIRECTORIES, true), FOLDERS - 1, root),
      await measure('matrix 3 clusters x 200 folders, goTemplate', appset(MATRIX, true), 3 * FOLDERS, root),
    ];
    console.log(`ApplicationSet expansion (${RUNS} runs each, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
    for (const r of rows) {
      const verdict = r.med < TARGET_MS ? (r.p95 < TARGET_MS ? 'ok' : `median ok, p95 over ${TARGET_MS} ms`) : `OVER ${TARGET_MS} ms`;
      console.log(`  ${r.label.padEnd(46)} median ${fmt(r.med).padStart(6)} ms   p95 ${fmt(r.p95).padStart(6)} ms   cpu median ${fmt(r.cpu).padStart(5)} ms   ${verdict}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
