// The bundled schemas for the editor, loaded without holding the extension host: files read and gunzipped off the
// main thread (libuv's pool), each parsed in its own slice with a pause between; the CRD catalog (5 MB of JSON,
// 100-250 ms to decode and parse at once on a loaded machine) is split into its entries, each parsed on first use.
// Same data and the same error values as loadSchemas (which the CLI uses, where nothing else waits on the event loop).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { ApiVersionsFile, CrdCatalogFile, KubernetesSchemaFile, SCHEMA_FILES } from '../schemas/bundleFormat';
import { LoadedSchemas, LoadResult, normalizeVersion, readSchemaManifest } from '../schemas/loadSchemas';

const gunzip = promisify(zlib.gunzip);
const decoder = new TextDecoder('utf-8');

/** Loads shared between the folders of a multi-root workspace (the data is read-only once loaded). */
const loads = new Map<string, Promise<LoadResult<LoadedSchemas>>>();

async function readGzJson<T>(file: string, pause: () => Promise<void>, lazy = false): Promise<LoadResult<T>> {
  try {
    const bytes = await gunzip(await fsp.readFile(file));
    await pause();
    if (lazy) return { ok: true, value: (await lazyCatalog(bytes, pause)) as T };
    // Decoded in pieces: a megabyte at once is tens of milliseconds on a busy machine.
    const stream = new TextDecoder('utf-8');
    const parts: string[] = [];
    for (let at = 0; at < bytes.length; at += SCAN_SLICE) {
      parts.push(stream.decode(bytes.subarray(at, at + SCAN_SLICE), { stream: true }));
      await pause();
    }
    parts.push(stream.decode());
    return { ok: true, value: JSON.parse(parts.join('')) as T };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    return { ok: false, error: `cannot read schema file ${file}: ${reason} (copy the bundled schemas with \`npm run build:schemas\`)` };
  }
}

/** One Kubernetes release plus the CRD catalog (see loadSchemas), pausing between the steps. */
export function loadSchemasCooperatively(dir: string, kubernetesVersion: string | undefined, pause: () => Promise<void>): Promise<LoadResult<LoadedSchemas>> {
  const manifest = readSchemaManifest(dir);
  if (!manifest.ok) return Promise.resolve(manifest);
  const wanted = normalizeVersion(kubernetesVersion ?? manifest.value.defaultKubernetesVersion);
  if (!wanted || !manifest.value.kubernetesVersions.includes(wanted)) {
    return Promise.resolve({ ok: false, error: `no bundled schema for Kubernetes ${kubernetesVersion}; available: ${manifest.value.kubernetesVersions.join(', ')}` });
  }
  const key = `${path.resolve(dir)}#${wanted}#${manifest.value.contentHash}`;
  let load = loads.get(key);
  if (!load) {
    load = (async (): Promise<LoadResult<LoadedSchemas>> => {
      const kubernetes = await readGzJson<KubernetesSchemaFile>(path.join(dir, SCHEMA_FILES.kubernetes(wanted)), pause);
      if (!kubernetes.ok) return kubernetes;
      await pause();
      const crds = await readGzJson<CrdCatalogFile>(path.join(dir, SCHEMA_FILES.crds), pause, true);
      if (!crds.ok) return crds;
      await pause();
      const apiVersions = await readGzJson<ApiVersionsFile>(path.join(dir, SCHEMA_FILES.apiVersions), pause);
      if (!apiVersions.ok) return apiVersions;
      return { ok: true, value: { kubernetes: kubernetes.value, crds: crds.value, apiVersions: apiVersions.value, manifest: manifest.value } };
    })();
    loads.set(key, load);
    // A failed load (a bundle being copied, say) is tried again next time.
    void load.then((r) => {
      if (!r.ok) loads.delete(key);
    });
  }
  return load;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Bytes scanned between two chances to pause. */
const SCAN_SLICE = 256 * 1024;

interface Member {
  key: string;
  start: number;
  end: number;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * The members of the JSON object starting at `from` (byte offsets of each value). Works on UTF-8 bytes: every byte
 * of a multi-byte character is ≥ 0x80, so none is taken for a quote or a bracket. Yields every SCAN_SLICE bytes.
 */
function* objectMembers(bytes: Uint8Array, from: number): Generator<void, Member[], void> {
  let i = from;
  let paused = from;
  const skipSpace = () => {
    while (i < bytes.length && isSpace(bytes[i])) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`malformed JSON at byte ${i}: ${what}`);
  };
  const endOfString = (at: number): number => {
    let j = at + 1;
    while (j < bytes.length && bytes[j] !== QUOTE) j += bytes[j] === BACKSLASH ? 2 : 1;
    if (j >= bytes.length) fail('unterminated string');
    return j + 1;
  };
  skipSpace();
  if (bytes[i] !== OPEN_BRACE) fail('expected an object');
  i++;
  const out: Member[] = [];
  for (;;) {
    skipSpace();
    if (bytes[i] === CLOSE_BRACE) return out;
    if (bytes[i] !== QUOTE) fail('expected a key');
    const keyEnd = endOfString(i);
    const key = JSON.parse(decoder.decode(bytes.subarray(i, keyEnd))) as string;
    i = keyEnd;
    skipSpace();
    if (bytes[i] !== COLON) fail('expected a colon');
    i++;
    skipSpace();
    const start = i;
    let depth = 0;
    for (; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) i = endOfString(i) - 1;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (depth === 0) break;
        depth--;
      } else if (b === COMMA && depth === 0) break;
      if (i - paused >= SCAN_SLICE) {
        paused = i;
        yield;
      }
    }
    if (i >= bytes.length) fail('unexpected end');
    let end = i;
    while (isSpace(bytes[end - 1])) end--;
    out.push({ key, start, end });
    if (bytes[i] === COMMA) i++;
  }
}

async function run<T>(steps: Generator<void, T, void>, pause: () => Promise<void>): Promise<T> {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await pause();
  }
}

/** The CRD catalog with each schema parsed on first read (the registry reads the few kinds a repository uses). */
async function lazyCatalog(bytes: Uint8Array, pause: () => Promise<void>): Promise<CrdCatalogFile> {
  const parse = (m: Member): unknown => JSON.parse(decoder.decode(bytes.subarray(m.start, m.end)));
  const top = await run(objectMembers(bytes, 0), pause);
  const out: Record<string, unknown> = {};
  for (const m of top) {
    if (m.key !== 'schemas') {
      out[m.key] = parse(m);
      continue;
    }
    const schemas: Record<string, unknown> = {};
    for (const entry of await run(objectMembers(bytes, m.start), pause)) {
      Object.defineProperty(schemas, entry.key, {
        enumerable: true,
        configurable: true,
        get() {
          const value = parse(entry);
          Object.defineProperty(schemas, entry.key, { value, enumerable: true, configurable: true, writable: true });
          return value;
        },
      });
    }
    out.schemas = schemas;
  }
  return out as unknown as CrdCatalogFile;
}
