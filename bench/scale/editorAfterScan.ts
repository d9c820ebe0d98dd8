// What the editor does after the first scan, in a fresh Node process: validation of the whole folder (the
// ValidationController's work: creating the validator, the first full run, a run with every file cached) and edits
// (one file changed through the index, as an unsaved buffer arrives, then the derived views read and the folder
// re-validated). For each phase: wall, CPU and the longest event-loop stall (1 ms timer). Prints one JSON line.
// Run: node --import tsx bench/scale/editorAfterScan.ts <repo-dir> [edits] [compile]
// (`compile`: schemas compiled by ajv after many uses of a kind, as the CLI does; by default the editor never compiles.)
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { EditorValidation } from '../../src/core/validate/editor/editorValidation';
import { BUNDLE_DIR } from '../../scripts/schemaBundle';
import { startStallMonitor } from '../support/stallMonitor';

export interface PhaseCost {
  wallMs: number;
  cpuMs: number;
  maxStallMs: number;
}

export interface AfterScanResult {
  /** The same monitor over one second of nothing: the machine's own scheduling noise. */
  idle: PhaseCost;
  scan: PhaseCost;
  createValidator: PhaseCost;
  firstValidation: PhaseCost;
  cachedValidation: PhaseCost;
  /** Per edit: the index update and the derived views' first read after it. */
  edits: PhaseCost[];
  /** Per edit: re-validating the folder after it. */
  revalidations: PhaseCost[];
  diagnostics: number;
  heapMB: number;
}

async function phase<T>(run: () => Promise<T> | T): Promise<{ cost: PhaseCost; value: T }> {
  const stalls = startStallMonitor();
  // Let the monitor's first tick be scheduled, so the stall counts from the phase's start.
  await new Promise((r) => setTimeout(r, 2));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  const wallMs = performance.now() - t0;
  const u = process.cpuUsage(cpu0);
  return { cost: { wallMs, cpuMs: (u.user + u.system) / 1000, maxStallMs: stalls.stop() }, value };
}

async function main(): Promise<void> {
  const root = process.argv[2];
  const editCount = Number(process.argv[3] ?? 5);
  if (!root) throw new Error('usage: editorAfterScan.ts <repo-dir> [edits]');
  const idle = await phase(() => new Promise((r) => setTimeout(r, 1000)));
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  const scan = await phase(() => index.scan());
  const validation = new EditorValidation({ schemaDir: BUNDLE_DIR, compileSchemas: process.argv[4] === 'compile', logger: { info() {}, warn() {}, error: (m) => console.error(m) } });
  const created = await phase(() => validation.validator());
  if (!created.value) throw new Error('no validator');
  const first = await phase(() => validation.validateIndex(index));
  const cached = await phase(() => validation.validateIndex(index));
  const files = index.files().filter((f) => /objects-\d+\.yaml$/.test(f.path));
  const edits: PhaseCost[] = [];
  const revalidations: PhaseCost[] = [];
  for (let i = 0; i < editCount; i++) {
    // Files spread over the repository; the edit renames one object, as typing in a name does.
    const f = files[Math.floor(((i + 0.5) * files.length) / editCount)];
    const text = await index.readText(f.path);
    const edited = text.replace(/name: ([a-z0-9-]+)/, (_m, n: string) => `name: ${n}-e${i}`);
    edits.push(
      (
        await phase(async () => {
          await index.updateFile(f.path, edited);
          return index.resources().length + index.apps().length;
        })
      ).cost,
    );
    revalidations.push((await phase(() => validation.validateIndex(index))).cost);
  }
  const out: AfterScanResult = {
    idle: idle.cost,
    scan: scan.cost,
    createValidator: created.cost,
    firstValidation: first.cost,
    cachedValidation: cached.cost,
    edits,
    revalidations,
    diagnostics: first.value?.diagnostics.length ?? -1,
    heapMB: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
