// Extra schema folders (setting `reconcile.validation.schemaFolders`, CLI --schema-folder): JSON Schemas in
// the CRDs-catalog layout `<group>/<kind>_<version>.json`, the one kubeconform and yaml-language-server use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiVersionOf } from './convertOpenApi';
import { JsonSchema } from './bundleFormat';
import { SchemaRegistry } from './schemaRegistry';

export interface SchemaFolderResult {
  added: number;
  /** Files that could not be used, with why; the others still load. */
  problems: string[];
}

export function addSchemaFolder(registry: SchemaRegistry, dir: string): SchemaFolderResult {
  const result: SchemaFolderResult = { added: 0, problems: [] };
  let groups: string[];
  try {
    groups = fs.readdirSync(dir);
  } catch (e) {
    result.problems.push(`${dir}: ${(e as Error).message}`);
    return result;
  }
  for (const group of groups) {
    const groupDir = path.join(dir, group);
    if (!fs.statSync(groupDir).isDirectory()) continue;
    for (const file of fs.readdirSync(groupDir)) {
      const m = /^(.+)_([^_]+)\.json$/.exec(file);
      if (!m) continue;
      try {
        const schema = JSON.parse(fs.readFileSync(path.join(groupDir, file), 'utf8')) as JsonSchema;
        registry.addExtraSchema(apiVersionOf(group, m[2]), m[1], schema);
        result.added++;
      } catch (e) {
        result.problems.push(`${path.join(groupDir, file)}: ${(e as Error).message}`);
      }
    }
  }
  return result;
}
