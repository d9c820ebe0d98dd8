// Converts upstream schema documents (Kubernetes OpenAPI v2 per release + the datreeio CRD catalog) into the
// compact, gzip-compressed JSON Schemas the validator loads. The result is committed at media/schemas (the
// upstream documents are 25 MB; the bundle 1.4 MB), and `npm run build:schemas` copies it into dist/schemas.
// Run: `npm run schemas:update -- --source <dir>` (layout and origins: docs/schemas.md); --out <dir> defaults
// to media/schemas. The output is deterministic: the same sources and converter give the same bytes.
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
  crdCatalogLines,
  SchemaManifest,
} from '../src/core/validate/schemas/bundleFormat';
import { BUNDLE_DIR, SOURCES_FILE, SchemaSources, bundleContentHash, converterFingerprint, sha256 } from './schemaBundle';

export const DEFAULT_KUBERNETES_VERSION = '1.34';
/** Files this script writes, in this format or an older one (`crds.json.gz` before the catalog became JSON Lines). */
const BUNDLE_FILE_NAMES = /^(?:kubernetes-\d+\.\d+\.json|api-versions\.json|crds\.jsonl?)\.gz$/;

export interface BuildResult {
  files: Array<{ name: string; bytes: number }>;
  totalBytes: number;
  kubernetesVersions: string[];
  crdSchemas: number;
}

/**
 * Writes gzip'd JSON (or `text`, another serialization of `data`) unless the file already holds the same JSON: another zlib build may compress the same
 * bytes differently, and rewriting an unchanged file would churn the committed bundle. Node's gzip header
 * carries no timestamp, so one machine always makes the same bytes.
 */
function writeGz(outDir: string, name: string, data: unknown, files: BuildResult['files'], text = JSON.stringify(data)): void {
  const json = Buffer.from(text);
  const file = path.join(outDir, name);
  const same = fs.existsSync(file) && zlib.gunzipSync(fs.readFileSync(file)).equals(json);
  if (!same) fs.writeFileSync(file, zlib.gzipSync(json, { level: 9 }));
  files.push({ name, bytes: fs.statSync(file).size });
}

function writeIfChanged(file: string, data: Buffer | string): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  if (!fs.existsSync(file) || !fs.readFileSync(file).equals(buf)) fs.writeFileSync(file, buf);
}

function requireFile(file: string, what: string): void {
  if (!fs.existsSync(file)) throw new Error(`${what} not found: ${file} (expected the layout described in docs/schemas.md)`);
}

export function buildSchemas(sourceDir: string, outDir: string): BuildResult {
  const openapiDir = path.join(sourceDir, 'kubernetes-openapi-v2');
  requireFile(openapiDir, 'folder kubernetes-openapi-v2');
  requireFile(path.join(openapiDir, 'LICENSE.kubernetes-client-python'), 'the OpenAPI documents\' license');
  fs.mkdirSync(outDir, { recursive: true });
  const files: BuildResult['files'] = [];
  const inputs: SchemaSources['inputs'] = [];
  const readInput = (rel: string): Buffer => {
    const buf = fs.readFileSync(path.join(sourceDir, rel));
    inputs.push({ path: rel, bytes: buf.length, sha256: sha256(buf) });
    return buf;
  };
  const versions = fs
    .readdirSync(openapiDir)
    .map((f) => /^swagger-release-(\d+\.\d+)\.json$/.exec(f)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort(compareReleases);
  if (versions.length === 0) throw new Error(`no swagger-release-<version>.json files in ${openapiDir}`);

  const servedIn = new Map<string, string[]>();
  const groups = new Set<string>(HISTORICAL_GROUPS);
  for (const version of versions) {
    const swagger: unknown = JSON.parse(readInput(`kubernetes-openapi-v2/swagger-release-${version}.json`).toString('utf8'));
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
    requireFile(path.join(catalogDir, 'LICENSE'), 'the CRD catalog\'s license');
    // Sorted: readdir order is the file system's, and the bundle must not depend on it.
    for (const group of fs.readdirSync(catalogDir).sort()) {
      const groupDir = path.join(catalogDir, group);
      if (!fs.statSync(groupDir).isDirectory()) continue;
      for (const file of fs.readdirSync(groupDir).sort()) {
        const m = /^(.+)_([^_]+)\.json$/.exec(file);
        if (!m) continue;
        const schema: unknown = JSON.parse(readInput(`crds-catalog/${group}/${file}`).toString('utf8'));
        catalog.schemas[`${apiVersionOf(group, m[2])}/${m[1].toLowerCase()}`] = convertCrdRoot(schema, { descriptions: true });
      }
    }
    writeIfChanged(path.join(outDir, 'crds-catalog.LICENSE'), fs.readFileSync(path.join(catalogDir, 'LICENSE')));
  }
  writeGz(outDir, SCHEMA_FILES.crds, catalog, files, crdCatalogLines(catalog));
  writeIfChanged(path.join(outDir, 'kubernetes-openapi.LICENSE'), fs.readFileSync(path.join(openapiDir, 'LICENSE.kubernetes-client-python')));
  // A release dropped from the source, or a file of an older bundle format, must not linger in the committed bundle.
  for (const f of fs.readdirSync(outDir)) {
    if (BUNDLE_FILE_NAMES.test(f) && !files.some((w) => w.name === f)) fs.rmSync(path.join(outDir, f));
  }

  const manifest: SchemaManifest = {
    kubernetesVersions: versions,
    defaultKubernetesVersion: versions.includes(DEFAULT_KUBERNETES_VERSION) ? DEFAULT_KUBERNETES_VERSION : versions[versions.length - 1],
    contentHash: bundleContentHash(outDir),
  };
  writeIfChanged(path.join(outDir, SCHEMA_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  const sources: SchemaSources = { inputs, converter: converterFingerprint() };
  // One input per line, so a diff of the committed file names exactly the documents that changed.
  const sourcesText = `{\n "inputs": [\n${inputs.map((i) => `  ${JSON.stringify(i)}`).join(',\n')}\n ],\n "converter": ${JSON.stringify(sources.converter)}\n}\n`;
  writeIfChanged(path.join(outDir, SOURCES_FILE), sourcesText);
  return {
    files,
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
    kubernetesVersions: versions,
    crdSchemas: Object.keys(catalog.schemas).length,
  };
}

const USAGE = 'usage: npm run schemas:update -- --source <dir> [--out <dir>]\n  <dir> holds kubernetes-openapi-v2/swagger-release-X.Y.json and crds-catalog/<group>/<kind>_<version>.json (docs/schemas.md)\n';

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sourceArg = opt('--source');
  if (args.includes('--help')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (!sourceArg) {
    process.stderr.write(`--source is required (there is no default: the upstream documents are not part of the repository)\n${USAGE}`);
    process.exit(2);
  }
  const source = path.resolve(sourceArg);
  const out = path.resolve(opt('--out') ?? BUNDLE_DIR);
  const started = Date.now();
  let result: BuildResult;
  try {
    result = buildSchemas(source, out);
  } catch (e) {
    process.stderr.write(`schemas:update: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  for (const f of result.files) process.stdout.write(`${f.name.padEnd(28)} ${(f.bytes / 1024).toFixed(0).padStart(6)} KiB\n`);
  process.stdout.write(
    `schemas: ${result.kubernetesVersions.join(', ')} + ${result.crdSchemas} CRD schemas, ${(result.totalBytes / 1024).toFixed(0)} KiB total, ${Date.now() - started} ms → ${out}\n`,
  );
}
