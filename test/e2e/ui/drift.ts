// Journey step for the Drift view (playwright-core in an open code-server workbench): the Reconcile container,
// the Drift view with its drifted Deployment, the diff editor (Git ↔ live), then "Adopt Live Values" on the
// replica count. Assumes: the demo stack (reconcile.kubeconfig pointing at the Kubernetes API test server
// seeded with the demo's apps, Deployment production/web scaled to 5 while Git says 3), the extension active.
// Leaves the workspace with the adopted change (a patch file in apps/production), which the sync step proposes.
import type { Locator, Page } from 'playwright-core';
import { notification, runCommand } from './common';

const DEPLOYMENT = 'web';

async function visible(what: string, locator: Locator, timeout: number, pane?: Locator): Promise<void> {
  await locator.waitFor({ timeout }).catch(async () => {
    const text = pane ? ((await pane.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim() : '';
    throw new Error(`${what} did not appear${text ? ` (Drift view shows: "${text.slice(0, 300)}")` : ''}`);
  });
}

/** Waits until the Drift view's progress bar (a comparison running) has been idle for a moment. */
async function settled(page: Page, pane: Locator): Promise<void> {
  const busy = pane.locator('.monaco-progress-container.active');
  const deadline = Date.now() + 90_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (await busy.isVisible().catch(() => false)) quietSince = Date.now();
    else if (Date.now() - quietSince > 1_500) return;
    await page.waitForTimeout(200);
  }
  throw new Error('the Drift view kept comparing for 90 s');
}

export async function driftUi(page: Page, shot: (name: string) => Promise<void>): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  const container = page.locator('.activitybar [aria-label^="Reconcile"]').first();
  await visible('the Reconcile activity bar entry', container, 15_000);
  // Clicking an already selected container would hide the side bar; only open it when it is not showing.
  if (!(await page.locator('.pane-header', { hasText: 'Drift' }).first().isVisible().catch(() => false))) await container.click();
  const header = page.locator('.pane-header', { hasText: 'Drift' }).first();
  await visible('the Drift view header', header, 15_000);
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Drift' }) }).first();
  // Lists render only the rows in sight: give the Drift view the side bar and show drifted objects only.
  const others = page.locator('.sidebar .pane-header[aria-expanded="true"]').filter({ hasNotText: /^\s*Drift/ });
  for (let i = await others.count(); i > 0; i--) await others.first().click();
  await runCommand(page, 'Reconcile: Show Only Drifted Objects');
  // The view connects and compares when it is first shown; Refresh makes it deterministic if it was shown before.
  await runCommand(page, 'Reconcile: Refresh Drift');
  const row = pane.locator(`.monaco-list-row[aria-label^="Deployment ${DEPLOYMENT}, modified"]`).first();
  await visible(`a drifted Deployment ${DEPLOYMENT} row`, row, 90_000, pane);
  // The row can come from the comparison that ran when the view was first shown while Refresh is still
  // running; a click on a row the refresh then replaces is lost (VS Code drops the stale item's command).
  await settled(page, pane);
  await shot('drift-view');

  const tab = page.locator('.tabs-container .tab', { hasText: `Deployment/${DEPLOYMENT} (Git ↔ live)` }).first();
  await row.click();
  await visible('the diff editor tab "Deployment/web (Git ↔ live)"', tab, 30_000);
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
  // Wait for the text itself, not only the editor frame, before the screenshot.
  await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: /^\s*[\w.-]+:/ }).first().waitFor({ timeout: 15_000 });
  await shot('drift-diff');

  // The object's changed fields are its children; expand it from the keyboard when the click only opened the diff.
  const change = pane.locator('.monaco-list-row[aria-label^="spec.replicas:"]').first();
  if (!(await change.isVisible().catch(() => false))) {
    // The row's click ran its command (the diff editor took the focus), so expand it by its twistie, which
    // toggles the node without running the command; then focus the first child from the keyboard, which
    // scrolls the (virtualized) tree to it.
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').first().click();
    // Still below the fold: scroll the view with the mouse wheel (VS Code lists scroll themselves).
    for (let i = 0; i < 5 && !(await change.isVisible().catch(() => false)); i++) {
      await row.hover();
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(150);
    }
  }
  await visible('the spec.replicas change row', change, 15_000, pane);
  await change.hover();
  const adopt = change.locator('.action-label[aria-label="Adopt Live Values"]').first();
  await visible('the inline "Adopt Live Values" action', adopt, 10_000);
  await adopt.click();
  await notification(page, /Adopted live values of Deployment\/web/, 30_000);
  await shot('drift-adopt');
}
