// Benchmark: built-in kustomize engine (in-process, warm) vs `kubectl kustomize` (process spawn
// included, as users pay it) on the same overlays, in the same run. Prints medians and the ratio.
// Usage: node --import tsx bench/render/run.ts [--runs N]
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderKustomization } from '../../src/core/render/kustomize/build';
import { renderWithKubectl } from '../../src/core/render/external';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { kubectlAvailable } from '../../test/support/tools';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A base of 45 objects (15 Deployments, Services, ConfigMaps) plus an overlay that touches all of them. */
function fiftyObjectOverlay(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-bench-render-'));
  mkdirSync(join(dir, 'base'));
  mkdirSync(join(dir, 'overlay'));
  const docs: string[] = [];
  for (let i = 0; i < 15; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app${i}\n  template:\n    metadata:\n      labels:\n        app: app${i}\n    spec:\n      containers:\n      - name: main\n        image: registry.example.com/app${i}:1.0.0\n        envFrom:\n        - configMapRef:\n            name: cfg${i}\n        ports:\n        - containerPort: 8080\n        resources:\n          limits:\n            memory: 128Mi\n`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: app${i}\nspec:\n  selector:\n    app: app${i}\n  ports:\n  - port: 80\n    targetPort: 8080\n`);
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg${i}\ndata:\n  LOG_LEVEL: info\n  INDEX: "${i}"\n`);
  }
  writeFileSync(join(dir, 'base', 'resources.yaml'), docs.join('---\n'));
  writeFileSync(join(dir, 'base', 'kustomization.yaml'), 'resources:\n- resources.yaml\ncommonLabels:\n  team: shop\n');
  const gens = Array.from({ length: 5 }, (_, i) => `- name: gen${i}\n  literals:\n  - KEY=${i}\n  - OTHER=value${i}\n`).join('');
  writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), `resources:\n- ../base\nnamespace: prod\nnamePrefix: prod-\nlabels:\n- pairs:\n    env: prod\n  includeSelectors: false\ncommonAnnotations:\n  owner: platform\nimages:\n- name: registry.example.com/app3\n  newTag: 2.0.0\nreplicas:\n- name: app1\n  count: 3\nconfigMapGenerator:\n${gens}patches:\n- target:\n    kind: Deployment\n  patch: |\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: any\n    spec:\n      template:\n        spec:\n          containers:\n          - name: main\n            resources:\n              limits:\n                memory: 256Mi\n`);
  return dir;
}


async function timeBuiltin(dir: string): Promise<{ cold: number; warm: number; objects: number }> {
  let t = performance.now();
  const first = await renderKustomization(nodeFileSystem, dir);
  const cold = performance.now() - t;
  if (!first.ok) throw new Error(first.error.message);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = performance.now();
    await renderKustomization(nodeFileSystem, dir);
    times.push(performance.now() - t);
  }
  return { cold, warm: median(times), objects: first.manifests.length };
}

async function timeKubectl(dir: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 2)); i++) {
    const t = performance.now();
    const r = await renderWithKubectl(dir, { trusted: true });
    if (!r.ok) throw new Error(r.error.message);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main(): Promise<void> {
  const synthetic = fiftyObjectOverlay();
  const targets: Array<[string, string]> = [['synthetic 50-object overlay', join(synthetic, 'overlay')]];
  for (const d of ['fluxcd__flux2-kustomize-helm-example/apps/production', 'fluxcd__flux2-kustomize-helm-example/infrastructure/controllers', 'fluxcd__flux2-multi-tenancy/tenants/staging']) {
    const p = join(__dirname, '../../test/fixtures/corpus', d);
    if (existsSync(p)) targets.push([d, p]);
  }
  // cert-manager's CRDs: few objects, but 13.5k lines of OpenAPI schema to read, label and print.
  const crdSrc = join(__dirname, '../../test/fixtures/corpus/cert-manager__cert-manager/deploy/crds');
  let crdDir: string | undefined;
  if (existsSync(crdSrc)) {
    crdDir = mkdtempSync(join(tmpdir(), 'reconcile-bench-crds-'));
    const files = readdirSync(crdSrc).filter((f) => f.endsWith('.yaml')).sort();
    for (const f of files) copyFileSync(join(crdSrc, f), join(crdDir, f));
    writeFileSync(join(crdDir, 'kustomization.yaml'), `resources:\n${files.map((f) => `- ${f}`).join('\n')}\ncommonLabels:\n  app: cert-manager\n`);
    targets.push(['cert-manager CRDs (13.5k lines) + commonLabels', crdDir]);
  }
  const kubectl = kubectlAvailable();
  if (!kubectl) process.stdout.write('kubectl not found: printing built-in timings only (no ratio)\n');
  process.stdout.write(`runs per target: ${RUNS} (node ${process.version})\n\n`);
  process.stdout.write(`${'overlay'.padEnd(72)} ${'objects'.padStart(7)} ${'builtin cold'.padStart(12)} ${'builtin warm'.padStart(12)} ${'kubectl'.padStart(9)} ${'ratio'.padStart(7)}\n`);
  for (const [name, dir] of targets) {
    const b = await timeBuiltin(dir);
    const k = kubectl ? await timeKubectl(dir) : NaN;
    const ratio = kubectl ? `${(k / b.warm).toFixed(1)}x` : '-';
    process.stdout.write(`${name.padEnd(72)} ${String(b.objects).padStart(7)} ${b.cold.toFixed(1).padStart(10)}ms ${b.warm.toFixed(1).padStart(10)}ms ${kubectl ? k.toFixed(1).padStart(7) + 'ms' : '-'.padStart(9)} ${ratio.padStart(7)}\n`);
  }
  rmSync(synthetic, { recursive: true, force: true });
  if (crdDir) rmSync(crdDir, { recursive: true, force: true });
  process.stdout.write('\nwarm = median of in-process renders after the first; kubectl = median wall time of `kubectl kustomize DIR` including process start.\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
