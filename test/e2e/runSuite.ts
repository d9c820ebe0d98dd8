// Runs the in-editor suite (out/test/e2e/suite.js) inside code-server's extension host. Chromium only hosts the
// workbench; the URL payload names the extension under development and the tests, as @vscode/test-electron would.
// Env (set by scripts/e2e.sh): CODE_SERVER, EXTENSION_DIR (folder with package.json + dist/), SUITE (bundled suite).
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { CodeServer, launchChromium, log, makeSandbox, OUTPUT_DIR, prepareWorkspace, requireEnv, Results, startCodeServer } from './harness';

const SUITE_TIMEOUT_MS = 180_000;

async function main(): Promise<number> {
  const codeServerBin = requireEnv('CODE_SERVER');
  const extensionDir = path.resolve(requireEnv('EXTENSION_DIR'));
  const suite = path.resolve(requireEnv('SUITE'));
  if (!fs.existsSync(suite)) throw new Error(`${suite} does not exist (build it with webpack --config test/e2e/webpack.suite.config.js)`);
  const results = new Results('suite');
  const sandbox = makeSandbox('suite');
  const workspace = prepareWorkspace(sandbox);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let suiteReport: { passed: number; failed: number; failures: Array<{ name: string; error: string }>; activationMs?: number } | undefined;
  let exitCode: number | undefined;
  try {
    server = await startCodeServer(codeServerBin, sandbox);
    log(`code-server up on ${server.url}`);
    browser = await launchChromium();
    const page = await browser.newPage();
    const done = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const parts = Array.isArray(args) ? args : [args];
      const line = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      const m = /RESULT (\{.*\})/.exec(line);
      if (m) suiteReport = JSON.parse(m[1]) as typeof suiteReport;
      console.log(`[exthost ${type}] ${line}`);
    });
    const authority = `127.0.0.1:${server.port}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`],
      ['extensionTestsPath', `vscode-remote://${authority}${suite}`],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    log('workbench loading; waiting for the suite to finish');
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), SUITE_TIMEOUT_MS));
    exitCode = await Promise.race([done, timeout]);
    if (exitCode === -1) throw new Error(`the in-editor suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
    log(`codeAutomationExit(${exitCode})`);
  } catch (err) {
    results.failed.push({ name: 'in-editor suite run', error: err instanceof Error ? err.message : String(err) });
    log(`FAIL ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    server?.stop();
    if (server) {
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      fs.copyFileSync(server.logFile, path.join(OUTPUT_DIR, 'suite-code-server.log'));
    }
  }
  const report = suiteReport;
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
