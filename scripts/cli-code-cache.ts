// Build step (`npm run build`, after webpack): the V8 code cache of the CLI's chunks (src/cli/codeCache.ts).
// Runs the bundled CLI once on a representative repository (`validate` of the vendored corpus) with
// RECONCILE_CODE_CACHE_PRODUCE=1, which writes `<chunk>.cache` beside each chunk the run loaded, after the run so
// the functions compiled lazily are in it. Old `.cache` files are removed first. The node that runs this script
// runs the CLI, so the cache is for this Node/V8 version and its default flags; anything else falls back to a
// normal compile at run time. Options: --dist <dir> (default dist), --repo <dir> (default test/fixtures/corpus).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..');

export function produceCodeCache(distDir: string, repo: string): { ok: true; files: string[] } | { ok: false; error: string } {
  const cli = path.join(distDir, 'cli.js');
  if (!fs.existsSync(cli)) return { ok: false, error: `${cli} does not exist: run webpack first` };
  for (const f of fs.readdirSync(distDir)) if (/^cli\..*\.js\.cache$/.test(f)) fs.rmSync(path.join(distDir, f));
  const env: NodeJS.ProcessEnv = { ...process.env, RECONCILE_CODE_CACHE_PRODUCE: '1' };
  delete env.NODE_OPTIONS; // the cache is for a plain `node dist/cli.js` (V8 rejects it under other flags)
  if (!fs.existsSync(path.join(distDir, 'schemas'))) env.RECONCILE_SCHEMA_DIR = path.join(PROJECT_ROOT, 'dist', 'schemas');
  const r = spawnSync(process.execPath, [cli, 'validate', '--jobs', '1', '.'], { cwd: repo, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // validate exits 1 when it reports findings (the corpus has some); 2 is a failed run.
  if (r.status !== 0 && r.status !== 1) return { ok: false, error: `reconcile validate exited ${r.status ?? r.signal}: ${r.stderr}` };
  const files = fs.readdirSync(distDir).filter((f) => /^cli\..*\.js\.cache$/.test(f)).sort();
  if (files.length === 0) return { ok: false, error: 'the run wrote no code cache' };
  return { ok: true, files };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dist = path.resolve(opt('--dist') ?? path.join(PROJECT_ROOT, 'dist'));
  const repo = path.resolve(opt('--repo') ?? path.join(PROJECT_ROOT, 'test', 'fixtures', 'corpus'));
  const r = produceCodeCache(dist, repo);
  if (!r.ok) {
    process.stderr.write(`cli code cache: ${r.error}\n`);
    process.exit(1);
  }
  const bytes = r.files.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
  process.stdout.write(`cli code cache: ${r.files.length} chunks, ${(bytes / 1024).toFixed(0)} KB (${r.files.join(', ')})\n`);
}
