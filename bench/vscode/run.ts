// Benchmark of the VS Code layer's file system adapter, in a real extension host (code-server, as in e2e):
// index scans of the vendored corpus (test/fixtures/corpus) through `vscode.workspace.fs` vs Node's fs in the same run.
// --scale 1000,10000 adds generated monorepos of that many objects (bench/scale/generateMonorepo.ts).
// Run: node --import tsx bench/vscode/run.ts [--runs N] [--scale N,...]   (needs scripts/e2e-setup.sh once; builds what it needs)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { log, makeSandbox, PROJECT_ROOT, runInEditor } from '../../test/e2e/harness';
import { generateMonorepo } from '../scale/generateMonorepo';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const CORPUS = path.resolve(PROJECT_ROOT, 'test', 'fixtures', 'corpus');

async function main(): Promise<number> {
  const codeServerBin = execFileSync('bash', [path.join(PROJECT_ROOT, 'scripts/e2e-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  execFileSync('npx', ['webpack', '--config', 'test/e2e/webpack.suite.config.js'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  const testsPath = path.join(PROJECT_ROOT, 'out', 'test', 'e2e', 'bench-scan.js');
  if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'extension.js'))) execFileSync('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const sandbox = makeSandbox('bench');
  process.env.RECONCILE_BENCH_CORPUS = CORPUS; // inherited by code-server and its extension host
  process.env.RECONCILE_BENCH_RUNS = String(RUNS);
  const scaleArg = process.argv.indexOf('--scale');
  const scale = scaleArg > 0 ? process.argv[scaleArg + 1].split(',').map(Number) : [];
  process.env.RECONCILE_BENCH_EXTRA = scale.map((n) => generateMonorepo(n).dir).join(path.delimiter);
  const workspace = path.join(sandbox, 'empty-workspace'); // nothing for the extension itself to index
  fs.mkdirSync(workspace);
  try {
    const run = await runInEditor({ codeServerBin, sandbox, workspace, extensionDir: PROJECT_ROOT, testsPath, timeoutMs: 600_000 });
    for (const line of run.lines) if (line.startsWith('BENCH ')) console.log(line.slice(6));
    if (run.exitCode !== 0) {
      log(`benchmark failed (exit ${run.exitCode}): ${run.lines.filter((l) => /Error|error/.test(l)).slice(0, 3).join(' | ')}`);
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(sandbox, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
