// UI test: the packaged .vsix installed into code-server, the workbench driven in Chromium as a person would.
// Env (set by scripts/e2e.sh): CODE_SERVER (binary), VSIX (the packaged extension).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { installVsix, launchChromium, log, makeSandbox, OUTPUT_DIR, prepareWorkspace, PROJECT_ROOT, requireEnv, Results, startCodeServer, CodeServer } from './harness';

const OVERALL_TIMEOUT_MS = 240_000;

/** The fixture object the test clicks: the HPA, the second document of deployment.yaml (1-based line 51). */
const TARGET = { file: 'deployment.yaml', description: 'apps/base/podinfo/deployment.yaml:51', line: 51 };

async function main(): Promise<number> {
  const codeServerBin = requireEnv('CODE_SERVER');
  const vsix = requireEnv('VSIX');
  const results = new Results('ui');
  const sandbox = makeSandbox('ui');
  const workspace = prepareWorkspace(sandbox);
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const timer = setTimeout(() => {
    log(`UI test exceeded ${OVERALL_TIMEOUT_MS / 1000} s`);
    server?.stop();
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  try {
    log(installVsix(codeServerBin, sandbox, vsix).split('\n').pop() ?? '');
    const started = Date.now();
    server = await startCodeServer(codeServerBin, sandbox, workspace);
    log(`code-server up on ${server.url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    browser = await launchChromium();
    // Tall: five Reconcile views share the side bar, and rows below the fold of a virtualized tree are not in the DOM.
    page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
    page.setDefaultTimeout(30_000);
    const p = page;
    await p.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await p.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    log(`workbench visible after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const container = p.locator('.activitybar [aria-label^="Reconcile"]').first();
    await results.check('activity bar shows the Reconcile icon', async () => {
      await container.waitFor({ state: 'visible', timeout: 60_000 });
    });
    await results.check('GitOps Resources tree lists the fixture apps after a click on the icon', async () => {
      await container.click();
      const pane = p.locator('.pane', { has: p.locator('.pane-header', { hasText: 'GitOps Resources' }) });
      await pane.locator('.monaco-list-row', { hasText: 'apps' }).first().waitFor({ timeout: 60_000 });
      for (const name of ['flux-system', 'Other manifests']) await pane.locator('.monaco-list-row', { hasText: name }).first().waitFor();
    });
    await results.check('status bar shows the resource count', async () => {
      // The count the CLI's index gives for the same workspace (the bundle scripts/e2e.sh built and smoke-tested).
      const index = JSON.parse(execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'cli.js'), 'index', workspace, '--format', 'json'], { encoding: 'utf8' })) as { resources: unknown[] };
      if (index.resources.length < 5) throw new Error(`the CLI indexed only ${index.resources.length} resources in the fixture`);
      await p.locator('.statusbar-item', { hasText: new RegExp(`\\b${index.resources.length} resources\\b`) }).first().waitFor({ timeout: 30_000 });
    });
    await results.check('expanding the Flux Kustomization "apps" shows namespace, kinds and resources', async () => {
      const rows = p.locator('.pane', { has: p.locator('.pane-header', { hasText: 'GitOps Resources' }) }).locator('.monaco-list-row');
      await rows.filter({ hasText: /^\s*apps\s*Flux Kustomization/ }).first().click();
      for (const text of ['HorizontalPodAutoscaler', 'Deployment', 'Service', 'ConfigMap', 'podinfo-config', TARGET.description]) {
        await rows.filter({ hasText: text }).first().waitFor();
      }
    });
    await results.check(`clicking a resource opens ${TARGET.file} at line ${TARGET.line}`, async () => {
      await p.locator('.monaco-list-row', { hasText: TARGET.description }).first().click();
      await p.locator('.tabs-container .tab.active', { hasText: TARGET.file }).waitFor();
      const selection = p.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
      await selection.waitFor();
      const deadline = Date.now() + 10_000;
      let text = '';
      while (Date.now() < deadline) {
        text = (await selection.textContent())?.trim() ?? '';
        if (text.startsWith(`Ln ${TARGET.line}, Col 1`)) break;
        await p.waitForTimeout(200);
      }
      if (!text.startsWith(`Ln ${TARGET.line}, Col 1`)) throw new Error(`status bar says "${text}", expected "Ln ${TARGET.line}, Col 1"`);
      const line = await p.locator('.monaco-editor .view-line', { hasText: 'kind: HorizontalPodAutoscaler' }).count();
      if (line === 0) throw new Error('the HorizontalPodAutoscaler document is not visible in the editor');
    });
    await p.screenshot({ path: path.join(OUTPUT_DIR, 'resources-tree.png') });
    log(`screenshot: ${path.join(OUTPUT_DIR, 'resources-tree.png')}`);
    await results.check('the inline "Open App Definition" action opens the Flux Kustomization flux-system', async () => {
      // Collapse "apps" again: its children push flux-system below the fold of the (virtualized) tree.
      await p.locator('.monaco-list-row', { hasText: /^\s*apps\s*Flux Kustomization/ }).first().click();
      const row = p.locator('.monaco-list-row', { hasText: /^\s*flux-system\s*Flux Kustomization/ }).first();
      await row.hover();
      await row.locator('.action-label[aria-label^="Open App Definition"]').click();
      await p.locator('.tabs-container .tab.active', { hasText: 'gotk-sync.yaml' }).waitFor();
      // The Kustomization is the second document of gotk-sync.yaml; its first line is line 16.
      await p.locator('.statusbar-item', { hasText: /^Ln 16, Col 1/ }).first().waitFor({ timeout: 10_000 });
    });
    await results.check('Drift view shows its welcome text', async () => {
      const header = p.locator('.pane-header', { hasText: 'Drift' }).first();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      await p.getByText('Connect a cluster to compare live state with Git.').first().waitFor();
    });
  } catch (err) {
    results.failed.push({ name: 'UI test setup', error: err instanceof Error ? err.message : String(err) });
    log(`FAIL ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    await page?.screenshot({ path: path.join(OUTPUT_DIR, 'ui-failure.png') }).catch(() => undefined);
  } finally {
    clearTimeout(timer);
    if (results.failed.length > 0) await page?.screenshot({ path: path.join(OUTPUT_DIR, 'ui-failure.png') }).catch(() => undefined);
    await browser?.close().catch(() => undefined);
    server?.stop();
    if (server) fs.copyFileSync(server.logFile, path.join(OUTPUT_DIR, 'ui-code-server.log'));
  }
  results.write({ sandbox });
  log(`UI: ${results.passed.length} passed, ${results.failed.length} failed`);
  return results.failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
