// Change plans in real Chromium: a topic's partitions raised in the editor and saved, then the
// plan from the previous revision in the History tab: the key-move step with its share, the
// commands, and the runbook downloaded as Markdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage, SavedDesign } from '../pages/editor-page.js';
import { AccountPage, freshEmail } from '../pages/account-page.js';
import { HistoryPanel } from '../pages/history-panel.js';

const WIDE = { width: 1440, height: 900 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** checkout (keyed by customer, 100 000 customers) → orders (10 partitions) → billing. */
const ORDERS = {
  schema: 'kafka-design/v1',
  name: 'Black Friday',
  nodes: [
    { id: 'checkout', kind: 'producer', name: 'checkout', messages_per_sec: 950, avg_message_bytes: 1000,
      key: { field: 'customer_id', distribution: { kind: 'uniform', cardinality: 100000 } },
      position: { x: 80, y: 160 } },
    { id: 'orders', kind: 'topic', name: 'orders', partitions: 10, position: { x: 380, y: 160 } },
    { id: 'billing', kind: 'consumer_group', name: 'billing', instances: 10, processing_ms_per_record: 10,
      needs_ordering: true, position: { x: 680, y: 160 } },
  ],
  edges: [{ from: 'checkout', to: 'orders' }, { from: 'orders', to: 'billing' }],
};

test('raising a topic\'s partitions and saving: the plan from the previous revision shows the keys that move and the commands', async () => {
  const page = await newPage(browser, WIDE);
  await new AccountPage(page).signUp(freshEmail('planner'));
  const id = await page.evaluate(async (design) => {
    const r = await fetch('/api/v1/designs', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(design),
    });
    return (await r.json()).id;
  }, ORDERS);
  const editor = new EditorPage(page);
  await editor.open(`design=${id}`);
  const saved = new SavedDesign(page);
  const first = await saved.saved();

  await editor.node('orders').click();
  await editor.prop('partitions').fill('50');
  const second = await saved.savedAfter(first);

  const history = new HistoryPanel(page);
  await history.open();
  await history.revision(second).waitFor();
  const plan = await history.planFrom(first);
  assert.match(await plan.locator('h3').textContent(), new RegExp(`revision ${first} to ${second}`));

  const increase = history.step('increase_partitions');
  await increase.waitFor();
  const text = await increase.textContent();
  assert.match(text, /orders/);
  // Uniform keys from 10 to 50 partitions: 80 % land elsewhere (Kafka's murmur2 partitioner).
  const share = Number(/(\d+(?:\.\d+)?) % of keys move/.exec(text)?.[1]);
  assert.ok(Math.abs(share - 80) < 1.5, `share of keys moved: ${text}`);
  assert.equal(await increase.getAttribute('data-risk'), 'high risk', 'billing relies on per-key order');
  const commands = await increase.getByTestId('plan-commands').textContent();
  assert.match(commands, /kafka-topics\.sh .*--alter .*--topic '?orders'? .*--partitions 50/);

  const { name, text: runbook } = await history.downloadRunbook();
  assert.match(name, /^black-friday-plan-r\d+-r\d+\.md$/);
  assert.match(runbook, /--partitions 50/);
  assert.match(runbook, /```diff/);
  assert.deepEqual(page.errors, []);
});
