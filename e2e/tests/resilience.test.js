// Saving when the studio cannot save: the editor keeps the changes in the browser, tries again
// with a growing pause and says so; when the server can save again, nothing typed is lost, even
// if the tab was closed meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { baseUrl, launchBrowser, newPage } from '../support/browser.js';
import { EditorPage, SavedDesign } from '../pages/editor-page.js';
import { AccountPage, freshEmail } from '../pages/account-page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Makes every save of a design answer 503 as the studio does when its database is away. */
async function databaseAway(page) {
  await page.route('**/api/v1/designs/*', (route) => {
    if (route.request().method() !== 'PUT') return route.continue();
    return route.fulfill({
      status: 503,
      contentType: 'application/json',
      headers: { 'retry-after': '2' },
      body: JSON.stringify({
        error: { code: 'database_unavailable', message: 'the database is unavailable; nothing was changed, try again shortly' },
      }),
    });
  });
}

async function newSavedDesign() {
  const page = await newPage(browser, { width: 1440, height: 900 });
  await new AccountPage(page).signUp(freshEmail('offline'));
  await page.getByTestId('new-design').click();
  const editor = new EditorPage(page);
  await editor.waitUntilInteractive();
  const saved = new SavedDesign(page);
  const revision = await saved.saved();
  return { page, editor, saved, revision, id: saved.designId() };
}

test('a save that fails for a passing reason is retried and says so', async () => {
  const { page, editor, saved, revision } = await newSavedDesign();
  await databaseAway(page);
  const producer = await editor.place('producer', 200, 200);
  const status = page.locator('[data-testid="save-status"][data-state="retrying"]');
  await status.waitFor({ timeout: 15_000 });
  assert.match(await status.textContent(), /database is unavailable.*kept in this browser/);

  // More typing meanwhile is kept too, and saved with the retry once the server is back.
  const topic = await editor.place('topic', 500, 200);
  await page.unroute('**/api/v1/designs/*');
  const next = await saved.savedAfter(revision);
  const stored = await page.evaluate(async (id) => (await fetch(`/api/v1/designs/${id}`)).json(), saved.designId());
  assert.equal(stored.revision, next);
  const ids = stored.design.nodes.map((n) => n.id);
  assert.ok(ids.includes(producer) && ids.includes(topic), `both edits saved: ${ids}`);
});

test('changes made while the server could not save survive closing the tab', async () => {
  const { page, editor, id, revision } = await newSavedDesign();
  const context = page.context();
  await databaseAway(page);
  const producer = await editor.place('producer', 200, 200);
  await page.locator('[data-testid="save-status"][data-state="retrying"]').waitFor({ timeout: 15_000 });
  await page.close();

  // Later, the server saves again; the design is opened in a new tab of the same browser.
  const again = await context.newPage();
  await again.goto(`${baseUrl}/editor?design=${id}`);
  const editorAgain = new EditorPage(again);
  await editorAgain.waitUntilInteractive();
  const saved = new SavedDesign(again);
  const next = await saved.savedAfter(revision);
  await editorAgain.node(producer).waitFor();
  const stored = await again.evaluate(async (d) => (await fetch(`/api/v1/designs/${d}`)).json(), id);
  assert.equal(stored.revision, next);
  assert.ok(stored.design.nodes.some((n) => n.id === producer), 'the change typed while away is stored');
  // Nothing is left waiting in the browser once the server has it.
  const waiting = await again.evaluate((d) => localStorage.getItem(`kafka-studio.unsaved.v1.${d}`), id);
  assert.equal(waiting, null);
});
