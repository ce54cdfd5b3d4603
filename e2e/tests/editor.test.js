// The topology editor in real Chromium: building a design by mouse, refusing illegal edges,
// undo/redo, properties, JSON export/import, templates, selection, review mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage } from '../pages/editor-page.js';

/** The editor tests run on a 1440 × 900 screen: a 900-pixel-wide canvas between the panels. */
const WIDE = { width: 1440, height: 900 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A fresh page (own context, so own local storage) with the editor open on an empty design. */
async function emptyEditor() {
  const page = await newPage(browser, WIDE);
  const editor = new EditorPage(page);
  await editor.openEmpty();
  return { page, editor };
}

/** Builds producer → topic → consumer group by mouse and returns their ids. */
async function buildPipeline(editor) {
  const producer = await editor.place('producer', 150, 200);
  const topic = await editor.place('topic', 450, 200);
  const group = await editor.place('consumer_group', 750, 200);
  await editor.connect(producer, topic);
  await editor.connect(topic, group);
  return { producer, topic, group };
}

test('a producer → topic → consumer group design is built by mouse', async () => {
  const { page, editor } = await emptyEditor();
  const box = await editor.canvasBox();
  const { producer, topic, group } = await buildPipeline(editor);

  assert.equal(await editor.node(producer).getAttribute('data-kind'), 'producer');
  assert.equal(await editor.node(topic).getAttribute('data-kind'), 'topic');
  assert.equal(await editor.node(group).getAttribute('data-kind'), 'consumer_group');
  // Each node is centred where it was dropped.
  const c = await editor.centreOf(topic);
  assert.ok(Math.abs(c.x - (box.x + 450)) <= 2 && Math.abs(c.y - (box.y + 200)) <= 2, JSON.stringify(c));

  await editor.edge(producer, topic).waitFor({ state: 'attached' });
  await editor.edge(topic, group).waitFor({ state: 'attached' });
  assert.equal(await editor.edges().count(), 2);
  const draft = await editor.draft();
  assert.deepEqual(draft.edges.map((e) => [e.from, e.to]), [[producer, topic], [topic, group]]);
  await page.getByTestId('problems-none').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an illegal edge is refused with an alert naming both kinds', async () => {
  const { page, editor } = await emptyEditor();
  const producer = await editor.place('producer', 150, 150);
  const group = await editor.place('consumer_group', 500, 150);
  await editor.connect(producer, group);

  await editor.alert.waitFor();
  const text = await editor.alert.innerText();
  assert.match(text, /producer/);
  assert.match(text, /consumer group/);
  assert.equal(await editor.edges().count(), 0, 'no edge was added');

  // Every node has both ports, so a wrong direction is explained too.
  const topic = await editor.place('topic', 350, 400);
  await editor.connect(topic, producer);
  await page.getByRole('alert').getByText(/a producer only writes/).waitFor();
  await editor.connect(group, topic);
  await page.getByRole('alert').getByText(/a consumer group only reads/).waitFor();
  assert.equal(await editor.edges().count(), 0);
  await page.context().close();
});

test('undo and redo step through changes, by button and by keyboard', async () => {
  const { page, editor } = await emptyEditor();
  const { producer, topic } = await buildPipeline(editor);
  assert.equal(await editor.edges().count(), 2);

  await editor.button('undo').click();
  assert.equal(await editor.edges().count(), 1, 'the last connection is undone');
  await page.keyboard.press('Control+z');
  assert.equal(await editor.edges().count(), 0);
  await editor.button('redo').click();
  assert.equal(await editor.edges().count(), 1);
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await editor.edges().count(), 2);

  // Moving a node is one step too.
  const before = await editor.centreOf(topic);
  await editor.dragBy(before, 60, 90);
  const moved = await editor.centreOf(topic);
  assert.ok(Math.abs(moved.x - before.x - 60) <= 2 && Math.abs(moved.y - before.y - 90) <= 2);
  await page.keyboard.press('Control+z');
  const back = await editor.centreOf(topic);
  assert.ok(Math.abs(back.x - before.x) <= 1 && Math.abs(back.y - before.y) <= 1);

  // Delete removes the node and its edges; undo brings all of it back.
  await editor.node(producer).click();
  await page.keyboard.press('Delete');
  assert.equal(await editor.node(producer).count(), 0);
  assert.equal(await editor.edges().count(), 1);
  await editor.button('undo').click();
  assert.equal(await editor.node(producer).count(), 1);
  assert.equal(await editor.edges().count(), 2);
  await page.context().close();
});

