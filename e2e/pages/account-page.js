// Page object for signing up and in on the home page, and the list of my designs.
import { baseUrl } from '../support/browser.js';

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
