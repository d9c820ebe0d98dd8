// The property-based supply: random kustomization trees (fast-check), each rendered by both engines.
// Case i uses seed+i, so any case can be replayed alone; a difference is shrunk (fast-check's shrinker,
// keeping the same verdict) within a budget of oracle runs, then written as a reproduction.
import fc from 'fast-check';
import { join } from 'node:path';
import { relative } from 'node:path';
import { Oracle } from './oracle';
import { Outcome, differential, isDifference } from './compare';
import { Tally } from './tally';
import { withTree, Tree } from './tree';
import { caseSpec, buildTree, CaseSpec } from './gen/tree';
import { forEachLimited } from './pool';
import { caseName, writeRepro } from './repro';
import { PROJECT } from './sources';

export interface GeneratedOptions {
  runs: number;
  seed: number;
  concurrency: number;
  /** Oracle runs one shrink may spend; 0 writes differences unshrunk. */
  shrinkBudget: number;
  /** Where reproductions go; none written when undefined. */
  out?: string;
  quiet?: boolean;
  /** Fields the generator leaves out (see caseSpec). */
  exclude?: ReadonlySet<string>;
}

export interface Found {
  index: number;
  spec: CaseSpec;
  tree: Tree;
  entry: string;
  outcome: Outcome;
}

export async function renderCase(spec: CaseSpec, oracle: Oracle): Promise<{ tree: Tree; entry: string; outcome: Outcome }> {
  const { tree, entry } = buildTree(spec);
  const outcome = await withTree(tree, (root) => differential(join(root, entry), root, oracle));
  return { tree, entry, outcome };
}

function family(o: Outcome): string {
  return o.verdict === 'equal' ? 'bytes' : o.verdict;
}

/** Runs case `index`; returns the (shrunk) difference, if any. */
export async function runCase(index: number, o: GeneratedOptions, oracle: Oracle): Promise<{ outcome: Outcome; found?: Found }> {
  const arb = caseSpec(true, o.exclude);
  let first: Outcome | undefined;
  let best: Found | undefined;
  let evals = 0;
  const prop = fc.asyncProperty(arb, async (spec) => {
    evals++;
    if (evals > 1 && evals > o.shrinkBudget + 1) return true;
    const r = await renderCase(spec, oracle);
    if (evals === 1) first = r.outcome;
    if (isDifference(r.outcome) && first && family(r.outcome) === family(first)) {
      best = { index, spec, ...r };
      return false;
    }
    return true;
  });
  await fc.check(prop, { seed: o.seed + index, numRuns: 1, unbiased: index % 2 === 0 });
  return { outcome: first as Outcome, found: best };
}

export async function runGenerated(oracle: Oracle, o: GeneratedOptions): Promise<Tally> {
  const t = new Tally();
  const families = new Map<string, number>();
  await forEachLimited(Array.from({ length: o.runs }, (_, i) => i), o.concurrency, async (i) => {
    const { outcome, found } = await runCase(i, o, oracle);
    t.add(`case ${i}`, outcome);
    if (!o.quiet && t.total % 500 === 0) process.stdout.write(`  … ${t.line(`${t.total} of ${o.runs}`)}\n`);
    if (!found) return;
    const fam = `${family(found.outcome)}: ${found.outcome.detail.replace(/\d+/g, 'N').slice(0, 120)}`;
    families.set(fam, (families.get(fam) ?? 0) + 1);
    if (o.out) {
      const where = writeRepro(o.out, caseName(`generated-${found.outcome.verdict}-seed${o.seed + i}`, found.tree), found.tree, found.entry, found.outcome, `generated case ${i} (seed ${o.seed + i}), shrunk`);
      if (!o.quiet) process.stdout.write(`  ${found.outcome.verdict}: case ${i} → ${relative(PROJECT, where)}\n    ${found.outcome.detail.slice(0, 300)}\n`);
    }
  });
  if (families.size && !o.quiet) {
    process.stdout.write('  difference families (shrunk first lines):\n');
    for (const [f, n] of [...families].sort((a, b) => b[1] - a[1])) process.stdout.write(`    ${n} × ${f}\n`);
  }
  return t;
}
