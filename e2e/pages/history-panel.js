// Page object for the editor's History tab: revisions, the diff from one to the newest, and the
// change plan from one to the newest (data-testid revision-<n>, revision-plan-<n>, plan-view,
// plan-step-<kind>, plan-commands, plan-download).
export class HistoryPanel {
  constructor(page) {
    this.page = page;
    this.planView = page.getByTestId('plan-view');
  }

  async open() {
    await this.page.getByTestId('tab-history').click();
    await this.page.getByTestId('history').waitFor();
  }

  revision(n) {
    return this.page.getByTestId(`revision-${n}`);
  }

  /** Opens the plan from revision `n` to the newest and waits for its steps. */
  async planFrom(n) {
    await this.revision(n).waitFor();
    await this.page.getByTestId(`revision-plan-${n}`).click();
    await this.planView.getByTestId('plan-summary').waitFor();
    return this.planView;
  }

  /** The plan's step of `kind` (`increase_partitions`, …). */
  step(kind) {
    return this.planView.getByTestId(`plan-step-${kind}`);
  }

  /** Downloads the runbook and returns its file name and text. */
  async downloadRunbook() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.planView.getByTestId('plan-download').click(),
    ]);
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += chunk;
    return { name: download.suggestedFilename(), text };
  }
}
