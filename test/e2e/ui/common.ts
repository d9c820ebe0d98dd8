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

/**
 * Answers the quick input (input box or quick pick) whose title contains `title` with Enter, after replacing
 * its value when given. Waiting for the title matters: right after a command runs, the palette's own widget
 * is still on screen, and an Enter sent to it would run the command again.
 */
export async function answerQuickInput(page: Page, title: string, value?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) }).first();
  await widget.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {
    throw new Error(`no quick input titled "${title}" appeared`);
  });
  const input = widget.locator('input.input').first();
  if (value !== undefined) await input.fill(value);
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/** Waits for a notification toast containing `text` and returns its full text. */
export async function notification(page: Page, text: string | RegExp, timeout = 60_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return ((await toast.textContent()) ?? '').trim();
}
