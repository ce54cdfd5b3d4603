// Page object for signing up and in on the home page, and the list of my designs.
import { baseUrl, newPage } from '../support/browser.js';
import { EditorPage, SavedDesign } from './editor-page.js';

export class AccountPage {
  constructor(page) {
    this.page = page;
  }

  async goto() {
    await this.page.goto(`${baseUrl}/`);
    await this.page.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  }

  /** Signs up from the home page and waits until the page shows my designs. */
  async signUp(email, password = 'correct horse battery') {
    await this.goto();
    await this.page.getByTestId('signup-email').fill(email);
    await this.page.getByTestId('signup-password').fill(password);
    await this.page.getByTestId('signup-submit').click();
    await this.page.getByTestId('my-designs').waitFor();
  }

  async logIn(email, password = 'correct horse battery') {
    await this.goto();
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await this.page.getByTestId('my-designs').waitFor();
  }

  row(id) {
    return this.page.getByTestId(`design-row-${id}`);
  }
}

/** An address nobody has used yet in this studio. */
export function freshEmail(who = 'ada') {
  return `${who}+${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * A new account (its own browser context) with one saved design holding producer → topic.
 * `offline`: the page never hears live events (a tab whose stream is down meets the conflict
 * prompt on its next save).
 */
export async function accountWithDesign(browser, viewport, { offline = false } = {}) {
  const page = await newPage(browser, viewport);
  if (offline) await page.route('**/api/v1/designs/*/events', (route) => route.abort());
  const account = new AccountPage(page);
  const email = freshEmail();
  await account.signUp(email);
  await page.getByTestId('new-design').click();
  const editor = new EditorPage(page);
  await editor.waitUntilInteractive();
  const saved = new SavedDesign(page);
  const first = await saved.saved();
  const producer = await editor.place('producer', 200, 200);
  const topic = await editor.place('topic', 500, 200);
  await editor.connect(producer, topic);
  const revision = await saved.savedAfter(first);
  return { page, account, editor, saved, email, producer, topic, revision };
}
