// The bundled schemas for the editor, loaded without holding the extension host: files read and gunzipped off the
// main thread (libuv's pool), the Kubernetes release decoded in pieces with a pause between. The CRD catalog (5 MB)
// is JSON Lines (bundleFormat.crdCatalogLines): split at its line ends, each schema parsed on first use. The steps,
// error values and cache are loadSchemas' (which the CLI uses, where nothing else waits on the event loop).
import { promises as fsp } from 'node:fs';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { ApiVersionsFile, KubernetesSchemaFile } from '../schemas/bundleFormat';
import { cachedSchemas, decodeCrdCatalog, keepSchemas, LoadedSchemas, LoadResult, planSchemaLoad, schemaFileError, SchemaBundlePlan } from '../schemas/loadSchemas';

const gunzip = promisify(zlib.gunzip);
/** Bytes decoded between two chances to pause: a megabyte at once is tens of milliseconds on a busy machine. */
const DECODE_SLICE = 256 * 1024;

/** Loads in flight, shared between the folders of a multi-root workspace; done ones are in loadSchemas' cache. */
const loading = new Map<string, Promise<LoadResult<LoadedSchemas>>>();

async function readGz(file: string): Promise<LoadResult<Buffer>> {
  try {
    return { ok: true, value: await gunzip(await fsp.readFile(file)) };
  } catch (err) {
    return schemaFileError(file, err);
  }
}

async function readGzJson<T>(file: string, pause: () => Promise<void>): Promise<LoadResult<T>> {
  const bytes = await readGz(file);
  if (!bytes.ok) return bytes;
  await pause();
  const stream = new TextDecoder('utf-8');
  const parts: string[] = [];
  for (let at = 0; at < bytes.value.length; at += DECODE_SLICE) {
    parts.push(stream.decode(bytes.value.subarray(at, at + DECODE_SLICE), { stream: true }));
    await pause();
  }
  parts.push(stream.decode());
  try {
    return { ok: true, value: JSON.parse(parts.join('')) as T };
  } catch (err) {
    return schemaFileError(file, err);
  }
}

async function load(plan: SchemaBundlePlan, pause: () => Promise<void>): Promise<LoadResult<LoadedSchemas>> {
  const kubernetes = await readGzJson<KubernetesSchemaFile>(plan.kubernetesFile, pause);
  if (!kubernetes.ok) return kubernetes;
  await pause();
  const catalogBytes = await readGz(plan.crdsFile);
  if (!catalogBytes.ok) return catalogBytes;
  await pause();
  const crds = decodeCrdCatalog(plan.crdsFile, catalogBytes.value);
  if (!crds.ok) return crds;
  await pause();
  const apiVersions = await readGzJson<ApiVersionsFile>(plan.apiVersionsFile, pause);
  if (!apiVersions.ok) return apiVersions;
  const value = { kubernetes: kubernetes.value, crds: crds.value, apiVersions: apiVersions.value, manifest: plan.manifest };
  return { ok: true, value: keepSchemas(plan, value) };
}

/** One Kubernetes release plus the CRD catalog (as loadSchemas), pausing between the steps. */
export function loadSchemasCooperatively(dir: string, kubernetesVersion: string | undefined, pause: () => Promise<void>): Promise<LoadResult<LoadedSchemas>> {
  const plan = planSchemaLoad(dir, kubernetesVersion);
  if (!plan.ok) return Promise.resolve(plan);
  const hit = cachedSchemas(plan.value);
  if (hit) return Promise.resolve({ ok: true, value: hit });
  const key = plan.value.cacheKey;
  let pending = loading.get(key);
  if (!pending) {
    pending = load(plan.value, pause);
    loading.set(key, pending);
    // Done or failed, it leaves: a done load is in the cache, a failed one (a bundle being copied, say) is tried again.
    void pending.then(() => loading.delete(key));
  }
  return pending;
}
