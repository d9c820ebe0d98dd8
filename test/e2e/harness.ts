// Shared pieces of the e2e runners: a sandboxed code-server on 127.0.0.1, Debian Chromium driven by playwright-core,
// a throw-away copy of the fixture repository, bounded waits, and a result file e2e.sh adds up.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const OUTPUT_DIR = path.join(PROJECT_ROOT, 'test-output', 'e2e');
export const FIXTURE_REPO = path.join(PROJECT_ROOT, 'test', 'fixtures', 'e2e-repo');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const t0 = Date.now();
export function log(message: string): void {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set (scripts/e2e.sh sets it)`);
    process.exit(2);
  }
  return v;
}

/**
 * A private HOME/XDG/TMPDIR under a fresh temp dir: code-server and Chromium write config, logs and caches there,
 * never into the developer's home.
 */
export function makeSandbox(label: string, extraSettings: Record<string, unknown> = {}): string {
  const base = process.env.RECONCILE_E2E_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  // Short: code-server puts its IPC socket under TMPDIR, and Unix socket paths are limited to 107 characters.
  const dir = fs.mkdtempSync(path.join(base, `${label}-`));
  for (const d of ['home/.cache', 'xdg/config', 'xdg/data', 'tmp', 'user-data/User', 'extensions']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  Object.assign(process.env, {
    HOME: path.join(dir, 'home'),
    XDG_CACHE_HOME: path.join(dir, 'home/.cache'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg/config'),
    XDG_DATA_HOME: path.join(dir, 'xdg/data'),
    TMPDIR: path.join(dir, 'tmp'),
  });
  fs.writeFileSync(
    path.join(dir, 'user-data/User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.enableExperiments': false,
        'workbench.tips.enabled': false,
        'update.mode': 'none',
        'git.enabled': false,
        // VS Code for the Web defaults to afterDelay; tests that edit buffers need edits to stay unsaved.
        'files.autoSave': 'off',
        ...extraSettings,
      },
      null,
      2,
    ),
  );
  return dir;
}

/** Copies the fixture repository into the sandbox and makes it a git work tree with an `origin` remote. */
export function prepareWorkspace(sandbox: string): string {
  const ws = path.join(sandbox, 'workspace');
  fs.cpSync(FIXTURE_REPO, ws, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: ws, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  };
  try {
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/example/fleet-infra.git');
  } catch {
    log('git not available: the workspace copy is not a git repository (remote matching untested)');
  }
  return ws;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

export interface CodeServer {
  port: number;
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): void;
}

function baseArgs(sandbox: string): string[] {
  return ['--config', path.join(sandbox, 'config.yaml'), '--user-data-dir', path.join(sandbox, 'user-data'), '--extensions-dir', path.join(sandbox, 'extensions')];
}

export function installVsix(codeServerBin: string, sandbox: string, vsix: string): string {
  return execFileSync(codeServerBin, [...baseArgs(sandbox), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 }).trim();
}

/** Starts code-server detached (its own process group, killed whole at the end) and waits for /healthz. */
export async function startCodeServer(codeServerBin: string, sandbox: string, workspace?: string, fixedPort?: number): Promise<CodeServer> {
  const port = fixedPort ?? (await freePort());
  const logFile = path.join(sandbox, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    ...baseArgs(sandbox),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(workspace ? [workspace] : []),
  ];
  const child = spawn(codeServerBin, args, { stdio: ['ignore', out, out], detached: true, env: { ...process.env } });
  let stopped = false;
  const stop = (): void => {
    if (stopped || child.pid === undefined) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`${url}/healthz`)) !== 200) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; log: ${logFile}`);
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer /healthz within 60 s; log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, url, process: child, logFile, stop };
}

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/e2e-setup.sh`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Collects named checks; writes `test-output/e2e/<runner>.json` for e2e.sh to add up. */
export class Results {
  readonly passed: string[] = [];
  readonly failed: Array<{ name: string; error: string }> = [];
  constructor(private readonly runner: string) {}

  async check(name: string, fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      this.passed.push(name);
      log(`ok - ${name}`);
      return true;
    } catch (err) {
      const error = err instanceof Error ? err.message.split('\n').slice(0, 6).join('\n') : String(err);
      this.failed.push({ name, error });
      log(`not ok - ${name}: ${error}`);
      return false;
    }
  }

  record(passed: number, failed: Array<{ name: string; error: string }>): void {
    for (let i = 0; i < passed; i++) this.passed.push(`${this.runner} #${i + 1}`);
    this.failed.push(...failed);
  }

  write(extra: Record<string, unknown> = {}): void {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, `${this.runner}.json`);
    fs.writeFileSync(file, JSON.stringify({ runner: this.runner, passed: this.passed.length, failed: this.failed.length, failures: this.failed, ...extra }, null, 2) + '\n');
  }
}

