// V8 code cache for the CLI bundle's chunks (issue 16). Node 20 has no `module.enableCompileCache`, so the bundled
// CLI compiles ~5 MB of JavaScript on every cold run. `npm run build` runs a representative `validate` once
// (scripts/cli-code-cache.ts) with RECONCILE_CODE_CACHE_PRODUCE=1 and writes, beside each chunk it loaded, a
// `<chunk>.cache`: a key line, then V8's code cache (`vm.Script#createCachedData()` taken after the run, so the
// functions compiled lazily during it are included). Nothing is ever written at run time otherwise: CI images may
// be read-only.
//
// At run time the chunks (dist/cli.<id>.js, loaded by webpack's runtime through `require`) are compiled with
// `vm.Script` and that cache. Any doubt means a normal compile, silently:
// - no cache file, or one whose key (format, Node and V8 version, arch, SHA-256 of the chunk's bytes, SHA-256 of
//   the data) differs. V8 checks its own version and flags, but it only checks the source's *length* (a rebuilt
//   chunk of the same length would run stale bytecode) and, in Node 20's release build, no checksum of the data
//   (damaged data can abort the process): both hashes are ours;
// - V8 rejects the data (`cachedDataRejected`: other flags, corrupt data);
// - source maps are on (`--enable-source-maps`): Node maps stack traces only of modules its own loader compiled.
// `vm.Script` gets the chunk's real path as filename, so stack traces name the same file and lines as before.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** Version of the key line; bump when the file layout changes. */
const FORMAT = 'reconcile-code-cache-1';

/** Node's CommonJS loader internals this file extends (not in @types/node). */
interface CjsModule {
  filename: string;
  paths: string[];
  exports: unknown;
  loaded: boolean;
}
type CompileHook = (module: CjsModule, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, CompileHook>;
  _nodeModulePaths(dir: string): string[];
  wrap(source: string): string;
}

const sha256 = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** What must be equal for a cache made for `source` to be used with it (the first part of a cache file's key line). */
export function cacheKey(source: Buffer): string {
  return JSON.stringify({ format: FORMAT, node: process.version, v8: process.versions.v8, arch: process.arch, source: sha256(source) });
}

/** A cache file's bytes: the key line (with the data's own hash) and V8's data. */
export function cacheFileBytes(source: Buffer, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${cacheKey(source)} ${sha256(data)}\n`), data]);
}

export function cacheFileOf(chunkFile: string): string {
  return `${chunkFile}.cache`;
}

/**
 * The V8 data of `cacheFile` when its key matches `source` and the data its hash, else undefined (missing,
 * unreadable, other key, damaged). The data's hash matters: Node 20's V8 does not checksum code caches in release
 * builds, and damaged data that passes its header checks aborts the process while deserializing.
 */
export function readCache(cacheFile: string, source: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const eol = bytes.indexOf(10);
  if (eol < 0) return undefined;
  const line = bytes.toString('utf8', 0, eol);
  const space = line.lastIndexOf(' ');
  if (space < 0 || line.slice(0, space) !== cacheKey(source)) return undefined;
  const data = bytes.subarray(eol + 1);
  return line.slice(space + 1) === sha256(data) ? data : undefined;
}

/** Whether Node maps stack traces through source maps (then only its own loader registers a module's map). */
function sourceMapsEnabled(): boolean {
  const flag = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  if (typeof flag === 'boolean') return flag;
  return process.execArgv.includes('--enable-source-maps') || /--enable-source-maps/.test(process.env.NODE_OPTIONS ?? '');
}

/**
 * Installs the chunk compiler for `.js` files of `bundleDir` named like the CLI's chunks (`cli.<id>.js`). Other
 * files (none are required at run time by the bundle) keep Node's loader. RECONCILE_CODE_CACHE_TRACE=1 says on
 * stderr, per chunk, whether its cache was used, rejected by V8 or absent/not matching (tests).
 */
export function installCodeCache(bundleDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const produce = env.RECONCILE_CODE_CACHE_PRODUCE === '1';
  if (!produce && sourceMapsEnabled()) return;
  const internals = Module as unknown as ModuleInternals;
  const original = internals._extensions['.js'];
  const produced: Array<{ file: string; bytes: Buffer; script: vm.Script }> = [];
  const trace = env.RECONCILE_CODE_CACHE_TRACE === '1';
  internals._extensions['.js'] = function (this: unknown, module: CjsModule, filename: string): void {
    const base = path.basename(filename);
    if (path.dirname(filename) !== bundleDir || !/^cli\.[\w-]+\.js$/.test(base) || base === 'cli.scanWorker.js') {
      original.call(this, module, filename);
      return;
    }
    const bytes = fs.readFileSync(filename);
    const cachedData = produce ? undefined : readCache(cacheFileOf(filename), bytes);
    if (!produce && cachedData === undefined && !trace) {
      original.call(this, module, filename);
      return;
    }
    const script = new vm.Script(internals.wrap(bytes.toString('utf8')), { filename, cachedData });
    if (trace) process.stderr.write(`code cache ${base}: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
    if (produce) produced.push({ file: filename, bytes, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: NodeJS.Require, module: CjsModule, filename: string, dirname: string) => void;
    const require = Module.createRequire(filename);
    wrapper.call(module.exports, module.exports, require, module, filename, bundleDir);
  };
  if (produce) {
    // Build time only (scripts/cli-code-cache.ts): after the run, so lazily compiled functions are in the data.
    process.on('exit', () => {
      for (const { file, bytes, script } of produced) fs.writeFileSync(cacheFileOf(file), cacheFileBytes(bytes, script.createCachedData()));
    });
  }
}
