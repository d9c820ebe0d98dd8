// Converts ../shared/schemas (Kubernetes OpenAPI v2 per release + the datreeio CRD catalog) into the compact,
// gzip-compressed JSON Schemas the validator loads (dist/schemas). Run: `node --import tsx scripts/build-schemas.ts`.
// Options: --source <dir> (default ../shared/schemas, or $RECONCILE_SCHEMA_SOURCE), --out <dir> (default dist/schemas).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { convertSwagger, apiVersionOf } from '../src/core/validate/schemas/convertOpenApi';
import { convertCrdRoot } from '../src/core/validate/schemas/convertCrd';
import { HISTORICAL_GROUPS, HISTORICAL_REMOVALS } from '../src/core/validate/schemas/historicalRemovals';
import { compareReleases } from '../src/core/validate/apiLifecycle';
import {
  ApiVersionsFile,
  CrdCatalogFile,
  SCHEMA_FILES,
  SchemaManifest,
} from '../src/core/validate/schemas/bundleFormat';

export const DEFAULT_KUBERNETES_VERSION = '1.34';

export interface BuildResult {
  files: Array<{ name: string; bytes: number }>;
  totalBytes: number;
  kubernetesVersions: string[];
  crdSchemas: number;
}

function writeGz(outDir: string, name: string, data: unknown, files: BuildResult['files']): void {
  const buf = zlib.gzipSync(Buffer.from(JSON.stringify(data)), { level: 9 });
  fs.writeFileSync(path.join(outDir, name), buf);
  files.push({ name, bytes: buf.length });
}

export function buildSchemas(sourceDir: string, outDir: string): BuildResult {
  fs.mkdirSync(outDir, { recursive: true });
  const files: BuildResult['files'] = [];
  const openapiDir = path.join(sourceDir, 'kubernetes-openapi-v2');
  const versions = fs
    .readdirSync(openapiDir)
    .map((f) => /^swagger-release-(\d+\.\d+)\.json$/.exec(f)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort(compareReleases);
  if (versions.length === 0) throw new Error(`no swagger-release-<version>.json files in ${openapiDir}`);

  const servedIn = new Map<string, string[]>();
  const groups = new Set<string>(HISTORICAL_GROUPS);
  for (const version of versions) {
    const swagger: unknown = JSON.parse(fs.readFileSync(path.join(openapiDir, `swagger-release-${version}.json`), 'utf8'));
    const converted = convertSwagger(swagger, version, { descriptions: true });
    writeGz(outDir, SCHEMA_FILES.kubernetes(version), converted, files);
    for (const key of Object.keys(converted.kinds)) {
      if (key.endsWith('List')) continue;
      const list = servedIn.get(key) ?? [];
      list.push(version);
      servedIn.set(key, list);
      const apiVersion = key.slice(0, key.lastIndexOf('/'));
      groups.add(apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
    }
  }
  const apiVersions: ApiVersionsFile = {
    versions,
    builtinGroups: [...groups].sort(),
    entries: [...servedIn].map(([key, served]) => {
      const slash = key.lastIndexOf('/');
      return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), servedIn: served };
    }),
    historical: HISTORICAL_REMOVALS,
  };
  writeGz(outDir, SCHEMA_FILES.apiVersions, apiVersions, files);

  const catalogDir = path.join(sourceDir, 'crds-catalog');
  const catalog: CrdCatalogFile = {
    source: 'datreeio/CRDs-catalog (MIT), see crds-catalog.LICENSE',
    license: 'MIT',
    schemas: {},
  };
  if (fs.existsSync(catalogDir)) {
    for (const group of fs.readdirSync(catalogDir)) {
      const groupDir = path.join(catalogDir, group);
      if (!fs.statSync(groupDir).isDirectory()) continue;
      for (const file of fs.readdirSync(groupDir)) {
        const m = /^(.+)_([^_]+)\.json$/.exec(file);
        if (!m) continue;
        const schema: unknown = JSON.parse(fs.readFileSync(path.join(groupDir, file), 'utf8'));
        catalog.schemas[`${apiVersionOf(group, m[2])}/${m[1].toLowerCase()}`] = convertCrdRoot(schema, { descriptions: true });
      }
    }
    fs.copyFileSync(path.join(catalogDir, 'LICENSE'), path.join(outDir, 'crds-catalog.LICENSE'));
  }
  writeGz(outDir, SCHEMA_FILES.crds, catalog, files);
  fs.copyFileSync(path.join(openapiDir, 'LICENSE.kubernetes-client-python'), path.join(outDir, 'kubernetes-openapi.LICENSE'));

  const manifest: SchemaManifest = {
    kubernetesVersions: versions,
    defaultKubernetesVersion: versions.includes(DEFAULT_KUBERNETES_VERSION) ? DEFAULT_KUBERNETES_VERSION : versions[versions.length - 1],
    builtAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(outDir, SCHEMA_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  return {
    files,
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
    kubernetesVersions: versions,
    crdSchemas: Object.keys(catalog.schemas).length,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const root = path.resolve(__dirname, '..');
  const source = path.resolve(opt('--source') ?? process.env.RECONCILE_SCHEMA_SOURCE ?? path.join(root, '..', 'shared', 'schemas'));
  const out = path.resolve(opt('--out') ?? path.join(root, 'dist', 'schemas'));
  const started = Date.now();
  const result = buildSchemas(source, out);
  for (const f of result.files) process.stdout.write(`${f.name.padEnd(28)} ${(f.bytes / 1024).toFixed(0).padStart(6)} KiB\n`);
  process.stdout.write(
    `schemas: ${result.kubernetesVersions.join(', ')} + ${result.crdSchemas} CRD schemas, ${(result.totalBytes / 1024).toFixed(0)} KiB total, ${Date.now() - started} ms → ${out}\n`,
  );
}
