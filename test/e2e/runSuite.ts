// Runs the in-editor suite (out/test/e2e/suite.js) inside code-server's extension host.
// Env (set by scripts/e2e.sh): CODE_SERVER, EXTENSION_DIR (folder with package.json + dist/), SUITE (bundled suite).
import * as fs from 'fs';
import * as path from 'path';
import { log, makeSandbox, prepareWorkspace, requireEnv, Results, runInEditor } from './harness';

const SUITE_TIMEOUT_MS = 180_000;

interface SuiteReport {
  passed: number;
  failed: number;
  failures: Array<{ name: string; error: string }>;
  activationMs?: number;
}

async function main(): Promise<number> {
  const codeServerBin = requireEnv('CODE_SERVER');
  const extensionDir = path.resolve(requireEnv('EXTENSION_DIR'));
  const suite = path.resolve(requireEnv('SUITE'));
  const results = new Results('suite');
  let report: SuiteReport | undefined;
  let exitCode: number | undefined;
  const sandbox = makeSandbox('suite');
  try {
    if (!fs.existsSync(suite)) throw new Error(`${suite} does not exist (build it with webpack --config test/e2e/webpack.suite.config.js)`);
    const run = await runInEditor({
      codeServerBin,
      sandbox,
      workspace: prepareWorkspace(sandbox),
      extensionDir,
      testsPath: suite,
      timeoutMs: SUITE_TIMEOUT_MS,
      onLine: (line) => console.log(line),
    });
    exitCode = run.exitCode;
    if (exitCode === undefined) throw new Error(`the in-editor suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
    log(`codeAutomationExit(${exitCode})`);
    const resultLine = run.lines.map((l) => /RESULT (\{.*\})/.exec(l)).find((m) => m);
    if (resultLine) report = JSON.parse(resultLine[1]) as SuiteReport;
  } catch (err) {
    results.failed.push({ name: 'in-editor suite run', error: err instanceof Error ? err.message : String(err) });
    log(`FAIL ${err instanceof Error ? err.message : String(err)}`);
  }
  if (report) {
    results.record(report.passed, report.failures);
    if (exitCode !== 0 && report.failed === 0) results.failed.push({ name: 'in-editor suite exit code', error: `exit ${exitCode}` });
  } else if (exitCode !== undefined) {
    results.failed.push({ name: 'in-editor suite', error: `exited ${exitCode} without a RESULT line` });
  }
  results.write({ activationMs: report?.activationMs, sandbox });
  log(`in-editor suite: ${results.passed.length} passed, ${results.failed.length} failed` + (report?.activationMs !== undefined ? ` (activate took ${report.activationMs} ms)` : ''));
  return results.failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