test('editing a property updates the node, shows defaults and the validator’s message', async () => {
  const { page, editor } = await emptyEditor();
  const topic = await editor.place('topic', 300, 200);
  await editor.node(topic).click();

  await editor.prop('name').fill('ecommerce.orders.created');
  await editor.prop('partitions').fill('24');
  await editor.node(topic).locator('.node-meta', { hasText: '24 partitions' }).waitFor();
  assert.match(await editor.node(topic).textContent(), /ecommerce\.orders\.created/);

  // An unset setting shows Kafka's default.
  const retention = page.locator('.field', { has: editor.prop('retention.ms') });
  assert.match(await retention.innerText(), /Kafka default: 7 d/);
  assert.match(await page.locator('label[for="prop-min.insync.replicas"]').innerText(), /^min\.insync\.replicas$/);

  // Out of range: the validator's message sits under the field, the node is marked.
  await editor.prop('partitions').fill('0');
  const partitions = page.locator('.field', { has: editor.prop('partitions') });
  await partitions.locator('.field-error').waitFor();
  assert.match(await partitions.locator('.field-error').innerText(), /1/);
  assert.match(await editor.node(topic).getAttribute('class'), /invalid/);

  await editor.prop('partitions').fill('12');
  await editor.prop('min.insync.replicas').fill('2');
  const draft = await editor.draft();
  const saved = draft.nodes.find((n) => n.id === topic);
  assert.equal(saved.name, 'ecommerce.orders.created');
  assert.equal(saved.partitions, 12);
  assert.equal(saved.config['min.insync.replicas'], 2);

  // A run of typing into one field is one undo step.
  await editor.button('undo').click();
  assert.equal((await editor.draft()).nodes.find((n) => n.id === topic).config['min.insync.replicas'], 2 /* new-topic default */);
  await page.context().close();
});

test('a long topic name shows its first and last segments on the canvas and the full name on hover', async () => {
  const { page, editor } = await emptyEditor();
  const name = 'retail.fulfilment-centre-07.inventory-reservation.confirmed.v2';
  const topic = await editor.place('topic', 300, 200);
  await editor.node(topic).click();
  await editor.prop('name').fill(name);

  // The canvas keeps the domain and the end that tells it from its neighbours, and the text
  // stays inside the node's box.
  const label = editor.node(topic).locator('.node-name');
  await label.filter({ hasText: 'confirmed.v2' }).waitFor();
  const shown = await label.textContent();
  assert.match(shown, /^retail\.….*confirmed\.v2$/);
  assert.ok(shown.length < name.length);
  const text = await label.boundingBox();
  const box = await editor.node(topic).locator('.node-box').boundingBox();
  assert.ok(text.x + text.width <= box.x + box.width, `${JSON.stringify(text)} inside ${JSON.stringify(box)}`);

  // Hovering shows the whole name (the node's SVG title is the browser's tooltip), and the
  // properties panel holds it whole.
  await editor.node(topic).hover();
  assert.match(await editor.node(topic).locator('title').first().textContent(), new RegExp(`^${name.replaceAll('.', '\\.')} \\(topic\\)`));
  assert.equal(await editor.prop('name').inputValue(), name);
  await page.context().close();
});

