// The schema panel in real Chromium: a subject's versions, syntax errors at their line, the
// live compatibility verdict and the analysis finding that names the readers a breaking version
// breaks, comparing versions side by side, undo, review mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage } from '../pages/editor-page.js';
import { SchemaPanel } from '../pages/schema-panel.js';

const WIDE = { width: 1440, height: 900 };

const V1 = `{
  "type": "record",
  "name": "Order",
  "namespace": "shop",
  "fields": [
    {"name": "id", "type": "string"}
  ]
}`;

/** Version 1 with an `email` field (line 7), with or without a default. */
function withEmail(defaulted) {
  return `{
  "type": "record",
  "name": "Order",
  "namespace": "shop",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "email", "type": "string"${defaulted ? ', "default": ""' : ''}}
  ]
}`;
}
const EMAIL_LINE = 7;

/** checkout → orders → billing, and subject `orders-value` (BACKWARD, Avro v1) on `orders`. */
const DESIGN = {
  schema: 'kafka-design/v1',
  name: 'Orders with a schema',
  nodes: [
    { id: 'checkout', kind: 'producer', name: 'checkout', messages_per_sec: 200, avg_message_bytes: 600 },
    { id: 'orders', kind: 'topic', name: 'orders', partitions: 6 },
    { id: 'billing', kind: 'consumer_group', name: 'billing' },
    {
      id: 'orders-schema',
      kind: 'schema_subject',
      name: 'orders-value',
      schema_type: 'AVRO',
      compatibility: 'BACKWARD',
      versions: [{ schema: V1, note: 'first version' }],
    },
  ],
  edges: [
    { from: 'checkout', to: 'orders' },
    { from: 'orders-schema', to: 'orders' },
    { from: 'orders', to: 'billing' },
  ],
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A fresh page with DESIGN imported, the subject selected and its schema panel open. */
async function openSubject() {
  const page = await newPage(browser, WIDE);
  const editor = new EditorPage(page);
  await editor.openEmpty();
  await editor.importJson('orders.kafka-design.json', JSON.stringify(DESIGN));
  await editor.node('orders-schema').waitFor();
  await editor.node('orders-schema').click();
  const panel = new SchemaPanel(page);
  await panel.openFromProperties();
  return { page, editor, panel };
}

test('a version adding a field without a default is an error naming the consumer group, pointing at the field; the default clears it', async () => {
  const { page, editor, panel } = await openSubject();
  assert.deepEqual(await panel.versions(), [1]);
  assert.equal(await panel.text.inputValue(), V1);
  assert.match(await panel.verdictIs('first'), /v1 is the first version/);

  // Add a version: a copy of the newest, compatible with it.
  await panel.addVersion();
  assert.deepEqual(await panel.versions(), [2, 1], 'newest first');
  assert.equal(await panel.shownVersion(), 2);
  assert.equal(await panel.text.inputValue(), V1, 'starts from a copy of the newest');
  assert.match(await panel.verdictIs('compatible'), /v2 is compatible with v1 at BACKWARD/);

  // A field without a default: records already in `orders` have no value for it.
  await panel.setText(withEmail(false));
  assert.match(await panel.verdictIs('incompatible'), /v2 is not compatible with v1 at BACKWARD/);
  const item = panel.incompatibilities.first();
  assert.match(await item.innerText(), /READER_FIELD_MISSING_DEFAULT_VALUE/);
  assert.equal(await item.getAttribute('data-line'), String(EMAIL_LINE));

  // The analysis: an error naming the group that reads the topic, pointing at the field.
  await editor.button('tab-analysis').click();
  const finding = page.locator('[data-testid="finding-schema-incompatible"]');
  await finding.waitFor();
  assert.match(await finding.getAttribute('class'), /sev-error/);
  const message = await finding.innerText();
  assert.match(message, /consumer group `billing`/);
  assert.match(message, /Order\.email/);
  assert.equal(await finding.getAttribute('data-schema-version'), '2');
  assert.equal(await finding.getAttribute('data-schema-line'), String(EMAIL_LINE));

  // Choosing it shows the panel at v2 with the field's line marked and the caret on it.
  await panel.close();
  await finding.locator('button.finding').click();
  await panel.root.waitFor();
  assert.equal(await panel.shownVersion(), 2);
  await panel.lineMark.waitFor();
  assert.equal(await panel.lineMark.getAttribute('data-line'), String(EMAIL_LINE));
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'schema-text');
  assert.deepEqual(await panel.caretOn(EMAIL_LINE), { focused: true, line: EMAIL_LINE });

  // Add the default where the caret is: at the end of the field's line, before its `}`.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(', "default": ""');
  await panel.saved();
  assert.equal(await panel.text.inputValue(), withEmail(true));
  await finding.waitFor({ state: 'detached' });
  assert.match(await panel.verdictIs('compatible'), /v2 is compatible with v1 at BACKWARD/);
  assert.equal(await page.locator('[data-testid="finding-schema-invalid"]').count(), 0);

  const draft = await editor.draft();
  const subject = draft.nodes.find((n) => n.id === 'orders-schema');
  assert.deepEqual(
    subject.versions.map((v) => v.schema),
    [V1, withEmail(true)],
  );
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a syntax error typed into the text is marked at its line, and fixing it clears the mark', async () => {
  const { page, editor, panel } = await openSubject();
  assert.equal(await panel.errorMarker.count(), 0);
  // A trailing comma on line 6.
  await panel.setText(V1.replace('{"name": "id", "type": "string"}', '{"name": "id", "type": "string",}'));
  await panel.errorMarker.waitFor();
  assert.equal(await panel.errorMarker.getAttribute('data-line'), '6');
  assert.equal(await panel.syntaxError.getAttribute('data-line'), '6');
  assert.match(await panel.syntaxError.innerText(), /line 6/);
  assert.equal(await panel.text.getAttribute('aria-invalid'), 'true');
  // The analysis says so too, at the same place.
  await editor.button('tab-analysis').click();
  const invalid = page.locator('[data-testid="finding-schema-invalid"]');
  await invalid.waitFor();
  assert.equal(await invalid.getAttribute('data-schema-line'), '6');

  // Choosing the error puts the caret on its line.
  await panel.syntaxError.click();
  await panel.lineMark.waitFor();
  assert.equal((await panel.caretOn(6)).line, 6);

  await panel.setText(V1);
  await panel.errorMarker.waitFor({ state: 'detached' });
  assert.equal(await panel.syntaxError.count(), 0);
  await invalid.waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('two versions compared side by side show the added lines', async () => {
  const { page, panel } = await openSubject();
  await panel.addVersion();
  await panel.setText(withEmail(true));
  await panel.compare(1, 2);
  const rows = await panel.diffRows();
  const added = rows.filter((r) => r.kind === 'added');
  assert.equal(added.length, 1, JSON.stringify(rows));
  assert.match(added[0].right, /"name": "email"/);
  assert.equal(added[0].left, '');
  const changed = rows.filter((r) => r.kind === 'changed');
  assert.deepEqual(
    changed.map((r) => [r.left.trim(), r.right.trim()]),
    [['{"name": "id", "type": "string"}', '{"name": "id", "type": "string"},']],
  );
  assert.ok(rows.filter((r) => r.kind === 'same').length >= 6);
  assert.match(await page.getByTestId('schema-diff-count').innerText(), /2 lines differ/);
  // The highlighted rows look different from the others.
  const colour = (kind) =>
    panel.diff.locator(`.diff-row[data-kind="${kind}"] .diff-right`).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await colour('added'), await colour('same'));

  // Back to the text of a version.
  await panel.version(1).click();
  assert.equal(await panel.text.inputValue(), V1);
  assert.equal(await panel.text.getAttribute('readonly'), '', 'older versions are not edited');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('undo removes an added version in one step, and an edit of its text in one more', async () => {
  const { page, editor, panel } = await openSubject();
  await panel.addVersion();
  await editor.button('undo').click();
  await panel.version(2).waitFor({ state: 'detached' });
  assert.deepEqual(await panel.versions(), [1]);
  assert.equal((await editor.draft()).nodes.find((n) => n.id === 'orders-schema').versions.length, 1);
  await editor.button('redo').click();
  await panel.version(2).waitFor();

  // One editing session (several pauses in typing) is one step.
  await panel.setText(withEmail(false));
  await panel.setText(withEmail(true));
  await editor.button('undo').click();
  await page.waitForFunction((v1) => document.querySelector('[data-testid="schema-text"]').value === v1, V1);
  assert.deepEqual(await panel.versions(), [2, 1], 'the version stays, its text is back');
  await editor.button('undo').click();
  await panel.version(2).waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the inspector shows the subject’s settings and the registry name; review mode edits nothing', async () => {
  const { page, editor, panel } = await openSubject();
  await panel.close();
  assert.equal(await editor.prop('compatibility').inputValue(), 'BACKWARD');
  assert.equal(await editor.prop('schema_type').inputValue(), 'AVRO');
  assert.equal(await page.getByTestId('schema-subject-name').innerText(), 'orders-value');
  assert.equal(await page.getByTestId('schema-name-hint').count(), 0);

  // The record strategy names the subject after the record; the node is named otherwise.
  await editor.prop('naming_strategy').selectOption('RecordNameStrategy');
  assert.equal(await page.getByTestId('schema-subject-name').innerText(), 'shop.Order');
  assert.equal(await page.getByTestId('schema-record-name').innerText(), 'shop.Order');
  await page.getByTestId('schema-name-hint').waitFor();
  await page.getByTestId('schema-use-name').click();
  assert.equal(await editor.prop('name').inputValue(), 'shop.Order');
  await page.getByTestId('schema-name-hint').waitFor({ state: 'detached' });

  // Review mode: the panel shows the versions, edits nothing.
  await editor.button('read-only').click();
  await panel.openFromProperties();
  assert.equal(await panel.text.getAttribute('readonly'), '');
  assert.equal(await page.getByTestId('schema-add-version').isDisabled(), true);
  assert.equal(await page.getByTestId('schema-delete-version').isDisabled(), true);
  await panel.text.press('End');
  await panel.text.pressSequentially('x');
  assert.equal(await panel.text.inputValue(), V1);
  // Escape closes the panel (the subject stays) and gives the focus back to the button that opened it.
  await panel.text.press('Escape');
  await panel.root.waitFor({ state: 'detached' });
  assert.equal(await editor.node('orders-schema').count(), 1);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'open-schema-panel');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
