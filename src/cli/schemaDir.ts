// Where the CLI finds the built schemas (dist/schemas, made by `npm run build:schemas`).
import { existsSync } from 'fs';
import * as path from 'path';

/** RECONCILE_SCHEMA_DIR, next to the bundled CLI (dist/cli.js → dist/schemas), or dist/schemas when run from source. */
export function defaultSchemaDir(env: Record<string, string | undefined>): string {
  // From source this file is src/cli/schemaDir.ts; bundled, __dirname is dist/.
  const candidates = [env.RECONCILE_SCHEMA_DIR, path.join(__dirname, 'schemas'), path.resolve(__dirname, '..', '..', 'dist', 'schemas')];
  return candidates.find((c): c is string => !!c && existsSync(path.join(c, 'manifest.json'))) ?? path.join(__dirname, 'schemas');
}