test('a design exported as JSON and imported again is the same design', async () => {
  const { page, editor } = await emptyEditor();
  await buildPipeline(editor);
  const { name, design } = await editor.exportJson();
  assert.equal(name, 'untitled-design.kafka-design.json');
  assert.equal(design.schema, 'kafka-design/v1');
  assert.equal(design.nodes.length, 3);

  // Start over, then import the file.
  await editor.openEmpty();
  assert.equal(await editor.nodes().count(), 0);
  await editor.importJson(name, JSON.stringify(design));
  await editor.nodes().nth(2).waitFor();
  const again = await editor.exportJson();
  assert.deepEqual(again.design, design);
  await page.context().close();
});

test('an invalid import is refused with the validator’s errors and the canvas is kept', async () => {
  const { page, editor } = await emptyEditor();
  const { producer } = await buildPipeline(editor);
  const bad = {
    schema: 'kafka-design/v1',
    name: 'bad',
    nodes: [
      { id: 'a', kind: 'producer', name: 'A' },
      { id: 'b', kind: 'consumer_group', name: 'B' },
      { id: 't', kind: 'topic', name: 'T', partitions: 0 },
    ],
    edges: [{ from: 'a', to: 'b' }],
  };
  await editor.importJson('bad.json', JSON.stringify(bad));
  await editor.alert.waitFor();
  const text = await editor.alert.innerText();
  assert.match(text, /bad\.json was not imported/);
  assert.match(text, /partitions/);
  assert.match(text, /producer cannot connect to a consumer group/);
  assert.equal(await editor.nodes().count(), 3, 'the canvas is unchanged');
  assert.equal(await editor.node(producer).count(), 1);

  await editor.importJson('broken.json', '{"schema": "kafka-design/v1", "name": ');
  await page.getByRole('alert').getByText(/broken\.json was not imported/).waitFor();
  assert.equal(await editor.nodes().count(), 3);
  await page.context().close();
});

for (const template of ['ecommerce', 'cdc-postgres-s3', 'fraud-detection', 'iot-telemetry']) {
  test(`the ${template} template opens from the home page without a validation error`, async () => {
    const page = await newPage(browser, WIDE);
    const editor = new EditorPage(page);
    await page.goto(new URL('/', (await import('../support/browser.js')).baseUrl).href);
    await editor.waitUntilInteractive();
    await page.getByTestId(`template-${template}`).click();
    await page.waitForURL(/\/editor/);
    await editor.waitUntilInteractive();
    await page.getByTestId('problems-none').waitFor();
    assert.ok((await editor.nodes().count()) >= 5);
    assert.match(await editor.status.innerText(), /valid/);
    // Laid out automatically: no two boxes overlap.
    const boxes = await editor.nodes().evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON()));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        assert.ok(!overlap, `boxes ${i} and ${j} overlap`);
      }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a reload keeps the design (it lives in the browser until it is saved)', async () => {
  const { page, editor } = await emptyEditor();
  const { topic } = await buildPipeline(editor);
  await page.reload();
  await editor.waitUntilInteractive();
  await editor.node(topic).waitFor();
  assert.equal(await editor.edges().count(), 2);
  await page.context().close();
});

test('a template opened in a fresh browser is still there after a reload', async () => {
  const page = await newPage(browser, WIDE);
  const editor = new EditorPage(page);
  await editor.open('template=fraud-detection');
  await editor.node('scorer').waitFor();
  await page.waitForURL(/\/editor$/);
  await page.reload();
  await editor.waitUntilInteractive();
  await editor.node('scorer').waitFor();
  assert.equal((await editor.draft()).name, 'Real-time fraud detection');
  await page.context().close();
});

