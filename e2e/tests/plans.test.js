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

test('a Black Friday window on the design: the Analysis tab shows 30 minutes of lag, the pre-scale advice and its plan', async () => {
  const page = await newPage(browser, WIDE);
  await new AccountPage(page).signUp(freshEmail('peaks'));
  // Unkeyed, so the group's capacity is exactly 10 × 100/s = 1 000/s against 950/s (95 % busy).
  const design = structuredClone(ORDERS);
  delete design.nodes[0].key;
  const id = await page.evaluate(async (d) => {
    const r = await fetch('/api/v1/designs', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d),
    });
    return (await r.json()).id;
  }, design);
  const editor = new EditorPage(page);
  await editor.open(`design=${id}`);
  const saved = new SavedDesign(page);
  const first = await saved.saved();

  // Nothing selected: the design's panel, with its peak windows.
  await page.getByTestId('design-add-peak').click();
  await page.getByTestId('peak-0-name').fill('Black Friday');
  await page.getByTestId('peak-0-multiplier').fill('2.1053'); // 950/s → 2 000/s
  await page.getByTestId('peak-0-duration').fill('30');
  await page.getByTestId('peak-0-ramp').fill('0');
  await saved.savedAfter(first);
  const stored = await page.evaluate(async (d) => (await fetch(`/api/v1/designs/${d}`)).json(), id);
  assert.deepEqual(stored.design.load_profile.peaks.map((w) => [w.name, w.multiplier, w.duration_minutes, w.ramp_minutes]),
    [['Black Friday', 2.1053, 30, 0]]);

  await editor.button('tab-analysis').click();
  const card = page.getByTestId('peak-0');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-exceeds'), 'true');
  // 1 000/s short for 30 minutes: 1.8 M records, 30 minutes of lag at 1 000/s.
  assert.match(await card.getByTestId('peak-verdict').textContent(), /Lag peaks at 30 min .*over the 60 s threshold/);
  assert.match(await card.getByTestId('peak-advice').textContent(), /orders at 20 partitions and billing at 20 instances/);
  await page.locator('[data-testid="finding-peak-lag"][data-node="billing"]').waitFor();
  assert.equal(await card.locator('svg.lag-chart polyline').count(), 2, 'current and advised');

  await page.getByTestId('prescale-plan-toggle').click();
  const plan = page.getByTestId('prescale-plan');
  await plan.getByTestId('plan-step-increase_partitions').waitFor();
  assert.match(await plan.getByTestId('plan-step-increase_partitions').textContent(), /10 → 20 partitions/);
  assert.match(await plan.getByTestId('plan-step-scale_reader').textContent(), /10 → 20 instances/);
  assert.deepEqual(page.errors, []);
});
