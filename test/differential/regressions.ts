// Committed regression cases: `regressions/<name>/input/...` (the shrunk tree), `case.json` (entry
// directory, what it found, and for kustomize's own bugs the upstream issue), and kustomize's output
// `expected.yaml`, or `expected-error.txt` when kustomize refuses the input. A case with `upstream` records
// a kustomize v5.5 bug the engine does not copy: `ours.yaml` holds the fixed output the engine gives.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGRESSIONS } from './sources';
import { Tree, writeTree } from './tree';
import { Side } from './compare';

export interface RegressionCase {
  name: string;
  dir: string;
  entry: string;
  note: string;
  /** kustomize v5.5 behaviour we deliberately do not copy (a bug fixed upstream): the issue or PR. */
  upstream?: string;
  expected: Side;
  /** With `upstream`: what the engine renders instead (`ours.yaml`), the fixed behaviour. */
  ours?: string;
}

export function listRegressions(root = REGRESSIONS): RegressionCase[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().filter((n) => existsSync(join(root, n, 'case.json'))).map((name) => {
    const dir = join(root, name);
    const meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { entry: string; note: string; upstream?: string };
    const errFile = join(dir, 'expected-error.txt');
    const expected: Side = existsSync(errFile) ? { ok: false, message: readFileSync(errFile, 'utf8').trim() } : { ok: true, yaml: readFileSync(join(dir, 'expected.yaml'), 'utf8') };
    const oursFile = join(dir, 'ours.yaml');
    const ours = meta.upstream && existsSync(oursFile) ? readFileSync(oursFile, 'utf8') : undefined;
    return { name, dir, entry: meta.entry, note: meta.note, upstream: meta.upstream, expected, ours };
  });
}

/** Writes a new regression case (used by `run.ts --save NAME` after a difference is shrunk). */
export function saveRegression(name: string, tree: Tree, entry: string, kustomize: Side, note: string, root = REGRESSIONS): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeTree(join(dir, 'input'), tree);
  writeFileSync(join(dir, 'case.json'), JSON.stringify({ entry, note }, null, 2) + '\n');
  if (kustomize.ok) writeFileSync(join(dir, 'expected.yaml'), kustomize.yaml);
  else writeFileSync(join(dir, 'expected-error.txt'), kustomize.message + '\n');
  return dir;
}
