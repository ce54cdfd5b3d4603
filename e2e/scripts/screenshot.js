// Takes the README's screenshots of a running studio: node scripts/screenshot.js [out-dir]
// (STUDIO_URL as for the tests; default http://127.0.0.1:3000).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { launchBrowser, newPage } from '../support/browser.js';
import { HomePage } from '../pages/home-page.js';

const outDir = process.argv[2] || path.join(import.meta.dirname, '..', '..', 'docs');
await mkdir(outDir, { recursive: true });

const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  const home = new HomePage(page);
  await home.goto();
  await home.waitUntilInteractive();
  const file = path.join(outDir, 'screenshot-home.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
}
