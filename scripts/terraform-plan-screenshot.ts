// Takes media/screenshots/terraform-plan.png for the README and docs/terraform-atlantis.md: the packaged extension
// in code-server on the e2e fixture with a Terraform configuration and its real `terraform show -json` plan
// (terraform-json's 110_sensitive_values testdata, MPL-2.0, test/fixtures/tfplan) copied under infra/, the plan
// opened with "Reconcile: Open Terraform Plan", and one resource's masked before/after diff open.
// Usage (after scripts/e2e-setup.sh and packaging, as scripts/e2e.sh does):
//   CODE_SERVER=... VSIX=... node --import tsx scripts/terraform-plan-screenshot.ts [out.png]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { CodeServer, installVsix, launchChromium, log, makeSandbox, prepareWorkspace, PROJECT_ROOT, requireEnv, startCodeServer } from '../test/e2e/harness';
import { openFile, runCommand } from '../test/e2e/ui/common';
import { soloReconcileView } from '../test/e2e/ui/soloView';

const PLAN_FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'tfplan', 'terraform-json', '110_sensitive_values');

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'media', 'screenshots', 'terraform-plan.png'));
  const codeServerBin = requireEnv('CODE_SERVER');
  const vsix = requireEnv('VSIX');
  const sandbox = makeSandbox('tfplan');
  const ws = prepareWorkspace(sandbox);
  fs.cpSync(PLAN_FIXTURE, path.join(ws, 'infra'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'Demo', GIT_AUTHOR_EMAIL: 'demo@reconcile.invalid', GIT_COMMITTER_NAME: 'Demo', GIT_COMMITTER_EMAIL: 'demo@reconcile.invalid' } });
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', 'infra with its plan');
  installVsix(codeServerBin, sandbox, vsix);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer(codeServerBin, sandbox, ws);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    const pane = await soloReconcileView(page, 'Terraform Plan', 260);
    // Quick Open finds a new file only once code-server's file search has caught up: slow on a busy machine.
    for (let attempt = 1; ; attempt++) {
      try {
        await openFile(page, 'infra/plan.json');
        break;
      } catch (e) {
        if (attempt === 4) throw e;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(5000);
      }
    }
    await runCommand(page, 'Reconcile: Open Terraform Plan');
    const row = pane.locator('.monaco-list-row', { hasText: 'null_resource.foo' }).first();
    await row.waitFor({ timeout: 60_000 });
    // Unfold every resource so its attribute changes show, then open one resource's diff.
    const folded = pane.locator('.monaco-list-row[aria-expanded="false"]');
    for (let i = 0; i < 20 && (await folded.count()) > 0; i++) {
      await folded.first().locator('.monaco-tl-twistie').click();
      await page.waitForTimeout(150);
    }
    await pane.locator('.monaco-list-row', { hasText: /^\s*null_resource\.foo/ }).first().click();
    await page.locator('.monaco-diff-editor .editor.modified .view-line').first().waitFor({ timeout: 60_000 });
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
