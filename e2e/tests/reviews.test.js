// Reviews in real Chromium with two browser contexts (two people): the owner shares a comment
// link; a guest without an account pins a comment on a topic's `partitions`; it appears live
// in the owner's editor with a marker on the node; the owner replies and resolves; the guest
// sees it resolved without reloading; once the link is revoked the guest cannot post.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage, SavedDesign } from '../pages/editor-page.js';
import { AccountPage, freshEmail } from '../pages/account-page.js';
import { CommentsPanel } from '../pages/comments-panel.js';

const WIDE = { width: 1440, height: 900 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a guest comments through a link; the owner answers live; revoking ends it', async () => {
  // The owner: a saved design with producer → topic, and a link that allows comments.
  const owner = await newPage(browser, WIDE);
  await new AccountPage(owner).signUp(freshEmail());
  await owner.getByTestId('new-design').click();
  const editor = new EditorPage(owner);
  await editor.waitUntilInteractive();
  const saved = new SavedDesign(owner);
  const first = await saved.saved();
  const producer = await editor.place('producer', 200, 200);
  const topic = await editor.place('topic', 500, 200);
  await editor.connect(producer, topic);
  await saved.savedAfter(first);
  await owner.getByTestId('share').click();
  await owner.getByTestId('share-create-comment').click();
  const url = await owner.getByTestId('share-url').inputValue();
  await owner.getByTestId('share').click();
  const ownerComments = new CommentsPanel(owner);
  await ownerComments.open();

  // The guest, in a browser context of their own, without an account.
  const guest = await newPage(browser, WIDE);
  await guest.goto(url);
  const review = new EditorPage(guest);
  await review.waitUntilInteractive();
  await guest.getByTestId('review-name').waitFor();
  await review.node(topic).click();
  const guestComments = new CommentsPanel(guest);
  await guestComments.open();
  const thread = await guestComments.post({
    node: topic,
    field: 'partitions',
    text: 'Why **12** partitions here?',
    guestName: 'Grace',
  });
  assert.equal(await guestComments.thread(thread).getAttribute('data-field'), 'partitions');

  // Live in the owner's editor: the thread, by the guest's name, and a marker on the topic.
  await ownerComments.thread(thread).waitFor({ timeout: 5_000 });
  const text = await ownerComments.thread(thread).textContent();
  assert.match(text, /partitions/);
  assert.match(text, /Grace/);
  assert.match(text, /guest/);
  assert.equal(await ownerComments.thread(thread).locator('strong').last().textContent(), '12');
  await ownerComments.marker(topic).waitFor({ timeout: 5_000 });
  assert.equal((await ownerComments.marker(topic).locator('text').textContent()).trim(), '1');
  assert.equal((await owner.getByTestId('viewers').textContent()).trim(), '2 viewing');

  // The owner replies and resolves; the guest sees both without reloading.
  await ownerComments.reply(thread, 'Three consumers with four threads each.');
  await ownerComments.thread(thread).getByText('Three consumers').waitFor();
  await ownerComments.resolve(thread);
  // A resolved thread moves under the collapsed "Resolved" section: attached, not shown.
  await ownerComments.status(thread).getByText(/resolved/).waitFor({ state: 'attached' });
  await guestComments.status(thread).getByText(/resolved/).waitFor({ state: 'attached', timeout: 5_000 });
  await guestComments.thread(thread).getByText('Three consumers').waitFor({ state: 'attached' });
  await guest.getByTestId('resolved-threads').locator('summary').click();
  assert.equal(await guestComments.thread(thread).isVisible(), true);
  await ownerComments.marker(topic).waitFor({ state: 'detached' });

  // Revoked: the guest can no longer post, and says so.
  await owner.getByTestId('share').click();
  await owner.locator('[data-testid^="share-revoke-"]').first().click();
  await owner.locator('.share-list li.revoked').first().waitFor();
  const refused = await guest.evaluate(async (link) => {
    const token = new URL(link).pathname.split('/').pop();
    const r = await fetch(`/api/v1/shared/${token}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'still there?', guest_name: 'Grace' }),
    });
    return r.status;
  }, url);
  assert.equal(refused, 404);
  await guest.getByTestId('comments-read-only').waitFor({ timeout: 10_000 });
  assert.equal(await guest.getByTestId('comment-post').count(), 0, 'no form to post with');
  assert.deepEqual(owner.errors, []);
  assert.deepEqual(guest.errors.filter((e) => !/404|EventSource/.test(e)), []);
});
