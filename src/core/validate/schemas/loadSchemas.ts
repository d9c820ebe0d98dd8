// Reads the gzip-compressed schema files scripts/build-schemas.ts produced. The extension passes
// `<extensionPath>/dist/schemas`, the CLI `<__dirname>/schemas`; both are plain directories on local disk.
// The CLI loads here at once; the editor (src/core/validate/editor/schemaLoading.ts) loads in slices through the
// same steps below (file names, error texts, the CRD catalog's decoding) and the same cache.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ApiVersionsFile, CrdCatalogFile, CrdCatalogHeader, JsonSchema, KubernetesSchemaFile, SCHEMA_FILES, SchemaManifest } from './bundleFormat';

export type LoadResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LoadedSchemas {
  kubernetes: KubernetesSchemaFile;
  crds: CrdCatalogFile;
  apiVersions: ApiVersionsFile;
  manifest: SchemaManifest;
}

/** What a loader reads for one release: the files, and the key of the one cache both loaders share. */
export interface SchemaBundlePlan {
  manifest: SchemaManifest;
  cacheKey: string;
  kubernetesFile: string;
  crdsFile: string;
  apiVersionsFile: string;
}

/** Loaded bundles by (directory, release, contentHash): read-only once loaded, shared by the CLI's and the editor's loads. */
const cache = new Map<string, LoadedSchemas>();

export function cachedSchemas(plan: SchemaBundlePlan): LoadedSchemas | undefined {
  return cache.get(plan.cacheKey);
}

/** Keeps a load in the cache; when another load of the same bundle got there first, that one (one copy in memory). */
export function keepSchemas(plan: SchemaBundlePlan, value: LoadedSchemas): LoadedSchemas {
  const hit = cache.get(plan.cacheKey);
  if (hit) return hit;
  cache.set(plan.cacheKey, value);
  return value;
}

/** The error value of a schema file that cannot be read or decoded. */
export function schemaFileError(file: string, err: unknown): { ok: false; error: string } {
  const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : err instanceof Error ? err.message : String(err);
  return { ok: false, error: `cannot read schema file ${file}: ${reason} (copy the bundled schemas with \`npm run build:schemas\`)` };
}

export function readSchemaManifest(dir: string): LoadResult<SchemaManifest> {
  try {
    return { ok: true, value: JSON.parse(fs.readFileSync(path.join(dir, SCHEMA_FILES.manifest), 'utf8')) as SchemaManifest };
  } catch {
    return { ok: false, error: `no schemas in ${dir} (missing ${SCHEMA_FILES.manifest}; copy the bundled ones with \`npm run build:schemas\`)` };
  }
}

/**
 * Which files make up one release of the bundle in `dir`. `kubernetesVersion` may be `1.34`, `1.34.2` or `v1.34`
 * (default: the manifest's); a release without a bundled schema is an error value naming the ones that exist.
 */
export function planSchemaLoad(dir: string, kubernetesVersion?: string): LoadResult<SchemaBundlePlan> {
  const manifest = readSchemaManifest(dir);
  if (!manifest.ok) return manifest;
  const wanted = normalizeVersion(kubernetesVersion ?? manifest.value.defaultKubernetesVersion);
  if (!wanted || !manifest.value.kubernetesVersions.includes(wanted)) {
    return {
      ok: false,
      error: `no bundled schema for Kubernetes ${kubernetesVersion}; available: ${manifest.value.kubernetesVersions.join(', ')}`,
    };
  }
  return {
    ok: true,
    value: {
      manifest: manifest.value,
      cacheKey: `${path.resolve(dir)}#${wanted}#${manifest.value.contentHash}`,
      kubernetesFile: path.join(dir, SCHEMA_FILES.kubernetes(wanted)),
      crdsFile: path.join(dir, SCHEMA_FILES.crds),
      apiVersionsFile: path.join(dir, SCHEMA_FILES.apiVersions),
    },
  };
}

function readGz(file: string): LoadResult<Buffer> {
  try {
    return { ok: true, value: zlib.gunzipSync(fs.readFileSync(file)) };
  } catch (err) {
    return schemaFileError(file, err);
  }
}

function readGzJson<T>(file: string): LoadResult<T> {
  const bytes = readGz(file);
  if (!bytes.ok) return bytes;
  try {
    return { ok: true, value: JSON.parse(bytes.value.toString('utf8')) as T };
  } catch (err) {
    return schemaFileError(file, err);
  }
}

/**
 * The CRD catalog from the uncompressed bytes of `crds.jsonl.gz` (bundleFormat.crdCatalogLines): the header is
 * parsed now, each schema on its first read (a repository uses a few of the catalog's entries). A catalog cut short
 * is an error value here; a line that is not JSON (only a hand-edited bundle has one) throws on first read, saying so.
 */
export function decodeCrdCatalog(file: string, bytes: Buffer): LoadResult<CrdCatalogFile> {
  const ends: number[] = [];
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) ends.push(at);
  if (ends.length === 0 || ends[ends.length - 1] !== bytes.length - 1) return schemaFileError(file, new Error('the last line has no end (the file is cut short)'));
  let header: CrdCatalogHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, ends[0])) as CrdCatalogHeader;
  } catch (err) {
    return schemaFileError(file, new Error(`line 1: ${(err as Error).message}`));
  }
  if (!Array.isArray(header.keys) || header.keys.some((k) => typeof k !== 'string')) {
    return schemaFileError(file, new Error('line 1 is not a catalog header (no list of keys)'));
  }
  if (header.keys.length !== ends.length - 1) {
    return schemaFileError(file, new Error(`${ends.length - 1} schemas for the ${header.keys.length} keys of line 1 (the file is cut short)`));
  }
  const schemas: Record<string, JsonSchema> = {};
  header.keys.forEach((key, i) => {
    const start = ends[i] + 1;
    const end = ends[i + 1];
    Object.defineProperty(schemas, key, {
      enumerable: true,
      configurable: true,
      get() {
        let value: JsonSchema;
        try {
          value = JSON.parse(bytes.toString('utf8', start, end)) as JsonSchema;
        } catch (err) {
          throw new Error(schemaFileError(file, new Error(`line ${i + 2} (${key}): ${(err as Error).message}`)).error);
        }
        Object.defineProperty(schemas, key, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  });
  return { ok: true, value: { source: header.source, license: header.license, schemas } };
}

/** Loads one Kubernetes release plus the CRD catalog, at once (see planSchemaLoad for the version). */
export function loadSchemas(dir: string, kubernetesVersion?: string): LoadResult<LoadedSchemas> {
  const plan = planSchemaLoad(dir, kubernetesVersion);
  if (!plan.ok) return plan;
  const hit = cachedSchemas(plan.value);
  if (hit) return { ok: true, value: hit };
  const kubernetes = readGzJson<KubernetesSchemaFile>(plan.value.kubernetesFile);
  if (!kubernetes.ok) return kubernetes;
  const catalogBytes = readGz(plan.value.crdsFile);
  if (!catalogBytes.ok) return catalogBytes;
  const crds = decodeCrdCatalog(plan.value.crdsFile, catalogBytes.value);
  if (!crds.ok) return crds;
  const apiVersions = readGzJson<ApiVersionsFile>(plan.value.apiVersionsFile);
  if (!apiVersions.ok) return apiVersions;
  const value = { kubernetes: kubernetes.value, crds: crds.value, apiVersions: apiVersions.value, manifest: plan.value.manifest };
  return { ok: true, value: keepSchemas(plan.value, value) };
}

/** `v1.34.2` → `1.34`; undefined when it is not a version. */
export function normalizeVersion(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}
