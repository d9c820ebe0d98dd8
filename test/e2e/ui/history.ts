// Journey step for object history (playwright-core in an open code-server workbench): palette → Show Object
// History → the first Deployment → the Object History view's rows → the rendered diff of the newest entry.
// Assumes: the workspace is a git repository with commits that changed a Deployment (the journey's demo repo),
// the Reconcile extension active and indexed. Selectors use visible text only.
import type { Locator, Page } from 'playwright-core';

const COMMAND = 'Reconcile: Show Object History';
const VIEW_TITLE = 'Object History';

async function quickInput(page: Page): Promise<Locator> {
  const widget = page.locator('.quick-input-widget').first();
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  return widget;
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = (await quickInput(page)).locator('input.input').first();
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => {
      throw new Error(`the command palette has no entry "${title}" (is the extension active?)`);
    });
  await page.keyboard.press('Enter');
}

export async function historyUi(page: Page, shot: (name: string) => Promise<void>): Promise<void> {
  // With a manifest open, the command takes the object under the cursor; with no editor it offers the pick.
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await runCommand(page, COMMAND);
  // The quick pick of indexed objects: the first Deployment (items are sorted Kind/name).
  const widget = await quickInput(page);
  await widget.locator('input.input').first().fill('Deployment/');
  const firstDeployment = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Deployment/' }).first();
  await firstDeployment.waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error('Show Object History offered no Deployment to pick (is the workspace indexed?)');
  });
  await page.keyboard.press('Enter');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: VIEW_TITLE }) }).first();
  // Entry rows read "<7-hex> <subject>"; computing can take a few seconds on a large history. A base shared by
  // several overlays first asks which app (that pick may come late on a busy machine): production when offered.
  const entry = pane.locator('.monaco-list-row', { hasText: /^[0-9a-f]{7} / }).first();
  const appPick = page.locator('.quick-input-widget .quick-input-title', { hasText: 'which app?' }).first();
  const deadline = Date.now() + 60_000;
  let answered = false;
  while (!(await entry.isVisible().catch(() => false))) {
    if (Date.now() > deadline) {
      const rows = await pane.locator('.monaco-list-row').allTextContents().catch(() => [] as string[]);
      throw new Error(`the ${VIEW_TITLE} view shows no commit rows after 60 s (rows: ${JSON.stringify(rows.slice(0, 3))})`);
    }
    if (!answered && (await appPick.isVisible().catch(() => false))) {
      const production = page.locator('.quick-input-list .monaco-list-row', { hasText: 'production' }).first();
      if (await production.count()) await production.click();
      else await page.keyboard.press('Enter');
      answered = true;
    }
    await page.waitForTimeout(250);
  }
  await shot('history-view');
  await entry.click();
  const diffTab = page.locator('.tabs-container .tab', { hasText: '(before ↔ after)' }).first();
  await diffTab.waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error('clicking a history entry opened no "(before ↔ after)" diff tab');
  });
  // Both sides are rendered YAML; wait for the text, not just the editor frame.
  await page
    // Any YAML key line: the diff editor scrolls to the first change, so `kind:` may be out of view.
    .locator('.monaco-diff-editor .editor.modified .view-line', { hasText: /^\s*[\w.-]+:/ })
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => {
      throw new Error('the history diff editor shows no rendered object');
    });
  await shot('history-diff');
}
