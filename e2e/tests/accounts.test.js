// Accounts and saved designs in real Chromium: sign up, draw, reload; history; share links in a
// browser without a session; a stale tab's conflict prompt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { baseUrl, launchBrowser, newPage } from '../support/browser.js';
import { EditorPage, SavedDesign } from '../pages/editor-page.js';
import { AccountPage, accountWithDesign as sharedSetup, freshEmail } from '../pages/account-page.js';

const WIDE = { width: 1440, height: 900 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A new account with one saved design holding producer → topic (see the page object). */
function accountWithDesign(options) {
  return sharedSetup(browser, WIDE, options);
}

test('sign up lands on / with New design; a drawn design survives a reload', async () => {
  const { page, editor, saved, producer, topic, revision } = await accountWithDesign();
  const id = saved.designId();
  assert.match(id, /^[0-9a-f-]{36}$/, 'the new design has its own address');
  assert.ok(revision >= 2);

  await page.reload();
  await editor.waitUntilInteractive();
  assert.equal(await saved.saved(), revision);
  await editor.node(producer).waitFor();
  await editor.node(topic).waitFor();
  await editor.edge(producer, topic).waitFor({ state: 'attached' });

  // The home page lists it with its revision; its Open link leads back.
  const account = new AccountPage(page);
  await account.goto();
  const row = account.row(id);
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`Untitled design.*${revision}`));
  assert.equal(await page.getByTestId('new-design').isVisible(), true);
  assert.deepEqual(page.errors, []);
});

