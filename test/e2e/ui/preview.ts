// Journey step for the rendered-manifest preview (playwright-core in an open code-server workbench): open a
// kustomization, run "Reconcile: Preview Rendered Manifests" from the palette, wait for the webview's header
// and for Monaco lines showing `kind: Deployment` (after a click on the Deployment in the preview's outline,
// which scrolls the editor there), then the screenshot; finally "Go to source" opens the Deployment's file.
// Assumes: the Reconcile extension active and indexed; the workspace has `apps/production/kustomization.yaml`
// rendering at least one Deployment (the demo repository and the e2e fixture both do); workspace trusted or
// not (the built-in engine renders either way). Selectors use visible text and our own class names.
import type { FrameLocator, Page } from 'playwright-core';
import { openFile, runCommand } from './common';

const KUSTOMIZATION = 'apps/production/kustomization.yaml';
const COMMAND = 'Reconcile: Preview Rendered Manifests';

/** The preview's document inside VS Code's webview iframes (outer `iframe.webview`, inner `#active-frame`). */
async function previewFrame(page: Page, timeoutMs: number): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const outer = page.locator('iframe.webview');
    const n = await outer.count();
    for (let i = 0; i < n; i++) {
      const frame = page.frameLocator('iframe.webview').nth(i).frameLocator('iframe#active-frame');
      if ((await frame.locator('header.header .count').count().catch(() => 0)) > 0) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no preview webview with a rendered header appeared within ${timeoutMs / 1000} s after "${COMMAND}"`);
}

export async function previewUi(page: Page, shot: (name: string) => Promise<void>): Promise<void> {
  await openFile(page, KUSTOMIZATION);
  await runCommand(page, COMMAND);
  await page.locator('.tabs-container .tab', { hasText: 'Preview: apps/production' }).first().waitFor({ timeout: 30_000 }).catch(() => {
    throw new Error('no "Preview: apps/production" editor tab opened');
  });
  const frame = await previewFrame(page, 60_000);
  const count = (await frame.locator('header.header .count').first().textContent()) ?? '';
  if (!/^\d+ objects?$/.test(count.trim())) {
    const error = await frame.locator('.messages .error').first().textContent().catch(() => null);
    throw new Error(`the preview did not render: ${error ?? count}`);
  }
  const deployment = frame.locator('nav.outline a.reveal', { hasText: 'Deployment' }).first();
  await deployment.waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error('the preview outline lists no Deployment');
  });
  await deployment.click();
  await frame
    .locator('.monaco-editor .view-line', { hasText: 'kind: Deployment' })
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => {
      throw new Error('Monaco in the preview shows no line "kind: Deployment"');
    });
  await shot('preview-rendered');
  // "Go to source" next to the Deployment opens the file it came from in the first editor group.
  await frame.locator('nav.outline li', { has: frame.locator('a.reveal', { hasText: 'Deployment' }) }).first().locator('a.source', { hasText: 'Go to source' }).click();
  await page.locator('.tabs-container .tab.active', { hasText: 'deployment.yaml' }).first().waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error('"Go to source" on the Deployment did not open deployment.yaml');
  });
}
