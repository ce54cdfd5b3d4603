// Imports in the editor, in real Chromium: an AsyncAPI file dropped on the canvas (merged, laid
// out, its warnings listed, one undo step), a Kafka Streams describe() pasted into the dialog,
// refusals with their line and column, "Open as new design" for a visitor and for an account,
// and no import where editing is off. The documents are real ones (e2e/fixtures/SOURCES.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { launchBrowser, newPage, baseUrl } from '../support/browser.js';
import { EditorPage, SavedDesign, drawnNodes, overlapping } from '../pages/editor-page.js';
import { ImportDialog, ImportReport, dropFile, importThroughApi } from '../pages/import-dialog.js';
import { AccountPage, freshEmail } from '../pages/account-page.js';

const WIDE = { width: 1440, height: 900 };
const fixture = (name) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const STREETLIGHTS = fixture('streetlights-kafka-asyncapi.yml');
const TOPOLOGY = fixture('kafka-topology-test-table-count.txt');
/** A channel of the streetlights document, by its address. */
const DIM = 'smartylighting.streetlights.1.0.action.{streetlightId}.dim';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function emptyEditor() {
  const page = await newPage(browser, WIDE);
  const editor = new EditorPage(page);
  await editor.openEmpty();
  return { page, editor };
}

/** The warnings as the editor lists them: `location — message`. */
const listed = (warnings) => warnings.map((w) => `${w.location} — ${w.message}`);

