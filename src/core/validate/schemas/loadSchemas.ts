// Reads the gzip-compressed schema files scripts/build-schemas.ts produced. The extension passes
// `<extensionPath>/dist/schemas`, the CLI `<__dirname>/schemas`; both are plain directories on local disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ApiVersionsFile, CrdCatalogFile, KubernetesSchemaFile, SCHEMA_FILES, SchemaManifest } from './bundleFormat';

export type LoadResult<T> = { ok: true; value: T } | { ok: false; error: string };

function readGzJson<T>(file: string): LoadResult<T> {
  try {
    return { ok: true, value: JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as T };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    return { ok: false, error: `cannot read schema file ${file}: ${reason} (copy the bundled schemas with \`npm run build:schemas\`)` };
  }
}

export interface LoadedSchemas {
  kubernetes: KubernetesSchemaFile;
  crds: CrdCatalogFile;
  apiVersions: ApiVersionsFile;
  manifest: SchemaManifest;
}

const cache = new Map<string, LoadedSchemas>();

export function readSchemaManifest(dir: string): LoadResult<SchemaManifest> {
  try {
    return { ok: true, value: JSON.parse(fs.readFileSync(path.join(dir, SCHEMA_FILES.manifest), 'utf8')) as SchemaManifest };
  } catch {
    return { ok: false, error: `no schemas in ${dir} (missing ${SCHEMA_FILES.manifest}; copy the bundled ones with \`npm run build:schemas\`)` };
  }
}

/**
 * Loads one Kubernetes release plus the CRD catalog. `kubernetesVersion` may be `1.34`, `1.34.2` or `v1.34`;
 * a release without a bundled schema is an error value naming the ones that exist.
 */
export function loadSchemas(dir: string, kubernetesVersion?: string): LoadResult<LoadedSchemas> {
  const manifest = readSchemaManifest(dir);
  if (!manifest.ok) return manifest;
  const wanted = normalizeVersion(kubernetesVersion ?? manifest.value.defaultKubernetesVersion);
  if (!wanted || !manifest.value.kubernetesVersions.includes(wanted)) {
    return {
      ok: false,
      error: `no bundled schema for Kubernetes ${kubernetesVersion}; available: ${manifest.value.kubernetesVersions.join(', ')}`,
    };
  }
  const key = `${path.resolve(dir)}#${wanted}#${manifest.value.contentHash}`;
  const hit = cache.get(key);
  if (hit) return { ok: true, value: hit };
  const kubernetes = readGzJson<KubernetesSchemaFile>(path.join(dir, SCHEMA_FILES.kubernetes(wanted)));
  if (!kubernetes.ok) return kubernetes;
  const crds = readGzJson<CrdCatalogFile>(path.join(dir, SCHEMA_FILES.crds));
  if (!crds.ok) return crds;
  const apiVersions = readGzJson<ApiVersionsFile>(path.join(dir, SCHEMA_FILES.apiVersions));
  if (!apiVersions.ok) return apiVersions;
  const value = { kubernetes: kubernetes.value, crds: crds.value, apiVersions: apiVersions.value, manifest: manifest.value };
  cache.set(key, value);
  return { ok: true, value };
}

/** `v1.34.2` → `1.34`; undefined when it is not a version. */
export function normalizeVersion(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}
