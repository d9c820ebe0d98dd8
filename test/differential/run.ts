// `npm run diff:kustomize -- [--runs N] [--seed N] [--supply corpus,krusty,generated] [--out DIR]
//   [--corpus DIR]... [--concurrency N] [--shrink-budget N]`
// Renders every input with the built-in engine and with `kubectl kustomize`, prints
// equal / differ / both-error / only-ours-failed / only-kustomize-failed per supply, and writes each
// difference as a reproduction under --out (default test-output/differential). Generated differences are
// shrunk first. Exit code 1 when any difference was found.
import { join, relative } from 'node:path';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findOracle, Oracle } from './oracle';
import { differential, isDifference } from './compare';
import { PROJECT, corpusDirs, krustyRuns, CORPUS_ROOTS } from './sources';
import { readTree, withTree } from './tree';
import { caseName, writeRepro } from './repro';
import { forEachLimited } from './pool';
import { Tally } from './tally';
import { runGenerated } from './generated';
import krusty from '../conformance/krusty/cases.json';
import type { KrustyCase } from '../conformance/krusty/runKrustyCase';

interface Args {
  runs: number;
  seed: number;
  supplies: string[];
  out: string;
  corpus: string[];
  concurrency: number;
  shrinkBudget: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { runs: 300, seed: 1, supplies: ['corpus', 'krusty', 'generated'], out: join(PROJECT, 'test-output/differential'), corpus: [], concurrency: 3, shrinkBudget: 150 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    const num = (name: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got '${v ?? ''}'`);
      i++;
      return n;
    };
    switch (argv[i]) {
      case '--runs': a.runs = num('--runs'); break;
      case '--seed': a.seed = num('--seed'); break;
      case '--concurrency': a.concurrency = Math.max(1, num('--concurrency')); break;
      case '--shrink-budget': a.shrinkBudget = num('--shrink-budget'); break;
      case '--supply': a.supplies = (v ?? '').split(',').filter(Boolean); i++; break;
      case '--out': a.out = v ?? a.out; i++; break;
      case '--corpus': if (v) a.corpus.push(v); i++; break;
      default: throw new Error(`unknown argument '${argv[i]}' (see the header of test/differential/run.ts)`);
    }
  }
  for (const s of a.supplies) if (!['corpus', 'krusty', 'generated'].includes(s)) throw new Error(`unknown supply '${s}': corpus, krusty or generated`);
  return a;
}

async function corpus(oracle: Oracle, a: Args): Promise<Tally> {
  const t = new Tally();
  const roots = [...CORPUS_ROOTS.map((r) => join(PROJECT, r)), ...a.corpus];
  await forEachLimited(corpusDirs(roots), a.concurrency, async (c) => {
    const o = await differential(c.dir, c.root, oracle);
    t.add(c.label, o);
    if (isDifference(o)) {
      const where = writeRepro(a.out, caseName(`corpus-${c.label}`, {}), readTree(c.root), relative(c.root, c.dir) || '.', o, `corpus ${c.label}`);
      process.stdout.write(`  ${o.verdict}: ${c.label} → ${relative(PROJECT, where)}\n    ${o.detail.slice(0, 300)}\n`);
    }
  });
  return t;
}

async function krustySupply(oracle: Oracle, a: Args): Promise<Tally> {
  const t = new Tally();
  await forEachLimited(krustyRuns((krusty as unknown as { cases: KrustyCase[] }).cases), a.concurrency, async (run) => {
    const o = await withTree(run.tree, (root) => differential(join(root, run.entry), root, oracle));
    t.add(run.label, o);
    if (isDifference(o)) {
      const where = writeRepro(a.out, caseName(`krusty-${run.label}`, run.tree), run.tree, run.entry, o, `krusty ${run.label}`);
      process.stdout.write(`  ${o.verdict}: ${run.label} → ${relative(PROJECT, where)}\n    ${o.detail.slice(0, 300)}\n`);
    }
  });
  return t;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const oracle = findOracle();
  if (!oracle) {
    process.stdout.write('kubectl was not found (set RECONCILE_KUBECTL or put kubectl on PATH): the differential harness needs kustomize as its oracle; nothing compared.\n');
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`oracle: ${oracle.bin} (${oracle.version}); reproductions under ${relative(PROJECT, a.out) || a.out}\n`);
  rmSync(a.out, { recursive: true, force: true });
  const lines: string[] = [];
  let differences = 0;
  for (const s of a.supplies) {
    const t0 = performance.now();
    process.stdout.write(`== ${s}\n`);
    const t = s === 'corpus' ? await corpus(oracle, a) : s === 'krusty' ? await krustySupply(oracle, a) : await runGenerated(oracle, { ...a, out: a.out });
    const line = `${t.line(s === 'generated' ? `generated (seed ${a.seed}, runs ${a.runs})` : s)} [${((performance.now() - t0) / 1000).toFixed(1)} s]`;
    process.stdout.write(line + '\n');
    lines.push(line);
    differences += t.differences.length;
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (differences > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
