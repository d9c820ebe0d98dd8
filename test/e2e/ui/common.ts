// Small workbench helpers shared by the UI steps (playwright-core against code-server).
import type { Page } from 'playwright-core';

/** Runs a command from the command palette by its title, as a person would (F1, type, Enter). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 }).catch(() => {
    throw new Error(`the command palette has no entry "${title}"`);
  });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  const base = relativePath.split('/').pop() ?? relativePath;
  await page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor();
}

/** Answers the open quick input (input box or quick pick) with Enter, after replacing its value when given. */
export async function answerQuickInput(page: Page, value?: string): Promise<string> {
  const widget = page.locator('.quick-input-widget').first();
  await widget.waitFor({ state: 'visible' });
  const title = ((await widget.locator('.quick-input-title').textContent().catch(() => '')) ?? '').trim();
  if (value !== undefined) await widget.locator('input.input').first().fill(value);
  await page.keyboard.press('Enter');
  return title;
}

/** Waits for a notification toast containing `text` and returns its full text. */
export async function notification(page: Page, text: string | RegExp, timeout = 60_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return ((await toast.textContent()) ?? '').trim();
}
