// For screenshots: open the Reconcile side bar, fold every other Reconcile view so `title` gets the height, and
// drag the side bar `widenBy` pixels wider so long rows (field paths with their values) fit on one line.
import type { Locator, Page } from 'playwright-core';

export async function soloReconcileView(page: Page, title: string, widenBy: number): Promise<Locator> {
  const container = page.locator('.activitybar [aria-label^="Reconcile"]').first();
  await container.waitFor({ timeout: 60_000 });
  await container.click();
  const header = page.locator('.pane-header', { hasText: title }).first();
  await header.waitFor({ timeout: 30_000 });
  const others = page.locator('.sidebar .pane-header[aria-expanded="true"]').filter({ hasNotText: new RegExp(`^\\s*${title}`) });
  for (let i = await others.count(); i > 0; i--) await others.first().click();
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const edge = await page.locator('.part.sidebar').first().boundingBox();
  if (edge) {
    const x = edge.x + edge.width;
    await page.mouse.move(x, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(x + widenBy, edge.y + edge.height / 2, { steps: 10 });
    await page.mouse.up();
  }
  return page.locator('.pane', { has: header }).first();
}
