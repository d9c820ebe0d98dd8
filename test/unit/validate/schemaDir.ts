// Builds the schemas once per source state into a temp directory shared by the validation tests
// (the build takes ~2 s; every test file would otherwise repeat it).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSchemas } from '../../../scripts/build-schemas';

export const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared');
export const SCHEMA_SOURCE = path.join(SHARED, 'schemas');
export const CORPUS = path.join(SHARED, 'corpus');

function fingerprint(): string {
  const h = crypto.createHash('sha1');
  // The converter's own sources decide the output as much as the inputs do.
  const dirs = [path.resolve(__dirname, '..', '..', '..', 'src', 'core', 'validate', 'schemas'), path.join(SCHEMA_SOURCE, 'kubernetes-openapi-v2')];
  for (const d of dirs) for (const f of fs.readdirSync(d).sort()) h.update(f + fs.statSync(path.join(d, f)).mtimeMs);
  h.update(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'scripts', 'build-schemas.ts')));
  return h.digest('hex').slice(0, 12);
}

let built: string | undefined;

export function schemaDir(): string {
  if (built) return built;
  const dir = path.join(os.tmpdir(), `reconcile-test-schemas-${fingerprint()}`);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    const tmp = `${dir}.${process.pid}.tmp`;
    buildSchemas(SCHEMA_SOURCE, tmp);
    try {
      fs.renameSync(tmp, dir);
    } catch {
      // Another test process won the race; its build is identical.
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  built = dir;
  return dir;
}
