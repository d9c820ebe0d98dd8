// `npm run demo`: the whole product on an embedded sample, in a real VS Code in your browser.
//   1. installs code-server and Chromium if needed (scripts/e2e-setup.sh, cached outside the repo)
//   2. builds and packages the extension (.vsix), installs it into a private code-server profile
//   3. starts the demo stack (test/support/demo/demoStack.ts): the sample GitOps repository with a bare
//      git remote over HTTP, the forge test server, and the Kubernetes API test server with drift planted
//   4. starts code-server on 127.0.0.1 and prints the URL; Ctrl+C stops everything and removes the temp files
// Options: --headless-check (walk the journey in Chromium and exit 0/1: CI), --port N (default: a free port),
//          --vsix FILE (skip build and packaging), --keep (keep the temp folder).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { startDemoStack, DemoStack } from '../test/support/demo/demoStack';
import { CodeServer, installVsix, launchChromium, log, makeSandbox, OUTPUT_DIR, PROJECT_ROOT, Results, startCodeServer } from '../test/e2e/harness';
import { walkJourney } from '../test/e2e/journey';

interface Options {
  headlessCheck: boolean;
  port?: number;
  vsix?: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { headlessCheck: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--headless-check') o.headlessCheck = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--vsix') o.vsix = path.resolve(argv[++i] ?? '');
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run demo [-- --headless-check] [--port N] [--vsix FILE] [--keep]');
      process.exit(0);
    } else {
      console.error(`demo: unknown option ${a} (try --help)`);
      process.exit(2);
    }
  }
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port > 0 && o.port < 65536)) {
    console.error('demo: --port needs a port number');
    process.exit(2);
  }
  return o;
}

function step(message: string): void {
  console.log(`== demo: ${message}`);
}

function setupCodeServer(): string {
  const r = spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts/e2e-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const bin = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !fs.existsSync(bin)) throw new Error('installing code-server failed (scripts/e2e-setup.sh)');
  return bin;
}

function buildVsix(dir: string): string {
  const vsix = path.join(dir, 'reconcile.vsix');
  const run = (cmd: string, args: string[], what: string): void => {
    const r = spawnSync(cmd, args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`${what} failed:\n${(r.stdout + r.stderr).split('\n').slice(-30).join('\n')}`);
  };
  run('npm', ['run', '-s', 'build'], 'npm run build');
  run('npx', ['vsce', 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], 'vsce package');
  return vsix;
}

function banner(url: string, stack: DemoStack): void {
  const lines = [
    '',
    `  Reconcile demo is running: open ${url}`,
    '',
    `  Workspace   ${stack.workspace} (the embedded sample, a git work tree)`,
    `  Git remote  ${stack.remoteUrl} (a bare repository served over HTTP)`,
    `  Forge       ${stack.forge.baseUrl} (GitHub-compatible test server; pull requests land here)`,
    `              token, when Open Sync PR asks for one: ${stack.forgeToken}`,
    `  Cluster     context "demo" at ${stack.kube.url} (Kubernetes API test server, read-only for Reconcile)`,
    '',
    '  Try: the Problems panel (2 planted findings), the Reconcile activity bar (GitOps Resources, Drift),',
    `  the drift on ${stack.planted.drifted.join(', ')}, the masked ${stack.planted.secret},`,
    `  the extra ${stack.planted.extra.join(', ')}, "Reconcile: Preview Rendered Manifests",`,
    '  "Adopt Live Values" on a drifted field, then "Reconcile: Open Sync PR".',
    '',
    '  Ctrl+C stops code-server and the servers and removes the temporary files.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(process.env.RECONCILE_E2E_TMP ?? os.tmpdir(), 'rcdemo-'));
  let server: CodeServer | undefined;
  let stack: DemoStack | undefined;
  let browser: Browser | undefined;
  let stopping = false;
  const cleanup = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await browser?.close().catch(() => undefined);
    server?.stop();
    await stack?.stop();
    if (opts.keep) console.log(`(kept ${dir})`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.log('\n== demo: stopping');
      void cleanup().then(() => process.exit(0));
    });
  }
  try {
    step('setting up code-server and Chromium');
    const codeServer = setupCodeServer();
    step(opts.vsix ? `using ${opts.vsix}` : 'building and packaging the extension');
    const vsix = opts.vsix ?? buildVsix(dir);
    step('starting the demo stack (git remote, forge, Kubernetes API test server)');
    stack = await startDemoStack(path.join(dir, 'stack'));
    // The sandbox points HOME and TMPDIR of this process (and code-server's) into `dir`.
    const sandbox = makeSandbox('cs', { ...stack.settings, 'git.enabled': true, 'workbench.startupEditor': 'none' });
    Object.assign(process.env, stack.env);
    installVsix(codeServer, sandbox, vsix);
    step('starting code-server');
    server = await startCodeServer(codeServer, sandbox, stack.workspace, opts.port);
    const url = `${server.url}/?folder=${encodeURIComponent(stack.workspace)}`;
    if (!opts.headlessCheck) {
      banner(url, stack);
      await new Promise<void>((resolve) => server!.process.on('exit', () => resolve()));
      console.error('demo: code-server exited');
      return 1;
    }
    step('headless check: walking the journey in Chromium');
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const results = new Results('journey');
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.setDefaultTimeout(30_000);
    try {
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
      await walkJourney({ page, stack, outDir: OUTPUT_DIR, userDataDir: path.join(sandbox, 'user-data'), results });
    } catch (err) {
      results.failed.push({ name: 'journey', error: err instanceof Error ? err.message : String(err) });
      log(`FAIL ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
    if (results.failed.length) await page.screenshot({ path: path.join(OUTPUT_DIR, 'journey-failure.png') }).catch(() => undefined);
    fs.copyFileSync(server.logFile, path.join(OUTPUT_DIR, 'journey-code-server.log'));
    // Reconcile never writes to a cluster: only reads and dry-run applies may reach the API server.
    await results.check('journey: the cluster saw reads and dry-runs only', async () => {
      const writes = stack!.kube.writeRequests();
      if (writes.length) throw new Error(JSON.stringify(writes.slice(0, 5)));
    });
    results.write({ requestsToCluster: stack.kube.requests.length });
    log(`journey: ${results.passed.length} passed, ${results.failed.length} failed`);
    return results.failed.length === 0 ? 0 : 1;
  } catch (err) {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (opts.headlessCheck) await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
