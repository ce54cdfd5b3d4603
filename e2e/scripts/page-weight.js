// Page weight and paint benchmark (not a test): opens pages of a running studio in headless
// Chromium, each in a fresh browser context (nothing cached), and reports what the browser's own
// performance timings say.
//
//   node scripts/page-weight.js [runs=5]        (STUDIO_URL as for the tests)
//
// Pages: the home page `/`, sign-in `/login`, the editor with the e-commerce template, and a review link `/s/…` of
// a design this script saves first (server/tests/fixtures/orders-platform.json, through the API,
// under a new account). Per page:
// * code: the compressed bytes of WebAssembly and JavaScript the page downloaded (Resource
//   Timing's encodedBodySize, i.e. as sent, gzip or brotli), and which bundle it was;
// * first paint: first-contentful-paint (server-rendered HTML on screen);
// * interactive: when the page was hydrated (the header sets `data-hydrated` on <html> once the
//   WebAssembly runs; a MutationObserver installed before the page's own scripts records it);
// * load: the navigation's loadEventEnd.
// Times are medians over the runs, in milliseconds from the start of the navigation.
import { readFile } from 'node:fs/promises';
import { baseUrl, launchBrowser } from '../support/browser.js';

const runs = Number(process.argv[2] || 5);

/** A review link of a freshly saved design: `/s/<token>`. */
async function reviewPath() {
  const email = `weight+${Date.now()}@example.com`;
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  if (!signup.ok) throw new Error(`sign-up failed: ${signup.status} ${await signup.text()}`);
  const cookie = signup.headers.get('set-cookie').split(';')[0];
  const design = await readFile(new URL('../../server/tests/fixtures/orders-platform.json', import.meta.url));
  const created = await fetch(`${baseUrl}/api/v1/designs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: design,
  });
  if (!created.ok) throw new Error(`saving the design failed: ${created.status} ${await created.text()}`);
  const { id } = await created.json();
  const share = await fetch(`${baseUrl}/api/v1/designs/${id}/shares`, { method: 'POST', headers: { cookie } });
  if (!share.ok) throw new Error(`sharing failed: ${share.status} ${await share.text()}`);
  const { token } = await share.json();
  return `/s/${token}`;
}

/** Records when <html> gets data-hydrated="true", before any script of the page runs. */
function watchHydration() {
  const mark = () => {
    if (document.documentElement.getAttribute('data-hydrated') === 'true' && !window.__hydratedAt) {
      window.__hydratedAt = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
}

async function measure(browser, path) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.addInitScript(watchHydration);
    await page.goto(`${baseUrl}${path}`);
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 30_000 });
    await page.waitForLoadState('load');
    if (errors.length) throw new Error(`${path}: ${errors.join('; ')}`);
    return await page.evaluate(() => {
      const code = performance
        .getEntriesByType('resource')
        .filter((r) => /\.(wasm|js)(\?|$)/.test(new URL(r.name).pathname));
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const [nav] = performance.getEntriesByType('navigation');
      return {
        bytes: code.reduce((sum, r) => sum + r.encodedBodySize, 0),
        files: code.map((r) => new URL(r.name).pathname.split('/').pop()).sort(),
        firstPaint: paint ? paint.startTime : NaN,
        interactive: window.__hydratedAt,
        load: nav.loadEventEnd,
      };
    });
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`;

const pages = [
  ['home', '/'],
  ['sign-in', '/login'],
  ['editor (e-commerce template)', '/editor?template=ecommerce'],
  ['review link', await reviewPath()],
];
const browser = await launchBrowser();
try {
  console.log(`${baseUrl}, ${runs} runs per page, each in a fresh browser context (cold cache)`);
  for (const [name, path] of pages) {
    const samples = [];
    for (let i = 0; i < runs; i += 1) samples.push(await measure(browser, path));
    const kb = (median(samples.map((s) => s.bytes)) / 1000).toFixed(1);
    console.log(
      `${name.padEnd(30)} code ${kb} KB compressed (${samples[0].files.join(', ')}); ` +
        `first paint ${fmt(median(samples.map((s) => s.firstPaint)))}, ` +
        `interactive ${fmt(median(samples.map((s) => s.interactive)))}, ` +
        `load ${fmt(median(samples.map((s) => s.load)))}`,
    );
  }
} finally {
  await browser.close();
}
