// The Terraform index of a repository: every *.tf, *.tofu, *.tf.json, *.tofu.json and terragrunt.hcl file read
// into blocks with ranges, grouped by directory (a Terraform module), and the local module calls between
// directories. The HCL parser is loaded only when there is at least one HCL file.
import { posix } from 'node:path';
import { CancellationToken, CancelledError, Diagnostic, FileSystem, NEVER_CANCELLED } from '../types';
import { discoverFiles } from '../index/discover';
import { DEFAULT_INDEX_SETTINGS, IndexSettings } from '../index/model';
import { loadHclParser, HclParser } from './hclParser';
import { readHclFile } from './hclFile';
import { rangeFactory } from './sourceRanges';
import { readJsonFile } from './jsonFile';
import { TerraformFile, TerraformModule, TfModuleCall, terraformFileKind } from './model';

export interface TerraformIndex {
  /** Absolute root the paths are relative to. */
  root: string;
  files: Map<string, TerraformFile>;
  /** Directories holding Terraform files, by repo-relative dir ('' for the root). */
  modules: Map<string, TerraformModule>;
  /** Every file of the repository (any kind), repo-relative; Atlantis matches patterns against these. */
  allFiles: Set<string>;
  directories: Set<string>;
  problems: Diagnostic[];
  /** Milliseconds: loading the parser (0 when not needed) and reading + parsing the files. */
  timings: { loadParserMs: number; parseMs: number };
}

export interface TerraformIndexOptions {
  settings?: Partial<IndexSettings>;
  token?: CancellationToken;
}

const decoder = new TextDecoder('utf-8');

/** `./x`, `../x` (and Windows `.\x`): a local module source Terraform reads from disk, not a registry or URL. */
export function isLocalSource(source: string): boolean {
  return /^\.\.?([/\\]|$)/.test(source);
}

/** The repo-relative directory a local module call points to; undefined for remote sources and escapes out of the repository. */
export function localModuleDir(fromDir: string, source: string | undefined): string | undefined {
  if (source === undefined || !isLocalSource(source)) return undefined;
  const joined = posix.normalize(posix.join(fromDir === '' ? '.' : fromDir, source.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  const dir = joined.replace(/\/$/, '');
  return dir === '.' ? '' : dir;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function missingModuleProblem(file: TerraformFile, call: TfModuleCall, index: Pick<TerraformIndex, 'modules' | 'directories'>): Diagnostic | undefined {
  if (call.source === undefined || !isLocalSource(call.source)) return undefined;
  const target = localModuleDir(dirOf(file.path), call.source);
  const range = call.sourceRange ?? call.range;
  if (target === undefined) {
    return { code: 'RC2002', severity: 'warning', message: `Module "${call.name}": source "${call.source}" leads outside the repository; Reconcile does not follow it.`, range };
  }
  if (!index.modules.has(target)) {
    const why = index.directories.has(target) ? 'has no Terraform files' : 'does not exist';
    return { code: 'RC2002', severity: 'warning', message: `Module "${call.name}": source "${call.source}" (${target || '.'}) ${why}.`, range };
  }
  return undefined;
}

const READ_CONCURRENCY = 16;
const YIELD_MS = 30;

/** `read` over `items` with at most `limit` in flight; results in the items' order. */
async function readAll<T>(items: readonly string[], limit: number, token: CancellationToken, read: (item: string) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        if (token.isCancellationRequested) throw new CancelledError();
        const i = next++;
        out[i] = await read(items[i]);
      }
    }),
  );
  return out;
}

/** Reads one file's text into the model; the parser is needed for HCL kinds only. */
export function readTerraformText(parser: HclParser | undefined, path: string, text: string): TerraformFile | undefined {
  const kind = terraformFileKind(path);
  if (!kind) return undefined;
  if (kind === 'json') return readJsonFile(path, text);
  if (!parser) throw new Error('HCL parser not loaded');
  return readHclFile(parser, path, text, kind);
}

/** Indexes the Terraform files of `root` (absolute). Honours .gitignore and excludes like the manifest index. */
export async function indexTerraform(root: string, fs: FileSystem, options: TerraformIndexOptions = {}): Promise<TerraformIndex> {
  const token = options.token ?? NEVER_CANCELLED;
  const settings: IndexSettings = { ...DEFAULT_INDEX_SETTINGS, ...options.settings };
  const discovered = await discoverFiles(root, fs, settings, token);
  const paths = [...discovered.allFiles].filter((p) => terraformFileKind(p) !== undefined).sort();
  const index: TerraformIndex = { root, files: new Map(), modules: new Map(), allFiles: discovered.allFiles, directories: discovered.directories, problems: [], timings: { loadParserMs: 0, parseMs: 0 } };
  if (paths.length === 0) return index;

  // The parser loads while the files are read.
  const t0 = performance.now();
  const parserLoad = paths.some((p) => terraformFileKind(p) !== 'json') ? loadHclParser().then((p) => ((index.timings.loadParserMs = performance.now() - t0), p)) : undefined;
  // A failed load is awaited (and thrown) below; this only keeps it from being reported as unhandled meanwhile.
  parserLoad?.catch(() => undefined);
  const t1 = performance.now();
  const base = root.replace(/\/+$/, '');
  // Reads overlap (a file read is four round trips to the I/O threads; one at a time, a 2,000-file repository
  // spends most of its index time waiting), parsing stays in path order.
  const texts = await readAll(paths, READ_CONCURRENCY, token, async (p) => {
    try {
      const st = await fs.stat(`${base}/${p}`);
      if (st.size > settings.maxFileSizeBytes) return null;
      return decoder.decode(await fs.readFile(`${base}/${p}`));
    } catch {
      return undefined;
    }
  });
  const parser: HclParser | undefined = await parserLoad;
  let slice = performance.now();
  for (let i = 0; i < paths.length; i++) {
    // Parsing is synchronous: give the event loop (the extension host) a turn every few tens of milliseconds.
    if (performance.now() - slice > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) throw new CancelledError();
      slice = performance.now();
    }
    const p = paths[i];
    const text = texts[i];
    if (text === null) continue;
    if (text === undefined) {
      index.problems.push({ code: 'RC0005', severity: 'error', message: `Cannot read ${p}.`, range: rangeFactory(p, '')(0, 0) });
      continue;
    }
    const file = readTerraformText(parser, p, text);
    if (!file) continue;
    index.files.set(p, file);
    const dir = dirOf(p);
    let mod = index.modules.get(dir);
    if (!mod) index.modules.set(dir, (mod = { dir, files: [] }));
    mod.files.push(file);
  }
  index.timings.parseMs = performance.now() - t1;
  for (const f of index.files.values()) {
    for (const call of f.moduleCalls) {
      const problem = missingModuleProblem(f, call, index);
      if (problem) f.problems.push(problem);
    }
    index.problems.push(...f.problems);
  }
  return index;
}

/** The local module directories `dir` calls (Terraform modules only, not terragrunt sources), existing ones. */
export function localModuleCalls(index: Pick<TerraformIndex, 'modules'>, dir: string): Array<{ call: TfModuleCall; file: TerraformFile; target: string }> {
  const out: Array<{ call: TfModuleCall; file: TerraformFile; target: string }> = [];
  for (const file of index.modules.get(dir)?.files ?? []) {
    if (file.kind === 'terragrunt') continue;
    for (const call of file.moduleCalls) {
      const target = localModuleDir(dir, call.source);
      if (target !== undefined && index.modules.has(target)) out.push({ call, file, target });
    }
  }
  return out;
}
