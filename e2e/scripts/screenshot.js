// Takes the README's screenshots of a running studio: node scripts/screenshot.js [out-dir]
// (STUDIO_URL as for the tests; default http://127.0.0.1:3000).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { launchBrowser, newPage } from '../support/browser.js';
import { HomePage } from '../pages/home-page.js';
import { EditorPage } from '../pages/editor-page.js';

const outDir = process.argv[2] || path.join(import.meta.dirname, '..', '..', 'docs');
await mkdir(outDir, { recursive: true });

const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  const home = new HomePage(page);
  await home.goto();
  await home.waitUntilInteractive();
  const file = path.join(outDir, 'screenshot-home.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${file}`);

  // The e-commerce template in the editor, one topic selected to show lineage and properties.
  const wide = await newPage(browser, { width: 1440, height: 860 });
  const editor = new EditorPage(wide);
  await editor.open('template=ecommerce');
  await editor.button('fit').click();
  await editor.node('orders').click();
  const editorFile = path.join(outDir, 'screenshot-editor.png');
  await wide.screenshot({ path: editorFile });
  console.log(`wrote ${editorFile}`);
} finally {
  await browser.close();
}
