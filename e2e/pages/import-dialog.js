// Page object for imports in the editor: the Import dialog, a file dropped on the canvas, and
// the report listing an import's warnings. Selectors: import, import-dialog, import-text,
// import-format, import-application-id, import-merge, import-new, import-cancel, import-error,
// import-error-at, import-report, import-report-headline, import-warning, import-report-dismiss.
import { baseUrl } from '../support/browser.js';

export class ImportDialog {
  constructor(page) {
    this.page = page;
    this.dialog = page.getByTestId('import-dialog');
    this.text = page.getByTestId('import-text');
    this.format = page.getByTestId('import-format');
    this.applicationId = page.getByTestId('import-application-id');
    this.error = page.getByTestId('import-error');
    this.errorAt = page.getByTestId('import-error-at');
  }

  /** Opens the dialog from the editor's toolbar (`import`) or the home page (`home-import`). */
  async open(button = 'import') {
    await this.page.getByTestId(button).click();
    await this.dialog.waitFor();
  }

  /** Pastes `text`, picks `format` (a `?format=` value; '' to detect) and the application.id. */
  async fill(text, { format = '', applicationId } = {}) {
    await this.format.selectOption(format);
    await this.text.fill(text);
    if (applicationId !== undefined) await this.applicationId.fill(applicationId);
  }

  /** Merges into the open design and waits for the dialog to close. */
  async merge() {
    await this.page.getByTestId('import-merge').click();
    await this.dialog.waitFor({ state: 'detached' });
  }

  /** Opens the import as a new design (a page load to /editor?import). */
  async openAsNew() {
    await this.page.getByTestId('import-new').click();
  }

  async cancel() {
    await this.page.getByTestId('import-cancel').click();
    await this.dialog.waitFor({ state: 'detached' });
  }
}

export class ImportReport {
  constructor(page) {
    this.page = page;
    this.panel = page.getByTestId('import-report');
    this.headline = page.getByTestId('import-report-headline');
    this.warnings = page.getByTestId('import-warning');
  }

  /** The listed warnings' texts, once the report is shown. */
  async warningTexts() {
    await this.panel.waitFor();
    return this.warnings.allInnerTexts();
  }

  async dismiss() {
    await this.page.getByTestId('import-report-dismiss').click();
    await this.panel.waitFor({ state: 'detached' });
  }
}

/**
 * Drops a file named `name` holding `text` on the editor's canvas: real `dragenter`, `dragover`
 * and `drop` events carrying a `DataTransfer` with a `File` made in the page.
 */
export async function dropFile(page, name, text, type = 'application/yaml') {
  await page.getByTestId('canvas').evaluate(
    (canvas, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([file.text], file.name, { type: file.type }));
      const at = canvas.getBoundingClientRect();
      const init = {
        bubbles: true,
        cancelable: true,
        dataTransfer: transfer,
        clientX: at.left + at.width / 2,
        clientY: at.top + at.height / 2,
      };
      for (const kind of ['dragenter', 'dragover', 'drop']) canvas.dispatchEvent(new DragEvent(kind, init));
    },
    { name, text, type },
  );
}

/** What the server makes of `text` (`POST /api/v1/import`): `{format, design, warnings}`. */
export async function importThroughApi(page, text, query = '') {
  const answer = await page.request.post(`${baseUrl}/api/v1/import${query ? `?${query}` : ''}`, {
    data: text,
    headers: { 'content-type': 'text/plain' },
  });
  if (!answer.ok()) throw new Error(`import answered ${answer.status()}: ${await answer.text()}`);
  return answer.json();
}
