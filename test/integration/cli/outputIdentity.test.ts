// The speed work on `reconcile validate` (precompiled schemas, worker threads, fewer allocations) must not change
// a byte of what the CLI prints. The goldens under golden/ were produced by the code before that work began
// (commit 3c97896) and are compared byte for byte, order included: validate as text, json and SARIF, and
// `index --format json`, on each vendored corpus repository and on all four in one repository (CRDs of one
// seen by the others, and enough files that the CLI spreads them over worker threads).
// Regenerate only for an intended output change: RECONCILE_UPDATE_GOLDEN=1 node --import tsx --test <this file>
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../support/cli';
import { configure, git } from '../../support/git/tempRepo';
import { CORPUS, schemaDir } from '../../unit/validate/schemaDir';
import { VERSION } from '../../../src/version';

const GOLDEN = path.join(__dirname, 'golden');
const UPDATE = process.env.RECONCILE_UPDATE_GOLDEN === '1';
const REPOS = ['cert-manager__cert-manager', 'fluxcd__flux2-kustomize-helm-example', 'fluxcd__flux2-multi-tenancy', 'kubernetes__examples'];
const ALL = 'all-corpora';

interface Run {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

/** The scan pool forced on however small the repository, every file through a worker (the main thread only waits). */
const POOL = { RECONCILE_SCAN_POOL_MIN_BYTES: '0', RECONCILE_SCAN_POOL_WORKERS_ONLY: '1' };

const RUNS: Run[] = [
  { name: 'validate.txt', args: ['validate'] },
  { name: 'validate.json', args: ['validate', '--format', 'json'] },
  { name: 'validate.sarif', args: ['validate', '--format', 'sarif'] },
  { name: 'index.json', args: ['index', '--format', 'json'] },
  // The same goldens scanned in process (--jobs 1) and by the worker-thread pool (src/core/index/scanPool.ts).
  { name: 'validate.txt', args: ['validate', '--jobs', '1'] },
  { name: 'validate.json', args: ['validate', '--format', 'json', '--jobs', '2'], env: POOL },
  { name: 'validate.sarif', args: ['validate', '--format', 'sarif', '--jobs', '3'], env: POOL },
];

/** A git work tree holding copies of `folders` (each under its own name when several), so the repository root is known. */
async function repoOf(folders: string[]): Promise<string> {
  const dir = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-golden-')));
  for (const f of folders) await fsp.cp(path.join(CORPUS, f), folders.length === 1 ? dir : path.join(dir, f), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  configure(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'corpus');
  return dir;
}

/** The tool version is the one part of the output that changes on purpose with each release. */
function stable(text: string): string {
  return text.split(VERSION).join('<version>');
}

async function compare(file: string, actual: string): Promise<void> {
  const golden = path.join(GOLDEN, file);
  if (UPDATE) {
    await fsp.mkdir(GOLDEN, { recursive: true });
    await fsp.writeFile(golden, actual);
    return;
  }
  const expected = await fsp.readFile(golden, 'utf8');
  if (actual === expected) return;
  // Name the first differing line rather than dumping megabytes.
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  assert.fail(`${file} differs from the golden at line ${i + 1} (${a.length} lines, golden ${e.length}):\n  got      ${a[i] ?? '<end>'}\n  expected ${e[i] ?? '<end>'}`);
}

describe('CLI output is identical to the goldens on the vendored corpora', { concurrency: 2 }, () => {
  const dirs = new Map<string, string>();
  before(async () => {
    for (const r of REPOS) dirs.set(r, await repoOf([r]));
    dirs.set(ALL, await repoOf(REPOS));
  });
  after(async () => {
    for (const d of dirs.values()) await fsp.rm(d, { recursive: true, force: true });
  });

  for (const repo of [...REPOS, ALL]) {
    for (const run of RUNS) {
      it(`${repo}: ${run.env ? 'pool forced: ' : ''}reconcile ${run.args.join(' ')}`, async () => {
        const r = await runCli(run.args, { cwd: dirs.get(repo)!, env: { RECONCILE_SCHEMA_DIR: schemaDir(), ...run.env }, timeoutMs: 120_000 });
        // validate exits 1 when it finds errors (the corpora have some); anything else is a failure to run.
        assert.ok(r.code === 0 || (r.code === 1 && run.args[0] === 'validate'), `exit ${r.code}: ${r.stderr}`);
        await compare(`${repo}.${run.name}`, stable(r.stdout));
        await compare(`${repo}.${run.name}.exit`, `exit ${r.code}\n${stable(r.stderr)}`);
      });
    }
  }
});
