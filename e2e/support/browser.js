// Launches the machine's Chromium through playwright-core (no browser download) and tells the
// tests where the studio under test runs.
import { chromium } from 'playwright-core';

/** Base URL of the running studio (scripts/test.sh starts one and sets STUDIO_URL). */
export const baseUrl = (process.env.STUDIO_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A headless Chromium with the flags this sandbox needs (plus `extraArgs`). */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A fresh page that records console errors and uncaught exceptions into `page.errors`. */
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.errors.push(msg.text());
  });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}
