// Page object for the schema panel of the editor: a schema subject's versions over the canvas.
// Selectors follow its test contract: schema-panel, schema-version-<n>, schema-text,
// schema-error-marker, schema-line-mark, schema-verdict, schema-incompatibility, schema-diff.

export class SchemaPanel {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('schema-panel');
    this.text = page.getByTestId('schema-text');
    this.verdict = page.getByTestId('schema-verdict');
    this.incompatibilities = page.getByTestId('schema-incompatibility');
    this.errorMarker = page.getByTestId('schema-error-marker');
    this.syntaxError = page.getByTestId('schema-syntax-error');
    this.lineMark = page.getByTestId('schema-line-mark');
    this.diff = page.getByTestId('schema-diff');
  }

  /** Opens the panel from the properties of the selected schema subject. */
  async openFromProperties() {
    await this.page.getByTestId('open-schema-panel').click();
    await this.root.waitFor();
  }

  async close() {
    await this.page.getByTestId('schema-close').click();
    await this.root.waitFor({ state: 'detached' });
  }

  version(n) {
    return this.page.getByTestId(`schema-version-${n}`);
  }

  /** The version numbers listed, newest first. */
  async versions() {
    return this.page.$$eval('[data-testid^="schema-version-"]', (els) =>
      els
        .map((el) => /^schema-version-(\d+)$/.exec(el.getAttribute('data-testid')))
        .filter(Boolean)
        .map((m) => Number(m[1])),
    );
  }

  /** The version shown in the text editor. */
  async shownVersion() {
    const current = this.root.locator('[data-testid^="schema-version-"][aria-current="true"]');
    return Number((await current.getAttribute('data-testid')).replace('schema-version-', ''));
  }

  async addVersion() {
    const before = (await this.versions()).length;
    await this.page.getByTestId('schema-add-version').click();
    await this.version(before + 1).waitFor();
  }

  /** Replaces the shown version's text and waits until the design holds it. */
  async setText(text) {
    await this.text.fill(text);
    await this.saved();
  }

  /** Waits until what was typed is written to the design (after the pause in typing). */
  async saved() {
    await this.page.locator('[data-testid="schema-status"][data-pending="false"]').waitFor();
  }

  /** Waits for the verdict to be in `state` (compatible, incompatible, unreadable, first, none). */
  async verdictIs(state) {
    await this.page.locator(`[data-testid="schema-verdict"][data-state="${state}"]`).waitFor();
    return this.verdict.innerText();
  }

  /**
   * Waits until the caret is on `line` (1-based) with the text focused: the panel moves it in the
   * animation frame after it marks the line.
   */
  async caretOn(line) {
    await this.text.evaluate(
      (el, line) =>
        new Promise((resolve, reject) => {
          const until = performance.now() + 5000;
          const at = () => el.value.slice(0, el.selectionStart).split('\n').length;
          const check = () => {
            if (document.activeElement === el && at() === line) resolve();
            else if (performance.now() > until) reject(new Error(`the caret stayed on line ${at()}, not ${line}`));
            else requestAnimationFrame(check);
          };
          check();
        }),
      line,
    );
    return this.caret();
  }

  /** The 1-based line the caret is on and whether the text has the focus. */
  async caret() {
    return this.text.evaluate((el) => ({
      focused: document.activeElement === el,
      line: el.value.slice(0, el.selectionStart).split('\n').length,
    }));
  }

  async compare(left, right) {
    await this.page.getByTestId('schema-compare').click();
    await this.page.getByTestId('schema-compare-left').selectOption(String(left));
    await this.page.getByTestId('schema-compare-right').selectOption(String(right));
    await this.diff.waitFor();
  }

  /** The comparison's rows: kind, and the text on each side. */
  async diffRows() {
    return this.diff.locator('.diff-row').evaluateAll((rows) =>
      rows.map((r) => ({
        kind: r.dataset.kind,
        left: r.querySelector('.diff-left').textContent,
        right: r.querySelector('.diff-right').textContent,
      })),
    );
  }
}