test('an AsyncAPI file dropped on the canvas is merged, laid out and undone in one step', async () => {
  const { page, editor } = await emptyEditor();
  // A topic already drawn under the name of one of the document's channels: the import's
  // channel is that topic, not a second one.
  const mine = await editor.place('topic', 200, 150);
  await editor.node(mine).click();
  await editor.prop('name').fill(DIM);
  await editor.prop('partitions').fill('6');
  await editor.node(mine).locator('.node-meta', { hasText: '6 partitions' }).waitFor();
  const before = await editor.draft();

  const expected = await importThroughApi(page, STREETLIGHTS);
  assert.equal(expected.format, 'asyncapi');
  assert.ok(expected.warnings.length > 0, 'the parameterised addresses are warned about');

  await dropFile(page, 'streetlights-kafka-asyncapi.yml', STREETLIGHTS);
  const report = new ImportReport(page);
  assert.deepEqual(await report.warningTexts(), listed(expected.warnings));
  assert.match(await report.headline.innerText(), /Merged from AsyncAPI.*1 topic or schema subject already drawn is the same/);

  // Every node of the import is drawn once, the drawn topic standing for its channel.
  const nodes = await drawnNodes(page);
  const names = nodes.map((n) => n.name).sort();
  assert.deepEqual(names, expected.design.nodes.map((n) => n.name).sort());
  assert.equal(nodes.find((n) => n.name === DIM).id, mine);
  for (const channel of expected.design.nodes.filter((n) => n.kind === 'topic')) {
    const node = page.locator(`[data-kind="topic"][aria-label="${channel.name} (topic)"]`);
    await node.locator('.node-name').waitFor({ state: 'visible' });
  }
  assert.deepEqual(overlapping(nodes), [], 'no two nodes overlap');
  assert.equal(await editor.edges().count(), expected.design.edges.length);
  const draft = await editor.draft();
  assert.equal(draft.nodes.find((n) => n.id === mine).partitions, 6, 'the drawn topic keeps its partitions');
  await page.getByTestId('problems-none').waitFor();

  // One undo takes the whole import away; redo brings it back.
  await editor.button('undo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === 1);
  assert.deepEqual(await editor.draft(), before);
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === n,
    expected.design.nodes.length,
  );

  await report.dismiss();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a Kafka Streams describe() pasted into the dialog brings its processors, repartition and changelog topics', async () => {
  const { page, editor } = await emptyEditor();
  const dialog = new ImportDialog(page);
  await dialog.open();
  await dialog.fill(TOPOLOGY, { format: 'streams-topology', applicationId: 'count-app' });
  await dialog.merge();

  const report = new ImportReport(page);
  await report.panel.waitFor();
  assert.match(await report.headline.innerText(), /Merged from Kafka Streams/);
  const nodes = await drawnNodes(page);
  const byKind = (kind) => nodes.filter((n) => n.kind === kind).map((n) => n.name).sort();
  assert.deepEqual(byKind('stream_processor'), ['count-app sub-topology 0', 'count-app sub-topology 1']);
  assert.deepEqual(byKind('topic'), [
    'count-app-count-store-changelog',
    'count-app-count-store-repartition',
    'count-app-input-topic-STATE-STORE-0000000000-changelog',
    'input-topic',
  ]);
  assert.deepEqual(overlapping(nodes), []);

  // Internal topics are marked so; changelogs are compacted; the flow runs through them.
  const draft = await editor.draft();
  const named = (name) => draft.nodes.find((n) => n.name === name);
  for (const name of ['count-app-count-store-repartition', 'count-app-count-store-changelog', 'count-app-input-topic-STATE-STORE-0000000000-changelog']) {
    assert.equal(named(name).internal, true, name);
  }
  assert.equal(named('count-app-count-store-changelog').config['cleanup.policy'], 'compact');
  assert.equal(named('input-topic').internal, undefined);
  const flows = draft.edges.map((e) => `${draft.nodes.find((n) => n.id === e.from).name} → ${draft.nodes.find((n) => n.id === e.to).name}`);
  for (const flow of [
    'input-topic → count-app sub-topology 0',
    'count-app sub-topology 0 → count-app-count-store-repartition',
    'count-app-count-store-repartition → count-app sub-topology 1',
    'count-app sub-topology 1 → count-app-count-store-changelog',
  ]) {
    assert.ok(flows.includes(flow), `${flow} in ${flows.join('; ')}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('text that is not the format is refused with its line and column, and nothing changes', async () => {
  const { page, editor } = await emptyEditor();
  await editor.place('producer', 200, 200);
  const before = await editor.draft();
  const dialog = new ImportDialog(page);
  await dialog.open();
  await dialog.fill('asyncapi: 3.0.0\ninfo:\n  title: [unclosed\n', { format: 'asyncapi' });
  await page.getByTestId('import-merge').click();
  await dialog.error.waitFor();
  assert.match(await dialog.error.innerText(), /Not imported: not an AsyncAPI document/);
  assert.match(await dialog.errorAt.innerText(), /^At line \d+, column \d+$/);
  assert.ok(await dialog.dialog.isVisible(), 'the dialog stays open to fix the text');

  // The application.id field is offered for Kafka Streams only.
  assert.equal(await dialog.applicationId.count(), 0);
  await dialog.format.selectOption('streams-topology');
  await dialog.applicationId.waitFor();
  await dialog.cancel();
  assert.deepEqual(await editor.draft(), before);

  // A dropped file that no format reads says why in the alert.
  await dropFile(page, 'notes.txt', 'just some words\n', 'text/plain');
  await editor.alert.getByText(/notes\.txt was not imported/).waitFor();
  assert.deepEqual(await editor.draft(), before);
  await page.context().close();
});

test('a visitor opens an import as a new design over the draft, one undo away from it', async () => {
  const { page, editor } = await emptyEditor();
  const producer = await editor.place('producer', 200, 200);
  const dialog = new ImportDialog(page);
  await dialog.open();
  await dialog.fill(STREETLIGHTS);
  await Promise.all([page.waitForURL(/\/editor\?import$/), dialog.openAsNew()]);
  await editor.waitUntilInteractive();
  // Taken up as a template is: laid over the draft, and the address back to /editor.
  await page.waitForURL((url) => url.pathname === '/editor' && !url.search);
  const report = new ImportReport(page);
  await report.headline.getByText(/Imported from AsyncAPI/).waitFor();
  assert.equal((await report.warningTexts()).length, 4);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="node-"][data-kind]').length === 9);
  assert.equal((await editor.draft()).name, 'Streetlights Kafka API');
  await editor.button('undo').click();
  await editor.node(producer).waitFor();
  assert.equal(await editor.nodes().count(), 1);
  await page.context().close();
});

test('signed in, an import opened from the home page becomes a design of mine, with its AsyncAPI download', async () => {
  const page = await newPage(browser, WIDE);
  await new AccountPage(page).signUp(freshEmail('importer'));
  const dialog = new ImportDialog(page);
  await dialog.open('home-import');
  assert.equal(await page.getByTestId('import-merge').count(), 0, 'nothing to merge into on the home page');
  await dialog.fill(TOPOLOGY, { applicationId: 'count-app' });
  await Promise.all([page.waitForURL(/\/editor\?design=/), dialog.openAsNew()]);
  const saved = new SavedDesign(page);
  assert.equal(await saved.saved(), 1);
  await new ImportReport(page).headline.getByText(/Imported from Kafka Streams/).waitFor();
  const stored = await page.request.get(`${baseUrl}/api/v1/designs/${saved.designId()}`);
  assert.equal((await stored.json()).design.nodes.length, 6);

  await page.getByTestId('tab-report').click();
  const link = page.getByTestId('report-asyncapi');
  assert.equal(await link.getAttribute('href'), `/api/v1/designs/${saved.designId()}/asyncapi.yaml`);
  const answer = await page.request.get(`${baseUrl}${await link.getAttribute('href')}`);
  assert.equal(answer.status(), 200);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('with editing off there is no import: the button is off and a drop is refused', async () => {
  const page = await newPage(browser, WIDE);
  const editor = new EditorPage(page);
  await editor.open('template=ecommerce&mode=review');
  const before = await editor.nodes().count();
  assert.ok(await editor.button('import').isDisabled());
  await dropFile(page, 'streetlights-kafka-asyncapi.yml', STREETLIGHTS);
  await editor.alert.getByText(/Editing is off/).waitFor();
  assert.equal(await editor.nodes().count(), before);
  await page.context().close();
});
