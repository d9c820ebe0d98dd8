// Takes media/screenshots/change-impact.png for docs/plan.md: the packaged extension in code-server on the e2e
// fixture with a staging overlay added and committed, an UNSAVED edit of the shared base (the image tag typed
// in the editor), the Change Impact view showing both overlays, and the rendered diff of one Deployment.
// Usage (after scripts/e2e-setup.sh and packaging, as scripts/e2e.sh does):
//   CODE_SERVER=... VSIX=... node --import tsx scripts/change-impact-screenshot.ts [out.png]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { CodeServer, installVsix, launchChromium, log, makeSandbox, prepareWorkspace, PROJECT_ROOT, requireEnv, startCodeServer } from '../test/e2e/harness';
import { openFile, runCommand } from '../test/e2e/ui/common';
import { soloReconcileView } from '../test/e2e/ui/soloView';

const STAGING = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo-staging\nresources:\n  - ../base/podinfo\n';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'media', 'screenshots', 'change-impact.png'));
  const codeServerBin = requireEnv('CODE_SERVER');
  const vsix = requireEnv('VSIX');
  const sandbox = makeSandbox('impact');
  const ws = prepareWorkspace(sandbox);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'Demo', GIT_AUTHOR_EMAIL: 'demo@reconcile.invalid', GIT_COMMITTER_NAME: 'Demo', GIT_COMMITTER_EMAIL: 'demo@reconcile.invalid' } });
  fs.mkdirSync(path.join(ws, 'apps', 'staging'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'apps', 'staging', 'kustomization.yaml'), STAGING);
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', 'base and two overlays');
  installVsix(codeServerBin, sandbox, vsix);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer(codeServerBin, sandbox, ws);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    // Wide enough for a field's path and its values (before → after) on one row.
    const pane = await soloReconcileView(page, 'Change Impact', 420);
    await pane.getByText('No rendered changes against HEAD').first().waitFor({ timeout: 90_000 });

    await openFile(page, 'apps/base/podinfo/deployment.yaml');
    await runCommand(page, 'Go to Line/Column');
    await page.keyboard.type('26');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('8.0', { delay: 120 });
    const row = pane.locator('.monaco-list-row[aria-label^="Deployment podinfo-staging/podinfo, changed"]').first();
    await row.waitFor({ timeout: 60_000 });
    await pane.locator('.monaco-list-row[aria-label^="Deployment podinfo/podinfo, changed"]').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await row.click();
    await page.locator('.tabs-container .tab', { hasText: 'Deployment/podinfo (HEAD ↔ working tree)' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: /^\s*[\w.-]+:/ }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    log(`saved ${out}`);
  } finally {
    await browser?.close().catch(() => undefined);
    server?.stop();
    if (process.env.RECONCILE_E2E_KEEP !== '1') fs.rmSync(sandbox, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
