// Build-time generator: writes kubernetes-patch-meta.json next to this file from a Kubernetes swagger.json.
// Usage: node --import tsx src/core/render/merge/generateKubernetesPatchMeta.ts [swagger.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePatchMetaTable } from './patchMeta';

const source = process.argv[2] ?? '/work/shared/schemas/kubernetes-openapi-v2/swagger-release-1.30.json';
const table = compilePatchMetaTable(JSON.parse(readFileSync(source, 'utf8')));
const out = join(__dirname, 'kubernetes-patch-meta.json');
writeFileSync(out, JSON.stringify(table) + '\n');
process.stdout.write(`wrote ${out}: ${Object.keys(table.defs).length} definitions, ${Object.keys(table.gvk).length} kinds\n`);
