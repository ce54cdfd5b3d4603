// Page object for the topology editor (/editor). Selectors follow the editor's test contract:
// data-testid canvas, palette-<kind>, node-<id>, port-in-<id>, port-out-<id>, edge-<from>-<to>,
// prop-<field>, and the toolbar buttons.
import { baseUrl } from '../support/browser.js';

export class EditorPage {
  constructor(page) {
    this.page = page;
    this.canvas = page.getByTestId('canvas');
    this.alert = page.getByRole('alert');
    this.status = page.getByTestId('status');
  }

  /** Opens the editor with `query` (e.g. `new`, `template=ecommerce`) and waits for hydration. */
  async open(query = '') {
    await this.page.goto(`${baseUrl}/editor${query ? `?${query}` : ''}`);
    await this.waitUntilInteractive();
    // A template or a new design, once taken in, is the browser's draft: the editor then drops
    // `template=` / `new` from the address (history.replaceState, so a reload keeps the draft).
    // Wait for that too, so that a test watching navigations starts after it.
    const asked = new URLSearchParams(query);
    if (asked.has('template') || asked.has('new')) {
      await this.page.waitForURL((url) => !url.searchParams.has('template') && !url.searchParams.has('new'));
    }
  }

  /** Opens an empty design, whatever the browser had as a draft. */
  async openEmpty() {
    await this.open('new');
    await this.page.waitForFunction(() => document.querySelectorAll('[data-testid^="node-"]').length === 0);
  }

  async waitUntilInteractive() {
    await this.page.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  }

  paletteItem(kind) {
    return this.page.getByTestId(`palette-${kind}`);
  }

  node(id) {
    return this.page.getByTestId(`node-${id}`);
  }

  nodes() {
    return this.page.locator('[data-testid^="node-"][data-kind]');
  }

  edge(from, to) {
    return this.page.getByTestId(`edge-${from}-${to}`);
  }

  edges() {
    return this.page.locator('[data-testid^="edge-"]');
  }

  prop(field) {
    return this.page.getByTestId(`prop-${field}`);
  }

  button(name) {
    return this.page.getByTestId(name);
  }

  /** Ids of all nodes of `kind` on the canvas, in document order. */
  async nodeIds(kind) {
    return this.page.$$eval(`[data-testid^="node-"][data-kind="${kind}"]`, (els) =>
      els.map((el) => el.getAttribute('data-node-id')),
    );
  }

  /**
   * Drags a palette item onto the canvas at (x, y) relative to the canvas' top-left corner and
   * returns the id of the node it created.
   */
  async place(kind, x, y) {
    const dataKind = kind === 'dlq' || kind === 'retry' ? 'topic' : kind;
    const before = new Set(await this.nodeIds(dataKind));
    await this.paletteItem(kind).dragTo(this.canvas, { targetPosition: { x, y } });
    const after = await this.nodeIds(dataKind);
    const created = after.filter((id) => !before.has(id));
    if (created.length !== 1) throw new Error(`expected one new ${kind}, got ${created.join(', ')}`);
    return created[0];
  }

  /** Drags from A's output port to B's input port. */
  async connect(from, to) {
    await this.page.getByTestId(`port-out-${from}`).dragTo(this.page.getByTestId(`port-in-${to}`));
  }

  /** Centre of a node's box (without its ports and badge) in page coordinates. */
  async centreOf(id) {
    const box = await this.node(id).locator('.node-box').boundingBox();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /** Presses the mouse at page point `from`, moves by (dx, dy) in a few steps and releases. */
  async dragBy(from, dx, dy) {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + dx, from.y + dy, { steps: 4 });
    await this.page.mouse.up();
  }

  async canvasBox() {
    return this.canvas.boundingBox();
  }

  /** The design as the editor would export it, read from the draft it saved. */
  async draft() {
    return this.page.evaluate(() => JSON.parse(localStorage.getItem('kafka-studio.draft.v1')));
  }

  /** Clicks Export JSON and returns the downloaded file's name and parsed contents. */
  async exportJson() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.button('export-json').click(),
    ]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { name: download.suggestedFilename(), design: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  }

  /** Imports a file through the Import JSON button's file chooser. */
  async importJson(name, contents) {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.button('import-json').click(),
    ]);
    await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(contents) });
  }
}

/** The editor's link to the server: save indicator, conflict dialog, history and sharing. */
export class SavedDesign {
  constructor(page) {
    this.page = page;
    this.status = page.getByTestId('save-status');
  }

  /** Waits until everything is saved and returns the revision the indicator names. */
  async saved() {
    await this.page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
    const text = await this.status.textContent();
    return Number(/revision (\d+)/.exec(text)[1]);
  }

  /** Waits for a save newer than `revision`. */
  async savedAfter(revision) {
    await this.page.waitForFunction(
      (r) => {
        const el = document.querySelector('[data-testid="save-status"]');
        const m = el && el.dataset.state === 'saved' && /revision (\d+)/.exec(el.textContent);
        return m && Number(m[1]) > r;
      },
      revision,
      { timeout: 15_000 },
    );
    return this.saved();
  }

  /** The design id in the address bar (`/editor?design=<id>`). */
  designId() {
    return new URL(this.page.url()).searchParams.get('design');
  }

  /** Creates a review link through the Share panel and returns its URL. */
  async createShareLink() {
    await this.page.getByTestId('share').click();
    await this.page.getByTestId('share-create').click();
    const input = this.page.getByTestId('share-url');
    await input.waitFor();
    return input.inputValue();
  }
}

/** Every node drawn: its id, kind, full name (from its label) and its box on the page. */
export async function drawnNodes(page) {
  return page.$$eval('[data-testid^="node-"][data-kind]', (els) =>
    els.map((el) => {
      const box = el.querySelector('.node-box').getBoundingClientRect();
      const label = el.getAttribute('aria-label');
      return {
        id: el.getAttribute('data-node-id'),
        kind: el.getAttribute('data-kind'),
        name: label.slice(0, label.lastIndexOf(' (')),
        box: { x: box.x, y: box.y, width: box.width, height: box.height },
      };
    }),
  );
}

/** Pairs of nodes whose boxes overlap (by more than half a pixel either way). */
export function overlapping(nodes) {
  const pairs = [];
  for (let i = 0; i < nodes.length; i += 1) {
    for (let j = i + 1; j < nodes.length; j += 1) {
      const [a, b] = [nodes[i].box, nodes[j].box];
      const apart =
        a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5 || a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5;
      if (!apart) pairs.push([nodes[i].name, nodes[j].name]);
    }
  }
  return pairs;
}
