// One size of the scale benchmark, in a fresh process (so memory is this size's alone): what the editor does on
// a first scan, under plain Node: the index scan with the longest event-loop stall, the resources tree's first
// level, expanding the biggest app, expanding everything. Prints one JSON line.
// Run: node --import tsx bench/scale/inProcess.ts <repo-dir>
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { startStallMonitor } from '../support/stallMonitor';
import { buildResourceTree, ResourceTreeNode } from '../../src/vscode/resources/resourceTreeModel';

export interface InProcessResult {
  scanMs: number;
  scanCpuMs: number;
  maxStallMs: number;
  rssMB: number;
  peakRssMB: number;
  heapMB: number;
  resources: number;
  apps: number;
  treeFirstLevelMs: number;
  treeExpandBiggestAppMs: number;
  treeExpandAllMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function countNodes(n: ResourceTreeNode): number {
  return n.type === 'resource' ? 1 : 1 + n.children.reduce((s, c) => s + countNodes(c), 0);
}

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root) throw new Error('usage: inProcess.ts <repo-dir>');
  const stalls = startStallMonitor();
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await index.scan();
  const scanMs = performance.now() - t0;
  const scanCpuMs = cpuMs(cpu0);
  const maxStall = stalls.stop();

  // The view's getChildren(): apps and resources come from the index's derived views (built by the scan's summary).
  let t = performance.now();
  const roots = buildResourceTree({ apps: index.apps(), appResources: (a) => index.appResources(a), resources: index.resources() });
  const treeFirstLevelMs = performance.now() - t;
  const biggest = roots.reduce((a, b) => (countNodes(a) >= countNodes(b) ? a : b), roots[0]);
  // countNodes above built every app's children: time a fresh tree instead.
  const fresh = buildResourceTree({ apps: index.apps(), appResources: (a) => index.appResources(a), resources: index.resources() });
  const target = fresh.find((n) => n.id === biggest?.id);
  t = performance.now();
  if (target && target.type !== 'resource') for (const ns of target.children) if (ns.type !== 'resource') void ns.children;
  const treeExpandBiggestAppMs = performance.now() - t;
  t = performance.now();
  const nodes = fresh.reduce((s, n) => s + countNodes(n), 0);
  const treeExpandAllMs = performance.now() - t;

  const mem = process.memoryUsage();
  const out: InProcessResult & { nodes: number; files: number } = {
    scanMs,
    scanCpuMs,
    maxStallMs: maxStall,
    rssMB: mem.rss / 1024 / 1024,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    heapMB: mem.heapUsed / 1024 / 1024,
    resources: summary.resources,
    apps: roots.length,
    files: summary.files,
    nodes,
    treeFirstLevelMs,
    treeExpandBiggestAppMs,
    treeExpandAllMs,
  };
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
