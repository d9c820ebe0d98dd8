// Build-time generator: writes kubernetes-patch-meta.json next to this file from a Kubernetes OpenAPI v2
// document (swagger.json). Where those documents come from: docs/schemas.md.
// Usage: node --import tsx src/core/render/merge/generateKubernetesPatchMeta.ts <swagger-release-X.Y.json>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePatchMetaTable } from './patchMeta';

const source = process.argv[2];
if (!source || !existsSync(source)) {
  process.stderr.write(`${source ? `no such file: ${source}\n` : ''}usage: node --import tsx src/core/render/merge/generateKubernetesPatchMeta.ts <swagger-release-X.Y.json>\n`);
  process.exit(2);
}
let table: ReturnType<typeof compilePatchMetaTable>;
try {
  table = compilePatchMetaTable(JSON.parse(readFileSync(source, 'utf8')));
} catch (e) {
  process.stderr.write(`${source}: not an OpenAPI v2 document (${e instanceof Error ? e.message : String(e)})\n`);
  process.exit(1);
}
const out = join(__dirname, 'kubernetes-patch-meta.json');
writeFileSync(out, JSON.stringify(table) + '\n');
process.stdout.write(`wrote ${out}: ${Object.keys(table.defs).length} definitions, ${Object.keys(table.gvk).length} kinds\n`);
