// The foundation: server rendering, the WASM bundle, health, and hydration in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { baseUrl, launchBrowser, newPage } from '../support/browser.js';
import { HomePage } from '../pages/home-page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the home page is rendered on the server and references the WASM bundle', async () => {
  const response = await fetch(`${baseUrl}/`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/html/);
  const html = await response.text();
  assert.match(html, /Kafka Design Studio/);
  assert.match(html, /<h1>Design Kafka streaming architectures/);
  assert.match(html, /\/pkg\/studio\.wasm/);
  assert.match(html, /\/pkg\/studio\.js/);
});

test('the WASM bundle is served as application/wasm', async () => {
  const response = await fetch(`${baseUrl}/pkg/studio.wasm`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'starts with the wasm magic number');
});

test('/healthz reports the database', async () => {
  const response = await fetch(`${baseUrl}/healthz`);
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.database.status, 'up');
});

test('the page hydrates: the theme switch works only once the WASM runs', async () => {
  const page = await newPage(browser);
  const home = new HomePage(page);
  await home.goto();
  await home.waitUntilInteractive();
  assert.equal(await home.theme(), 'light');
  await home.toggleTheme();
  await page.locator('html[data-theme="dark"]').waitFor();
  assert.equal(await home.themeToggle.getAttribute('aria-pressed'), 'true');
  await home.toggleTheme();
  await page.locator('html[data-theme="light"]').waitFor();
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('an unknown page answers 404 with a way back', async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${baseUrl}/no/such/page`);
  assert.equal(response.status(), 404);
  await page.getByRole('link', { name: 'Back to your designs' }).waitFor();
  await page.context().close();
});
