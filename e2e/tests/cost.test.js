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
  assert.match(await page.locator('[data-testid="cost-bar-self-managed"] rect.bar').getAttribute('class'), /chosen/);
  assert.ok(await page.locator('[data-testid="cost-bar-self-managed"] rect.seg').count() >= 3, 'the bar is stacked by component');
  assert.match(await page.getByTestId('cost-formula-brokers').innerText(), /ec2\.m5\.2xlarge\.hour/);

  await page.getByTestId('cost-target').selectOption('msk-provisioned');
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-total"]').innerText !== old, selfManaged);
  assert.match(await page.locator('[data-testid="cost-bar-msk-provisioned"] rect.bar').getAttribute('class'), /chosen/);
  assert.doesNotMatch(await page.locator('[data-testid="cost-bar-self-managed"] rect.bar').getAttribute('class'), /chosen/);

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

/** The first money figure of a text as the bill shows it (`12 345 USD`). */
const money = (text) => Number(/(\d[\d \u202f\u00a0]*) USD/.exec(text)[1].replace(/\D/g, ''));

test('the deployment fields reprice live: a unit price moves the total by exactly its term; zones, follower fetching and compression ratios change the bill', async () => {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.openEmpty();
  const design = structuredClone(CAPACITY);
  design.nodes[0].config = { 'compression.type': 'lz4' };
  design.cluster.deployment = {};
  await editor.importJson('capacity.json', JSON.stringify(design));
  await editor.node('orders').waitFor();
  await editor.button('tab-analysis').click();
  const total = page.getByTestId('cost-total');
  await total.waitFor();
  assert.equal(await page.locator('[data-testid="cost-growth"] polyline').count(), 4, 'a growth line per target');

  // Double the broker instance's unit price: the broker line doubles and the total grows by as much.
  const brokerLine = page.getByTestId('cost-line-brokers');
  const lineBefore = money(await brokerLine.innerText());
  const totalBefore = money(await total.innerText());
  const input = page.locator('[data-testid="price-overrides"] input').first();
  const list = Number(await input.getAttribute('placeholder'));
  assert.ok(list > 0, `list price ${list}`);
  const shown = await total.innerText();
  await input.fill(String(list * 2));
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-total"]').innerText !== old, shown);
  const lineAfter = money(await brokerLine.innerText());
  assert.ok(Math.abs(lineAfter - 2 * lineBefore) <= 2, `broker line ${lineBefore} → ${lineAfter}`);
  assert.ok(Math.abs(money(await total.innerText()) - totalBefore - (lineAfter - lineBefore)) <= 2, 'the total moves by the term');
  assert.match(await brokerLine.innerText(), /your price/);
  assert.ok(await page.evaluate(() => document.activeElement?.closest('[data-testid="price-overrides"]') != null),
    'the input keeps its focus while the bill changes');
  const overridden = await total.innerText();
  await page.getByTestId('prices-clear').click();
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-total"]').innerText !== old, overridden);
  assert.equal(money(await total.innerText()), totalBefore, 'back to list prices');

  // Follower fetching takes the consumers' cross-zone reads away.
  const cross = page.getByTestId('cost-cross-zone');
  const crossBefore = await cross.innerText();
  assert.match(crossBefore, /over 3 zones/);
  await page.getByTestId('deployment-follower-fetching').selectOption('true');
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-cross-zone"]').innerText !== old, crossBefore);
  assert.match(await cross.innerText(), /consumers 0 B\/s, fetching from followers/);

  // Two zones: brokers round to a multiple of two.
  await page.getByTestId('deployment-zones').fill('2');
  await page.waitForFunction(() => /over 2 zones/.test(document.querySelector('[data-testid="cost-cross-zone"]').innerText));
  assert.equal((await brokers(page)) % 2, 0);
  await page.getByTestId('deployment-zones').fill('9');
  await page.getByText(/9 is outside 1..=6/).waitFor();
  await page.getByTestId('deployment-zones').fill('3');

  // lz4 batches taken as incompressible: more storage, more cross-zone bytes.
  const lines = await page.getByTestId('cost-lines').innerText();
  await page.getByTestId('ratio-json-lz4').fill('1');
  await page.waitForFunction((old) => document.querySelector('[data-testid="cost-lines"]').innerText !== old, lines);
  assert.deepEqual(page.errors, []);
});

test('a target the price table lacks is said, and choosing a known one prices the design', async () => {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.openEmpty();
  const design = structuredClone(CAPACITY);
  design.cluster.deployment = { target: 'on-prem-racks' };
  await editor.importJson('capacity.json', JSON.stringify(design));
  await editor.node('orders').waitFor();
  await editor.button('tab-analysis').click();
  await page.getByTestId('cost-unknown-target').waitFor();
  assert.match(await page.getByTestId('cost-unknown-target').innerText(), /on-prem-racks/);
  await page.getByTestId('cost-target').selectOption('msk-serverless');
  await page.getByTestId('cost-total').waitFor();
  assert.equal(await page.getByTestId('cost-unknown-target').count(), 0);
  assert.match(await page.locator('[data-testid="cost-bar-msk-serverless"] rect.bar').getAttribute('class'), /chosen/);
  // The diskless engine fits, with its latency said as a caveat rather than hidden.
  await page.getByTestId('cost-target').selectOption('diskless');
  await page.getByTestId('cost-caveat').first().waitFor();
  assert.match(await page.getByTestId('cost-caveat').first().innerText(), /\d+ ms/);
  assert.deepEqual(page.errors, []);
});