test('Escape during a drag puts the nodes back', async () => {
  const { page, editor } = await emptyEditor();
  const { topic } = await buildPipeline(editor);
  const before = await editor.centreOf(topic);
  await page.mouse.move(before.x, before.y);
  await page.mouse.down();
  await page.mouse.move(before.x + 70, before.y + 70, { steps: 4 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  const after = await editor.centreOf(topic);
  assert.ok(Math.abs(after.x - before.x) <= 1 && Math.abs(after.y - before.y) <= 1, JSON.stringify({ before, after }));
  await page.context().close();
});

test('selection: shift-click, rubber band, lineage highlight', async () => {
  const { page, editor } = await emptyEditor();
  const { producer, topic, group } = await buildPipeline(editor);
  const other = await editor.place('producer', 150, 450);

  // Selecting the topic lights up its writer and reader, not the unrelated producer.
  await editor.node(topic).click();
  assert.match(await editor.node(producer).getAttribute('class'), /lineage/);
  assert.match(await editor.node(group).getAttribute('class'), /lineage/);
  assert.match(await editor.node(other).getAttribute('class'), /dimmed/);

  // Shift-click adds to the selection.
  await editor.node(group).click({ modifiers: ['Shift'] });
  for (const id of [topic, group]) assert.match(await editor.node(id).getAttribute('class'), /selected/);

  // Shift-drag on the background selects what the band touches.
  await page.keyboard.press('Escape');
  const box = await editor.canvasBox();
  await page.keyboard.down('Shift');
  await editor.dragBy({ x: box.x + 40, y: box.y + 120 }, 520, 160);
  await page.keyboard.up('Shift');
  for (const id of [producer, topic]) assert.match(await editor.node(id).getAttribute('class'), /selected/);
  assert.doesNotMatch(await editor.node(group).getAttribute('class'), /selected/);
  await page.getByText('2 nodes selected').waitFor();
  await page.context().close();
});

test('pan, zoom and fit move the view, not the design', async () => {
  const { page, editor } = await emptyEditor();
  const { topic } = await buildPipeline(editor);
  const zoom = editor.button('zoom-level');
  assert.equal(await zoom.innerText(), '100 %');
  await editor.button('zoom-in').click();
  assert.equal(await zoom.innerText(), '125 %');
  const box = await editor.canvasBox();
  await page.mouse.move(box.x + 300, box.y + 500);
  await page.mouse.wheel(0, 400);
  assert.notEqual(await zoom.innerText(), '125 %');

  const before = await editor.centreOf(topic);
  await editor.dragBy({ x: box.x + 600, y: box.y + 550 }, 100, 50);
  const panned = await editor.centreOf(topic);
  assert.ok(Math.abs(panned.x - before.x - 100) <= 2 && Math.abs(panned.y - before.y - 50) <= 2);

  // Far out, labels and ports are dropped (they would be a few pixels tall); back in, they return.
  for (let i = 0; i < 8; i++) await editor.button('zoom-out').click();
  assert.match(await editor.canvas.getAttribute('class'), /lod-low/);
  assert.equal(await editor.node(topic).locator('.node-name').isVisible(), false);

  await editor.button('fit').click();
  assert.doesNotMatch(await editor.canvas.getAttribute('class'), /lod-low/);
  assert.equal(await editor.node(topic).locator('.node-name').isVisible(), true);
  const draft = await editor.draft();
  assert.equal(draft.nodes.length, 3, 'the view changed, the design did not');
  for (const id of draft.nodes.map((n) => n.id)) {
    const b = await editor.node(id).boundingBox();
    assert.ok(b.x >= box.x && b.x + b.width <= box.x + box.width, `${id} is inside the canvas after fit`);
  }
  await page.context().close();
});

test('review mode shows the same canvas with editing off', async () => {
  const { page, editor } = await emptyEditor();
  const { topic } = await buildPipeline(editor);
  await editor.button('read-only').click();
  assert.equal(await editor.paletteItem('topic').isVisible(), false, 'no palette');
  await editor.node(topic).click();
  assert.equal(await editor.prop('partitions').isDisabled(), true);
  const before = await editor.centreOf(topic);
  await editor.dragBy(before, 80, 80);
  const after = await editor.centreOf(topic);
  assert.deepEqual(after, before, 'nodes do not move');
  await page.keyboard.press('Delete');
  assert.equal(await editor.node(topic).count(), 1, 'nothing is deleted');
  assert.equal(await editor.button('undo').isDisabled(), true);
  await page.context().close();
});
