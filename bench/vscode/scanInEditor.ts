// Runs inside a real VS Code extension host (code-server): full index scans of each corpus repository through
// the extension's `workspace.fs` adapter and through Node's fs (the peer), alternating, plus the longest
// event-loop stall seen during each scan (what the rest of the extension host waits for at worst).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import type { FileSystem } from '../../src/core/types';
import { WorkspaceFileSystem } from '../../src/vscode/workspaceFileSystem';
import { fmt, median } from '../support/stats';

async function timedScan(root: string, fileSystem: FileSystem): Promise<{ ms: number; maxStallMs: number; files: number }> {
  let last = performance.now();
  let maxStall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last);
    last = now;
  }, 1);
  const index = new RepositoryIndex({ root, fs: fileSystem });
  const t = performance.now();
  const summary = await index.scan();
  const ms = performance.now() - t;
  clearInterval(tick);
  return { ms, maxStallMs: Math.max(maxStall, performance.now() - last), files: summary.files };
}

/** The longest stall of a 1 ms timer while nothing runs: the machine's own scheduling noise, for comparison. */
async function idleStall(ms: number): Promise<number> {
  let last = performance.now();
  let maxStall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, ms));
  clearInterval(tick);
  return maxStall;
}

export async function run(): Promise<void> {
  const corpus = process.env.RECONCILE_BENCH_CORPUS;
  const runs = Number(process.env.RECONCILE_BENCH_RUNS ?? '5');
  if (!corpus || !fs.existsSync(corpus)) throw new Error(`RECONCILE_BENCH_CORPUS (${corpus}) is not a directory`);
  const repos = fs.readdirSync(corpus).filter((d) => fs.statSync(path.join(corpus, d)).isDirectory()).sort();
  const workspaceFs = new WorkspaceFileSystem(vscode.Uri.file('/'));
  console.log(`BENCH scan in the extension host (VS Code ${vscode.version}), ${runs} runs each, medians`);
  console.log('BENCH repo | files | node fs ms | workspace.fs ms | ratio | max stall node / workspace.fs ms');
  for (const repo of repos) {
    const root = path.join(corpus, repo);
    await timedScan(root, nodeFileSystem); // warm-up: disk cache, JIT
    const node: Array<{ ms: number; maxStallMs: number }> = [];
    const ws: Array<{ ms: number; maxStallMs: number }> = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      // Alternate the order so a drifting machine load hits both sides alike.
      const pair = i % 2 === 0 ? [nodeFileSystem, workspaceFs] : [workspaceFs, nodeFileSystem];
      for (const f of pair) {
        const r = await timedScan(root, f);
        files = r.files;
        (f === nodeFileSystem ? node : ws).push(r);
      }
    }
    const n = median(node.map((r) => r.ms));
    const w = median(ws.map((r) => r.ms));
    const stallN = Math.max(...node.map((r) => r.maxStallMs));
    const stallW = Math.max(...ws.map((r) => r.maxStallMs));
    console.log(`BENCH ${repo} | ${files} | ${fmt(n)} | ${fmt(w)} | ${fmt(w / n, 2)}x | ${fmt(stallN)} / ${fmt(stallW)}`);
  }
  console.log(`BENCH baseline: longest 1 ms-timer stall with no scan running (2 s): ${fmt(await idleStall(2000))} ms`);
}
