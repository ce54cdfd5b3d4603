// Page object for the landing page and the top bar every page shares.
import { baseUrl } from '../support/browser.js';

export class HomePage {
  constructor(page) {
    this.page = page;
    this.themeToggle = page.getByTestId('theme-toggle');
    this.heading = page.getByRole('heading', { level: 1 });
  }

  async goto() {
    await this.page.goto(`${baseUrl}/`);
  }

  /** Resolves once the WebAssembly bundle has hydrated the page. */
  async waitUntilInteractive() {
    await this.page.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  }

  /** The colour scheme on <html>, or null before hydration set one. */
  theme() {
    return this.page.locator('html').getAttribute('data-theme');
  }

  async toggleTheme() {
    await this.themeToggle.click();
  }
}
