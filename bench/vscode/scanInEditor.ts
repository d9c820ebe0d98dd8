// Runs inside a real VS Code extension host (code-server): full index scans of each corpus repository (and of
// generated monorepos, RECONCILE_BENCH_EXTRA) through the file system the extension uses for a local folder,
// through Node's fs (the peer) and through `workspace.fs` (what virtual workspaces use), in rotating order, plus
// the I/O floor and the longest event-loop stall seen during each scan (what the rest of the host waits for).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import type { FileSystem } from '../../src/core/types';
import { fileSystemFor, WorkspaceFileSystem } from '../../src/vscode/workspaceFileSystem';
import { startStallMonitor } from '../support/stallMonitor';
import { fmt, median } from '../support/stats';

async function timedScan(root: string, fileSystem: FileSystem): Promise<{ ms: number; maxStallMs: number; files: number }> {
  const stalls = startStallMonitor();
  const index = new RepositoryIndex({ root, fs: fileSystem });
  const t = performance.now();
  const summary = await index.scan();
  const ms = performance.now() - t;
  return { ms, maxStallMs: stalls.stop(), files: summary.files };
}

/** The longest stall of a 1 ms timer while nothing runs: the machine's own scheduling noise, for comparison. */
async function idleStall(ms: number): Promise<number> {
  const stalls = startStallMonitor();
  await new Promise((r) => setTimeout(r, ms));
  return stalls.stop();
}

/** The I/O floor: every file the scan indexed, read with Node's fs (directories listed, nothing parsed). */
async function rawRead(root: string): Promise<number> {
  const t = performance.now();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.promises.readdir(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) await fs.promises.readFile(p);
    }
  };
  await walk(root);
  return performance.now() - t;
}

export async function run(): Promise<void> {
  const corpus = process.env.RECONCILE_BENCH_CORPUS;
  const runs = Number(process.env.RECONCILE_BENCH_RUNS ?? '5');
  if (!corpus || !fs.existsSync(corpus)) throw new Error(`RECONCILE_BENCH_CORPUS (${corpus}) is not a directory`);
  const roots = fs
    .readdirSync(corpus)
    .filter((d) => fs.statSync(path.join(corpus, d)).isDirectory())
    .sort()
    .map((d) => path.join(corpus, d));
  // Generated monorepos (bench/scale), scanned like the corpus repositories.
  for (const extra of (process.env.RECONCILE_BENCH_EXTRA ?? '').split(path.delimiter).filter(Boolean)) roots.push(extra);
  // What the extension's index uses for a local folder (createServices → fileSystemFor), and workspace.fs, which it
  // keeps for virtual and remote-only file systems.
  const sides: Array<{ label: string; fs: (root: string) => FileSystem }> = [
    { label: 'extension', fs: (root) => fileSystemFor(vscode.Uri.file(root)) },
    { label: 'node', fs: () => nodeFileSystem },
    { label: 'workspace.fs', fs: () => new WorkspaceFileSystem(vscode.Uri.file('/')) },
  ];
  console.log(`BENCH scan in the extension host (VS Code ${vscode.version}), ${runs} runs each, medians; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log("BENCH 'extension' is the file system the extension's index uses for a file: folder; 'node' is the same scan over Node's fs (the peer: target extension/node <= 1.5x); 'read' is the I/O floor (Node's fs reading the same files, no parsing)");
  console.log('BENCH repo | files | read ms | node ms | extension ms | extension/node | workspace.fs ms | workspace.fs/node | max stall node / extension / workspace.fs ms');
  for (const root of roots) {
    await timedScan(root, nodeFileSystem); // warm-up: disk cache, JIT
    const results = new Map<string, Array<{ ms: number; maxStallMs: number }>>(sides.map((s) => [s.label, []]));
    const reads: number[] = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      // Rotate the order so a drifting machine load hits every side alike.
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(i + k) % sides.length];
        const r = await timedScan(root, side.fs(root));
        files = r.files;
        results.get(side.label)!.push(r);
      }
      reads.push(await rawRead(root));
    }
    const ms = (label: string) => median(results.get(label)!.map((r) => r.ms));
    const stall = (label: string) => fmt(Math.max(...results.get(label)!.map((r) => r.maxStallMs)));
    const n = ms('node');
    console.log(
      `BENCH ${path.basename(root)} | ${files} | ${fmt(median(reads))} | ${fmt(n)} | ${fmt(ms('extension'))} | ${fmt(ms('extension') / n, 2)}x | ${fmt(ms('workspace.fs'))} | ${fmt(ms('workspace.fs') / n, 2)}x | ${stall('node')} / ${stall('extension')} / ${stall('workspace.fs')}`,
    );
  }
  console.log(`BENCH baseline: longest 1 ms-timer stall with no scan running (2 s): ${fmt(await idleStall(2000))} ms`);
}
