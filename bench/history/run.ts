// History benchmark: an overlay Deployment's history across 200 generated commits (base, patch,
// image tag, unrelated files), cancellation latency, and the commit file system against its peers
// in the same run (one `git ls-tree` per commit; one `git show` process per file read).
// Run: node --import tsx bench/history/run.ts [commits]
import { execFileSync, execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { objectHistory } from '../../src/core/history/objectHistory';
import { builtinRender, RenderFunction } from '../../src/core/history/renderFunction';
import { GitObjectStore } from '../../src/core/history/gitObjectStore';
import { GitTreeFileSystem } from '../../src/core/history/gitTreeFileSystem';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { deploymentYaml, overlayKustomization, replicasPatch, serviceYaml } from '../../test/integration/history/gitopsRepo';
import { fmt, median, timeRuns } from '../support/stats';

const COMMITS = Number(process.argv[2] ?? 200);
const CORPUS = path.resolve(__dirname, '../../test/fixtures/corpus/fluxcd__flux2-kustomize-helm-example');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 64 * 1024 * 1024 });
}

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
}

/** 200 commits cycling through five kinds of change; returns how many changed the overlay's Deployment. */
async function generate(dir: string): Promise<number> {
  git(path.dirname(dir), 'init', '-q', '-b', 'main', dir);
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@reconcile.invalid');
  await fs.cp(CORPUS, path.join(dir, 'corpus'), { recursive: true }); // unrelated real manifests
  await write(dir, {
    'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n',
    'base/deployment.yaml': deploymentYaml(),
    'base/service.yaml': serviceYaml(),
    'overlays/prod/kustomization.yaml': overlayKustomization('1.0.0'),
    'overlays/prod/replicas.yaml': replicasPatch(1),
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  let changing = 1;
  for (let i = 1; i < COMMITS; i++) {
    const kind = i % 5;
    if (kind === 0) await write(dir, { 'base/deployment.yaml': deploymentYaml({ env: `v${i}` }) });
    else if (kind === 1) await write(dir, { 'overlays/prod/replicas.yaml': replicasPatch(i + 1) });
    else if (kind === 2) await write(dir, { 'overlays/prod/kustomization.yaml': overlayKustomization(`1.${i}.0`) });
    else if (kind === 3) await write(dir, { [`corpus/notes/n${i}.md`]: `note ${i}\n` });
    else await write(dir, { 'base/service.yaml': serviceYaml(8000 + i) });
    if (kind <= 2) changing++;
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `change ${i} (kind ${kind})`);
  }
  return changing;
}

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-bench-history-'));
  const dir = path.join(root, 'repo');
  try {
    const t0 = performance.now();
    const expected = await generate(dir);
    console.log(`generated ${COMMITS} commits in ${fmt((performance.now() - t0) / 1000)} s; ${expected} change the overlay's Deployment`);
    const target = { kind: 'Deployment', name: 'web', namespace: 'prod' };

    let renders = 0;
    const counting: RenderFunction = (f, r, a, t) => {
      renders++;
      return builtinRender(f, r, a, t);
    };
    let found = 0;
    let scanned = 0;
    const historyMs = await timeRuns(5, async () => {
      renders = 0;
      const r = await objectHistory({ repoDir: dir, appPath: 'overlays/prod', target, pageSize: COMMITS, render: counting });
      if (!r.ok) throw new Error(r.error.message);
      found = r.value.entries.length;
      scanned = r.value.scanned;
    });
    if (found !== expected) throw new Error(`history found ${found} entries, expected ${expected}`);
    const oneRender = median(await timeRuns(20, () => builtinRender(nodeFileSystem, dir, 'overlays/prod', { isCancellationRequested: false })));
    console.log(`\nhistory of Deployment prod/web over ${COMMITS} commits (${scanned} candidates, ${found} entries, ${renders} renders):`);
    console.log(`  median ${fmt(median(historyMs))} ms (runs: ${historyMs.map((x) => fmt(x, 0)).join(', ')}); target < 3000 ms`);
    console.log(`  one render of the overlay from the working tree: ${fmt(oneRender, 2)} ms; history = ${fmt(median(historyMs) / oneRender, 0)}x one render`);

    // Cancellation: cancel 150 ms in, measure how long until the call returns.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      let cancelAt = 0;
      const token = { isCancellationRequested: false };
      const timer = setTimeout(() => {
        cancelAt = performance.now();
        token.isCancellationRequested = true;
      }, 150);
      const r = await objectHistory({ repoDir: dir, appPath: 'overlays/prod', target, pageSize: COMMITS, token });
      clearTimeout(timer);
      if (r.ok) throw new Error('history finished before it was cancelled; raise the commit count');
      latencies.push(performance.now() - cancelAt);
    }
    console.log(`\ncancellation 150 ms into a full walk: returns ${fmt(median(latencies), 1)} ms after the request (median of 5; max ${fmt(Math.max(...latencies), 1)} ms)`);

    // The commit file system against its peers: read the overlay's closure at every commit.
    const commits = git(dir, 'rev-list', 'HEAD').trim().split('\n');
    const files = ['base/kustomization.yaml', 'base/deployment.yaml', 'base/service.yaml', 'overlays/prod/kustomization.yaml', 'overlays/prod/replicas.yaml'];
    const lazy = await timeRuns(3, async () => {
      const store = new GitObjectStore(dir);
      for (const c of commits) {
        const f = (await GitTreeFileSystem.atCommit(store, c, dir))!;
        await Promise.all(files.map((p) => f.readFile(path.join(dir, p))));
      }
      store.dispose();
    });
    // The peers spawn a process per commit or per file, slow enough that a sample of commits says it.
    const sample = commits.slice(0, 40);
    const listed = await timeRuns(1, async () => {
      const store = new GitObjectStore(dir);
      for (const c of sample) {
        const f = await GitTreeFileSystem.atCommitListed(store, c, dir);
        await Promise.all(files.map((p) => f.readFile(path.join(dir, p))));
      }
      store.dispose();
    });
    const show = await timeRuns(1, async () => {
      for (const c of sample) {
        await Promise.all(files.map((p) => new Promise((resolve, reject) => execFile('git', ['show', `${c}:${p}`], { cwd: dir }, (e, out) => (e ? reject(e) : resolve(out))))));
      }
    });
    const perLazy = median(lazy) / commits.length;
    const perListed = median(listed) / sample.length;
    const perShow = median(show) / sample.length;
    console.log(`\nreading the 5 closure files at a commit (tree of ${git(dir, 'ls-tree', '-r', 'HEAD').split('\n').length - 1} files), per commit:`);
    console.log(`  GitTreeFileSystem, lazy trees over one cat-file process: ${fmt(perLazy, 2)} ms (all ${commits.length} commits, median of 3)`);
    console.log(`  GitTreeFileSystem, one git ls-tree -r per commit:         ${fmt(perListed, 2)} ms (${fmt(perListed / perLazy, 1)}x; ${sample.length} commits)`);
    console.log(`  one git show process per file:                           ${fmt(perShow, 2)} ms (${fmt(perShow / perLazy, 1)}x; ${sample.length} commits)`);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
