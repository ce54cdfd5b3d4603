// The Report tab in real Chromium: charts drawn by the server, the PDF and Markdown downloads,
// and the same for a reviewer through a share link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { SavedDesign } from '../pages/editor-page.js';
import { AccountPage, freshEmail } from '../pages/account-page.js';
import { baseUrl } from '../support/browser.js';

const WIDE = { width: 1440, height: 900 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Waits until every chart image in the Report tab has loaded, and returns their widths. */
async function chartWidths(page) {
  const charts = page.locator('[data-testid^="chart-"]');
  await charts.first().waitFor();
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid^="chart-"]')].every((img) => img.complete && img.naturalWidth > 0),
    null,
    { timeout: 20_000 },
  );
  return page.$$eval('[data-testid^="chart-"]', (imgs) => imgs.map((img) => img.naturalWidth));
}

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testid).click()]);
  const stream = await file.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { name: file.suggestedFilename(), body: Buffer.concat(chunks) };
}

test('the Report tab shows the charts and downloads the PDF and the Markdown', async () => {
  const page = await newPage(browser, WIDE);
  await new AccountPage(page).signUp(freshEmail());
  await page.goto(`${baseUrl}/editor?template=ecommerce`);
  await new SavedDesign(page).saved();
  await page.getByTestId('tab-report').click();
  const widths = await chartWidths(page);
  assert.equal(widths.length, 6, 'topology and five charts');
  assert.ok(widths.every((w) => w > 100), `${widths}`);

  const pdf = await download(page, 'report-pdf');
  assert.match(pdf.name, /\.pdf$/);
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  assert.equal(await page.getByTestId('report-pdf').textContent(), 'Download PDF', 'the progress state ends');

  const md = await download(page, 'report-md');
  assert.match(md.name, /\.md$/);
  assert.match(md.body.toString(), /```mermaid/);
  assert.deepEqual(page.errors, []);
});

test('a reviewer gets the same report through the share link', async () => {
  const page = await newPage(browser, WIDE);
  await new AccountPage(page).signUp(freshEmail());
  await page.goto(`${baseUrl}/editor?template=cdc-postgres-s3`);
  const saved = new SavedDesign(page);
  await saved.saved();
  const url = await saved.createShareLink();

  const reviewer = await newPage(browser, WIDE);
  await reviewer.goto(url);
  await reviewer.getByTestId('review-name').waitFor();
  await reviewer.getByTestId('tab-report').click();
  assert.equal((await chartWidths(reviewer)).length, 6);
  const zip = await download(reviewer, 'report-zip');
  assert.match(zip.name, /\.zip$/);
  assert.equal(zip.body.subarray(0, 2).toString(), 'PK');
});

test('a design kept only in the browser says how to get its report', async () => {
  const page = await newPage(browser, WIDE);
  await page.goto(`${baseUrl}/editor?template=ecommerce`);
  await page.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('tab-report').click();
  await page.getByTestId('report-unsaved').waitFor();
});
