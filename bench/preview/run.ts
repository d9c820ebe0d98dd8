// Benchmark: what one preview re-render costs (src/vscode/preview/renderPreview.ts: render through the
// recording, buffer-aware file system, object list, validation at sources) against the bare built-in render
// of the same overlay (the peer), and against the same preview with the kubectl engine, in the same run.
// Usage: node --import tsx bench/preview/run.ts [--runs N]
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderKustomization } from '../../src/core/render/kustomize/build';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { renderPreview, PreviewSettings } from '../../src/vscode/preview/renderPreview';
import { newValidator } from '../../test/unit/validate/helpers';
import { kubectlAvailable } from '../../test/support/tools';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function time(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await fn(); // warm
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/** 45 base objects (Deployments, Services, ConfigMaps) and an overlay with generators and a patch: 50 objects. */
function fiftyObjectRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-bench-preview-'));
  mkdirSync(join(dir, 'base'));
  mkdirSync(join(dir, 'overlay'));
  const docs: string[] = [];
  for (let i = 0; i < 15; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app${i}\n  template:\n    metadata:\n      labels:\n        app: app${i}\n    spec:\n      containers:\n      - name: main\n        image: registry.example.com/app${i}:1.0.0\n        ports:\n        - containerPort: 8080\n`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: app${i}\nspec:\n  selector:\n    app: app${i}\n  ports:\n  - port: 80\n    targetPort: 8080\n`);
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg${i}\ndata:\n  INDEX: "${i}"\n`);
  }
  writeFileSync(join(dir, 'base', 'resources.yaml'), docs.join('---\n'));
  writeFileSync(join(dir, 'base', 'kustomization.yaml'), 'resources:\n- resources.yaml\ncommonLabels:\n  team: shop\n');
  const gens = Array.from({ length: 5 }, (_, i) => `- name: gen${i}\n  literals:\n  - KEY=${i}\n`).join('');
  writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), `resources:\n- ../base\nnamespace: prod\nnamePrefix: prod-\nconfigMapGenerator:\n${gens}patches:\n- target:\n    kind: Deployment\n  patch: |\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: any\n    spec:\n      replicas: 2\n`);
  return dir;
}


async function main(): Promise<void> {
  const fixture = mkdtempSync(join(tmpdir(), 'reconcile-bench-preview-fixture-'));
  cpSync(resolve(__dirname, '..', '..', 'test', 'fixtures', 'e2e-repo'), fixture, { recursive: true });
  const cases: Array<[string, string, string]> = [
    ['synthetic 50-object overlay', fiftyObjectRepo(), 'overlay'],
    ['e2e fixture apps/production', fixture, 'apps/production'],
  ];
  const rules = newValidator('1.34');
  const builtin: PreviewSettings = { engine: 'builtin' };
  console.log(`runs: ${RUNS} (medians, ms)`);
  console.log('| overlay | objects | bare render (peer) | preview, no validation | preview + validation | ratio (preview+validation / bare) | preview, kubectl engine |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, root, dir] of cases) {
    const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
    await index.scan();
    const target = { kind: 'path' as const, path: dir };
    const first = await renderPreview({ index, fs: nodeFileSystem, target, settings: builtin, trusted: true, rules });
    if (first.view.error) throw new Error(first.view.error);
    const bare = await time(async () => {
      const r = await renderKustomization(nodeFileSystem, join(root, dir), { root });
      if (!r.ok) throw new Error(r.error.message);
    });
    const plain = await time(() => renderPreview({ index, fs: nodeFileSystem, target, settings: builtin, trusted: true }));
    const validated = await time(() => renderPreview({ index, fs: nodeFileSystem, target, settings: builtin, trusted: true, rules }));
    const kubectl = kubectlAvailable()
      ? (await time(() => renderPreview({ index, fs: nodeFileSystem, target, settings: { engine: 'kubectl' }, trusted: true }), 5)).toFixed(0)
      : 'kubectl not installed';
    console.log(`| ${label} | ${first.view.objects.length} | ${bare.toFixed(1)} | ${plain.toFixed(1)} | ${validated.toFixed(1)} | ${(validated / bare).toFixed(2)}x | ${kubectl} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