test('a share link opens read-only in a browser without a session, and is gone once revoked', async () => {
  const { page, saved, producer } = await accountWithDesign();
  const url = await saved.createShareLink();
  assert.match(url, /\/s\/[A-Za-z0-9_-]{43}$/);

  const reviewerContext = await browser.newContext({ viewport: WIDE });
  const reviewer = await reviewerContext.newPage();
  await reviewer.goto(url);
  await reviewer.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  const review = new EditorPage(reviewer);
  await review.node(producer).waitFor();
  assert.equal(await reviewer.getByTestId('review-name').textContent(), 'Untitled design');
  assert.equal(await reviewer.getByTestId('read-only').isDisabled(), true, 'review mode cannot be switched off');
  assert.equal(await reviewer.getByTestId('palette-producer').isVisible(), false);
  assert.equal(await reviewer.getByTestId('save-status').count(), 0, 'nothing to save');
  // The page came with the review bundle: the editor's (saving, history, sharing) stayed away.
  const code = await reviewer.evaluate(() =>
    performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.startsWith('/pkg/')),
  );
  assert.ok(code.includes('/pkg/review.wasm'), `review bundle loaded: ${code}`);
  assert.ok(!code.some((p) => p.startsWith('/pkg/editor')), `editor bundle not loaded: ${code}`);

  // Selecting and pressing Delete changes nothing; the analysis is there to read.
  await review.node(producer).click();
  await reviewer.keyboard.press('Delete');
  assert.equal(await review.nodes().count(), 2);
  await reviewer.getByTestId('tab-analysis').click();
  await reviewer.getByTestId('sizing-summary').waitFor();

  // The reviewer's browser cannot write through the API either.
  const token = url.split('/s/')[1];
  const status = await reviewer.evaluate(async (t) => {
    const r = await fetch(`/api/v1/shared/${t}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    return r.status;
  }, token);
  assert.equal(status, 405);

  // The owner revokes: the link is dead at once.
  await page.locator('[data-testid^="share-revoke-"]').first().click();
  await page.locator('.share-list li.revoked').first().waitFor();
  await reviewer.reload();
  await reviewer.getByTestId('review-missing').waitFor();
  await reviewerContext.close();
});

/**
 * A second tab of the same browser (same session) opens design `id` at `revision`, adds a
 * consumer group and saves; returns that node's id and the revision it saved.
 */
async function anotherTabSavesAChange(page, id, revision) {
  const other = await page.context().newPage();
  await other.goto(`${baseUrl}/editor?design=${id}`);
  const otherEditor = new EditorPage(other);
  await otherEditor.waitUntilInteractive();
  const otherSaved = new SavedDesign(other);
  assert.equal(await otherSaved.saved(), revision);
  const group = await otherEditor.place('consumer_group', 800, 200);
  return { group, winner: await otherSaved.savedAfter(revision) };
}

test('a stale tab gets the conflict prompt and can keep its copy as a new design', async () => {
  const { page, saved, editor } = await accountWithDesign({ offline: true });
  const id = saved.designId();
  const { winner } = await anotherTabSavesAChange(page, id, await saved.saved());

  // The first tab, still on the old revision, changes something: its save is refused.
  await editor.place('sink_connector', 800, 400);
  await page.getByTestId('conflict-dialog').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('conflict-dialog').textContent(), new RegExp(`Revision ${winner}`));
  assert.equal(await page.locator('[data-testid="save-status"]').getAttribute('data-state'), 'conflict');

  await page.getByTestId('conflict-keep').click();
  await page.waitForFunction((old) => !location.search.includes(old), id);
  await saved.saved();
  const copyId = saved.designId();
  assert.notEqual(copyId, id);
  assert.equal(await editor.nodes().count(), 3, 'the copy keeps this tab\'s nodes');

  // The original still holds the other tab's version.
  const original = await page.evaluate(async (d) => (await fetch(`/api/v1/designs/${d}`)).json(), id);
  assert.equal(original.revision, winner);
  assert.ok(original.design.nodes.some((n) => n.kind === 'consumer_group'));
  assert.ok(!original.design.nodes.some((n) => n.kind === 'sink_connector'));
});

test('a stale tab can also reload the newest revision', async () => {
  const { page, saved, editor } = await accountWithDesign({ offline: true });
  const id = saved.designId();
  const { group } = await anotherTabSavesAChange(page, id, await saved.saved());

  await editor.place('sink_connector', 800, 400);
  await page.getByTestId('conflict-reload').click();
  await editor.node(group).waitFor();
  assert.equal(await editor.nodes().count(), 3);
  assert.equal(saved.designId(), id);
});

test('history lists revisions with what changed, shows an old one read-only, compares and restores', async () => {
  const { page, saved, editor, producer, revision } = await accountWithDesign();
  await page.getByTestId('tab-history').click();
  await page.getByTestId(`revision-${revision}`).waitFor();
  assert.match(await page.getByTestId('revision-1').textContent(), /created/);

  await page.getByTestId('revision-diff-1').click();
  const diff = page.getByTestId('diff-view');
  await diff.waitFor();
  assert.match(await diff.textContent(), /2 nodes added.*1 edge added/);

  await page.getByTestId('revision-open-1').click();
  await page.getByTestId('viewing-banner').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === 0);
  assert.equal(await page.getByTestId('read-only').isDisabled(), true);
  await page.getByTestId('back-to-latest').click();
  await editor.node(producer).waitFor();

  await page.getByTestId('revision-restore-1').click();
  const restored = await saved.savedAfter(revision);
  assert.equal(restored, revision + 1);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === 0);
  await page.getByTestId(`revision-${restored}`).waitFor();
  assert.match(await page.getByTestId(`revision-${restored}`).textContent(), /restored revision 1/);
});

test('names users typed are shown as text on the home page and the review page', async () => {
  const page = await newPage(browser, WIDE);
  const account = new AccountPage(page);
  await account.signUp(freshEmail('mallory'));
  const hostile = '<img src=x onerror="window.pwned=1">"; rm -rf / #';
  const { id, url } = await page.evaluate(async (name) => {
    const post = (path, body) =>
      fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then((r) => r.json());
    const created = await post('/api/v1/designs', { schema: 'kafka-design/v1', name, nodes: [], edges: [] });
    const share = await post(`/api/v1/designs/${created.id}/shares`, {});
    return { id: created.id, url: share.url };
  }, hostile);
  await account.goto();
  await account.row(id).waitFor();
  assert.ok((await account.row(id).textContent()).includes(hostile));
  assert.equal(await page.locator('img[src="x"]').count(), 0);

  await page.goto(url);
  await page.getByTestId('review-name').waitFor();
  assert.equal(await page.getByTestId('review-name').textContent(), hostile);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
});

test('a signed-in home page arrives complete in the HTML, hostile names inert, and hydrates without a second ask', async () => {
  const page = await newPage(browser, WIDE);
  const account = new AccountPage(page);
  const email = freshEmail('seed');
  await account.signUp(email);
  const hostile = '</script><script>window.pwned = 1</script><!-- &amp;';
  const created = await page.evaluate(async (name) => {
    const r = await fetch('/api/v1/designs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: 'kafka-design/v1', name, nodes: [], edges: [] }),
    });
    return r.json();
  }, hostile);
  assert.ok(created.id, JSON.stringify(created));

  // The HTML itself, before any script runs: the header knows the account and the list holds the
  // design, its name as text.
  const home = await page.request.get(`${baseUrl}/`);
  assert.equal(home.headers()['cache-control'], 'private, no-store', 'a personal page is not cached');
  assert.match(home.headers()['vary'] ?? '', /cookie/i);
  const html = await home.text();
  assert.match(html, new RegExp(`data-testid="account-email"[^>]*>${email.replace(/[+.]/g, '\\$&')}<`));
  assert.match(html, new RegExp(`data-testid="design-row-${created.id}"`));
  assert.doesNotMatch(html, /Loading your designs/);

  // In the browser: the session is not asked for again, the name shows as typed, nothing ran.
  const asked = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/v1/auth/session' || path === '/api/v1/designs') asked.push(path);
  });
  await account.goto();
  await account.row(created.id).waitFor();
  assert.equal(await page.getByTestId(`design-open-${created.id}`).textContent(), hostile);
  assert.equal(await page.getByTestId('account-email').textContent(), email);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(asked, [], 'the page came with what it shows');
  assert.deepEqual(page.errors, []);
});
