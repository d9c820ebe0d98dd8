// Renders media/icon.svg to media/icon.png (128×128, what the Marketplace and the Extensions view show)
// with Debian's Chromium (installed by scripts/e2e-setup.sh). Run after changing the SVG; the PNG is committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, PROJECT_ROOT } from '../test/e2e/harness';

async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(PROJECT_ROOT, 'media/icon.svg'), 'utf8');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg style="display:block" ')}</body></html>`);
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'media/icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
