// Reviews in real Chromium with two browser contexts (two people): the owner shares a comment
// link; a guest without an account pins a comment on a topic's `partitions`; it appears live
// in the owner's editor with a marker on the node; the owner replies and resolves; the guest
// sees it resolved without reloading; once the link is revoked the guest cannot post.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage, SavedDesign } from '../pages/editor-page.js';
import { AccountPage, accountWithDesign, freshEmail } from '../pages/account-page.js';
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
  const { page: owner, editor, topic } = await accountWithDesign(browser, WIDE);
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

test('a viewer invited by e-mail finds the design shared with them, comments, and sees it go outdated live', async () => {
  // A colleague with an account, in a context of their own.
  const colleague = await newPage(browser, WIDE);
  const colleagueEmail = freshEmail();
  await new AccountPage(colleague).signUp(colleagueEmail);

  // The owner's design: producer → topic, and the colleague invited as a viewer.
  const { page: owner, editor, saved, topic, revision } = await accountWithDesign(browser, WIDE);
  const id = saved.designId();
  await owner.getByTestId('share').click();
  await owner.getByTestId('member-email').fill(colleagueEmail.toUpperCase());
  await owner.getByTestId('member-role').selectOption('viewer');
  await owner.getByTestId('member-invite').click();
  await owner.getByTestId(`member-${colleagueEmail}`).waitFor();
  await owner.getByTestId('share').click();

  // Shared with me, on the colleague's home page; opened read-only, with their role said.
  await colleague.reload();
  const shared = colleague.getByTestId('shared-with-me');
  await shared.waitFor();
  assert.match(await shared.textContent(), /viewer · shared by/);
  assert.equal(await colleague.getByTestId(`design-rename-${id}`).count(), 0, 'only the owner renames');
  await colleague.getByTestId(`design-open-${id}`).click();
  const theirs = new EditorPage(colleague);
  await theirs.waitUntilInteractive();
  await colleague.getByTestId('my-role').waitFor();
  assert.equal(await colleague.getByTestId('share').count(), 0, 'only the owner shares');
  const theirSaved = new SavedDesign(colleague);
  assert.equal(await theirSaved.saved(), revision);

  // The viewer asks about the topic's partitions.
  await theirs.node(topic).click();
  const comments = new CommentsPanel(colleague);
  await comments.open();
  const thread = await comments.post({ node: topic, field: 'partitions', text: 'Is 1 partition enough?' });

  // The owner changes the partitions: the viewer's editor shows the new revision without a
  // reload, and the thread says what changed since it was written.
  await editor.node(topic).click();
  await editor.button('tab-properties').click();
  await editor.prop('partitions').fill('24');
  const newer = await saved.savedAfter(revision);
  await colleague.waitForFunction(
    (r) => /revision (\d+)/.exec(document.querySelector('[data-testid="save-status"]').textContent)?.[1] === String(r),
    newer,
    { timeout: 10_000 },
  );
  await theirs.node(topic).locator('.node-meta', { hasText: '24 partitions' }).waitFor();
  const outdated = colleague.getByTestId(`thread-outdated-${thread}`);
  await outdated.waitFor({ timeout: 10_000 });
  assert.match(await outdated.textContent(), /Outdated: partitions .* → 24 since this comment/);

  // A finding turned into a comment in one click, on the owner's side.
  await editor.button('tab-analysis').click();
  const turn = owner.locator('[data-testid^="finding-comment-"]').first();
  await turn.click();
  await owner.getByTestId('comments-panel').waitFor();
  assert.match(await owner.getByTestId('comment-text').inputValue(), /^`[a-z-]+`: /);

  // The downloads can end with the open threads.
  await editor.button('tab-report').click();
  await owner.getByTestId('report-threads').check();
  const href = await owner.getByTestId('report-md').getAttribute('href');
  assert.match(href, /report\.md\?threads=open$/);
  const md = await owner.evaluate(async (url) => (await fetch(url)).text(), href);
  assert.match(md, /Is 1 partition enough\?/);
  assert.deepEqual(owner.errors, []);
  assert.deepEqual(colleague.errors, []);
});
