// Page object for the Comments tab (review threads) of the editor and of a review link.
// Selectors follow its test contract: tab-comments, comment-target-node, comment-target-field,
// comment-guest-name, comment-text, comment-post, thread-<id>, thread-status-<id>,
// reply-text-<id>, reply-post-<id>, resolve-<id>, reopen-<id>, comment-marker-<node>.

export class CommentsPanel {
  constructor(page) {
    this.page = page;
    this.panel = page.getByTestId('comments-panel');
  }

  async open() {
    await this.page.getByTestId('tab-comments').click();
    await this.panel.waitFor();
  }

  /** Posts a comment about `node` (and its `field`, when given) and returns the thread's id. */
  async post({ node, field, text, guestName }) {
    if (node) await this.page.getByTestId('comment-target-node').selectOption(node);
    if (field) await this.page.getByTestId('comment-target-field').selectOption(field);
    if (guestName) await this.page.getByTestId('comment-guest-name').fill(guestName);
    const before = await this.threadIds();
    await this.page.getByTestId('comment-text').fill(text);
    await this.page.getByTestId('comment-post').click();
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid^="thread-"][data-node]').length > n,
      before.length,
      { timeout: 10_000 },
    );
    const after = await this.threadIds();
    return after.find((id) => !before.includes(id));
  }

  async threadIds() {
    return this.page.$$eval('[data-testid^="thread-"][data-node]', (els) =>
      els.map((el) => el.getAttribute('data-testid').slice('thread-'.length)),
    );
  }

  thread(id) {
    return this.page.getByTestId(`thread-${id}`);
  }

  status(id) {
    return this.page.getByTestId(`thread-status-${id}`);
  }

  async reply(id, text) {
    await this.page.getByTestId(`reply-text-${id}`).fill(text);
    await this.page.getByTestId(`reply-post-${id}`).click();
  }

  async resolve(id) {
    await this.page.getByTestId(`resolve-${id}`).click();
  }

  marker(node) {
    return this.page.getByTestId(`comment-marker-${node}`);
  }
}