export interface InEditorRun {
  /** The suite's exit code via codeAutomationExit; undefined when it did not finish in time. */
  exitCode: number | undefined;
  /** Every console line the extension host sent (codeAutomationLog). */
  lines: string[];
}

/**
 * Runs an extension test module inside code-server's extension host: the workbench URL payload names the extension
 * under development and the tests (as VS Code's smoke-test driver does); Chromium only hosts the workbench.
 */
export async function runInEditor(options: {
  codeServerBin: string;
  sandbox: string;
  workspace: string;
  extensionDir: string;
  testsPath: string;
  timeoutMs: number;
  onLine?: (line: string) => void;
}): Promise<InEditorRun> {
  const lines: string[] = [];
  const server = await startCodeServer(options.codeServerBin, options.sandbox);
  let browser: Browser | undefined;
  try {
    log(`code-server up on ${server.url}`);
    browser = await launchChromium();
    const page = await browser.newPage();
    const done = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const parts = Array.isArray(args) ? args : [args];
      const line = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      lines.push(line);
      options.onLine?.(`[exthost ${type}] ${line}`);
    });
    const authority = `127.0.0.1:${server.port}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${options.extensionDir}`],
      ['extensionTestsPath', `vscode-remote://${authority}${options.testsPath}`],
    ]);
    // A `.code-workspace` file opens as a (multi-root) workspace, anything else as a folder.
    const open = options.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
    await page.goto(`${server.url}/?${open}=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(payload)}`);
    log('workbench loading; waiting for the tests to finish');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), options.timeoutMs)));
    const exitCode = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return { exitCode, lines };
  } finally {
    await browser?.close().catch(() => undefined);
    server.stop();
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    fs.copyFileSync(server.logFile, path.join(OUTPUT_DIR, `${path.basename(options.sandbox).split('-')[0]}-code-server.log`));
  }
}

/** What an in-editor suite prints on its `RESULT {...}` line. */
export interface SuiteReport {
  passed: number;
  failed: number;
  failures: Array<{ name: string; error: string }>;
  activationMs?: number;
}

/**
 * Runs a bundled in-editor suite (test/e2e/suite, test/e2e/multiroot) in code-server (`title` names it in the log), reads its RESULT line and
 * writes `test-output/e2e/<runner>.json`; resolves with the process exit code. `workspace` prepares the folder or
 * `.code-workspace` file the suite opens, inside the sandbox.
 */
export async function runSuiteRunner(options: { runner: string; title: string; sandboxLabel: string; suiteEnv: string; workspace: (sandbox: string) => string; timeoutMs: number }): Promise<number> {
  const codeServerBin = requireEnv('CODE_SERVER');
  const extensionDir = path.resolve(requireEnv('EXTENSION_DIR'));
  const suite = path.resolve(requireEnv(options.suiteEnv));
  const results = new Results(options.runner);
  let report: SuiteReport | undefined;
  let exitCode: number | undefined;
  const sandbox = makeSandbox(options.sandboxLabel);
  try {
    if (!fs.existsSync(suite)) throw new Error(`${suite} does not exist (build it with webpack --config test/e2e/webpack.suite.config.js)`);
    const run = await runInEditor({ codeServerBin, sandbox, workspace: options.workspace(sandbox), extensionDir, testsPath: suite, timeoutMs: options.timeoutMs, onLine: (line) => console.log(line) });
    exitCode = run.exitCode;
    if (exitCode === undefined) throw new Error(`the ${options.title} suite did not finish within ${options.timeoutMs / 1000} s`);
    log(`codeAutomationExit(${exitCode})`);
    const resultLine = run.lines.map((l) => /RESULT (\{.*\})/.exec(l)).find((m) => m);
    if (resultLine) report = JSON.parse(resultLine[1]) as SuiteReport;
  } catch (err) {
    results.failed.push({ name: `${options.title} suite run`, error: err instanceof Error ? err.message : String(err) });
    log(`FAIL ${err instanceof Error ? err.message : String(err)}`);
  }
  if (report) {
    results.record(report.passed, report.failures);
    if (exitCode !== 0 && report.failed === 0) results.failed.push({ name: `${options.title} suite exit code`, error: `exit ${exitCode}` });
  } else if (exitCode !== undefined) {
    results.failed.push({ name: `${options.title} suite`, error: `exited ${exitCode} without a RESULT line` });
  }
  results.write({ activationMs: report?.activationMs, sandbox });
  log(`${options.title} suite: ${results.passed.length} passed, ${results.failed.length} failed` + (report?.activationMs !== undefined ? ` (activate took ${report.activationMs} ms)` : ''));
  return results.failed.length === 0 ? 0 : 1;
}

/** The end of a runner script: exit with what `main` resolved with, or 1 on a crash. */
export function exitWith(main: Promise<number>): void {
  main.then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
