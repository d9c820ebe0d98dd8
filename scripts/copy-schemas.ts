// `npm run build:schemas`: puts the committed schema bundle (media/schemas) where the extension and the CLI
// load it from (dist/schemas), after checking it is whole. Making the bundle is `npm run schemas:update`.
// Options: --out <dir> (default dist/schemas).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_DIR, PROJECT_ROOT, bundleProblems } from './schemaBundle';

/** Replaces `outDir` with a copy of `bundleDir`; an error value when the bundle is not whole. */
export function copySchemas(bundleDir: string, outDir: string): { ok: true; files: number } | { ok: false; error: string } {
  const problems = bundleProblems(bundleDir);
  if (problems.length > 0) return { ok: false, error: problems.join('\n') };
  // Whole-folder replace: a file dropped from the bundle must not survive in dist/ from an older build.
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  fs.cpSync(bundleDir, outDir, { recursive: true });
  return { ok: true, files: fs.readdirSync(outDir).length };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const out = path.resolve(i >= 0 && args[i + 1] ? args[i + 1] : path.join(PROJECT_ROOT, 'dist', 'schemas'));
  const r = copySchemas(BUNDLE_DIR, out);
  if (!r.ok) {
    process.stderr.write(`build:schemas: ${r.error}\n`);
    process.exit(1);
  }
  process.stdout.write(`schemas: ${r.files} files ${path.relative(PROJECT_ROOT, BUNDLE_DIR)} → ${path.relative(PROJECT_ROOT, out) || out}\n`);
}
