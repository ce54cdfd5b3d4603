// The foundation: server rendering, the WASM bundle, health, and hydration in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';

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

test('each bundle is sent as compressed at build time, brotli or gzip as the client takes, and decompresses to the bundle', async () => {
  for (const file of ['studio.wasm', 'review.wasm', 'editor.wasm', 'editor.js', 'studio.css']) {
    const plain = await rawGet(`/pkg/${file}`, 'identity');
    assert.equal(plain.headers['content-encoding'], undefined, file);
    for (const [asked, encoding, decode] of [
      ['br', 'br', zlib.brotliDecompressSync],
      ['gzip', 'gzip', zlib.gunzipSync],
    ]) {
      const got = await rawGet(`/pkg/${file}`, asked);
      assert.equal(got.status, 200, `${file} (${asked})`);
      assert.equal(got.headers['content-encoding'], encoding, `${file} (${asked})`);
      assert.match(got.headers.vary ?? '', /accept-encoding/i, `${file} (${asked})`);
      assert.ok(got.body.length < plain.body.length, `${file} (${asked}) is smaller`);
      assert.ok(decode(got.body).equals(plain.body), `${file} (${asked}) decompresses to the bundle`);
    }
  }
});

/** A GET with the Accept-Encoding given, the body as sent (not decompressed). */
function rawGet(path, acceptEncoding) {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

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
