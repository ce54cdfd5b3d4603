// What a design costs, live in the Analysis tab: switching the deployment target changes the bill
// and the chart; tiering a topic's storage changes the storage term and the broker count, all
// without a page load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage } from '../pages/editor-page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The domain notes' capacity-planning example: 50 000 msg/s × 1 KB, 7 days, RF 3, 3 groups. */
const CAPACITY = {
  schema: 'kafka-design/v1',
  name: 'capacity planning',
  cluster: { broker_profile: 'm5.2xlarge', disk_per_broker_bytes: 30e12, storage_overhead: 0.3, max_disk_fill: 0.8 },
  nodes: [
    { id: 'orders-svc', kind: 'producer', name: 'orders-svc', messages_per_sec: 50000, avg_message_bytes: 1000 },
    { id: 'orders', kind: 'topic', name: 'shop.orders.created', partitions: 60,
      config: { 'replication.factor': 3, 'min.insync.replicas': 2, 'retention.ms': 604800000 } },
    ...['billing', 'shipping', 'analytics'].map((id) => (
      { id, kind: 'consumer_group', name: id, instances: 6, processing_ms_per_record: 0.05 })),
  ],
  edges: [
    { from: 'orders-svc', to: 'orders' },
    ...['billing', 'shipping', 'analytics'].map((id) => ({ from: 'orders', to: id })),
  ],
};

const brokers = async (page) => Number(/(\d+) brokers/.exec(await page.getByTestId('sizing-brokers').innerText())[1]);

test('switching the target changes the bill and the chart; tiering a topic changes storage and brokers', async () => {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.openEmpty();
  await editor.importJson('capacity.json', JSON.stringify(CAPACITY));
  await editor.node('orders').waitFor();
  const navigations = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));

  await editor.button('tab-analysis').click();
  await page.getByTestId('cost-add').click();
  const total = page.getByTestId('cost-total');
  await total.waitFor();
  const selfManaged = await total.innerText();
  assert.match(selfManaged, /\d/);
  assert.match(await page.locator('[data-testid="cost-bar-self-managed"] rect').getAttribute('class'), /chosen/);

  await page.getByTestId('cost-target').selectOption('msk-provisioned');
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-total"]').innerText !== old, selfManaged);
  assert.match(await page.locator('[data-testid="cost-bar-msk-provisioned"] rect').getAttribute('class'), /chosen/);
  assert.doesNotMatch(await page.locator('[data-testid="cost-bar-self-managed"] rect').getAttribute('class'), /chosen/);

  // Storage binds today (seven days of three replicas); tiered with a day on the brokers, it no longer does.
  const before = await brokers(page);
  const lines = await page.getByTestId('cost-lines').innerText();
  await editor.node('orders').click();
  await editor.button('tab-properties').click();
  await editor.prop('remote.storage.enable').selectOption('true');
  await editor.prop('local.retention.ms').fill('1 d');
  await editor.button('tab-analysis').click();
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-lines"]').innerText !== old, lines);
  assert.ok(await brokers(page) < before, `brokers ${before} → ${await brokers(page)}`);
  assert.match(await page.getByTestId('cost-lines').innerText(), /object storage/);
  assert.deepEqual(navigations, [], 'no page load');
  assert.deepEqual(page.errors, []);
});
