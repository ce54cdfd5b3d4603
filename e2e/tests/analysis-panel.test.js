// The live analysis in the editor: the engine runs in the browser after every edit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { baseUrl, launchBrowser, newPage } from '../support/browser.js';
import { EditorPage } from '../pages/editor-page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('editing a topic’s partitions updates the findings and the sizing summary without a page load', async () => {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.open('template=ecommerce');
  const navigations = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));

  await editor.button('tab-analysis').click();
  const replicas = page.getByTestId('sizing-partition-replicas');
  const before = await replicas.innerText();
  assert.match(await page.getByTestId('sizing-brokers').innerText(), /^\d+ brokers$/);
  assert.match(await page.getByTestId('sizing-summary').innerText(), /bound by/);
  assert.notEqual((await page.getByTestId('sizing-formula').innerText()).trim(), '', 'the binding term with its formula');
  assert.equal(await page.locator('[data-testid="finding-idle-consumers"][data-node="inventory-reservations"]').count(), 0);

  // Fewer partitions than the 6 inventory-reservations instances: some of them idle.
  await editor.node('orders').click();
  await editor.button('tab-properties').click();
  await editor.prop('partitions').fill('2');
  await editor.button('tab-analysis').click();
  await page.locator('[data-testid="finding-idle-consumers"]').first().waitFor();
  await page.waitForFunction(
    (old) => document.querySelector('[data-testid="sizing-partition-replicas"]').innerText !== old,
    before,
  );
  assert.equal(await page.getByTestId('partition-load-orders').locator('rect').count(), 2, 'one bar per partition');
  await editor.page.getByTestId('badge-inventory-reservations').waitFor();

  // Choosing a finding selects its node.
  await page.locator('[data-testid="finding-idle-consumers"][data-node="inventory-reservations"] button').click();
  assert.match(await editor.node('inventory-reservations').getAttribute('class'), /selected/);

  // Undo brings the old numbers back.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(
    (old) => document.querySelector('[data-testid="sizing-partition-replicas"]').innerText === old,
    before,
  );
  assert.deepEqual(navigations, [], 'no page load');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('every finding links to its rule, and the rules page explains each rule the API lists', async () => {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.open('template=ecommerce');
  await editor.button('tab-analysis').click();
  const findings = page.locator('.finding-list > li');
  await findings.first().waitFor();
  const links = page.locator('a.finding-rule-link');
  assert.equal(await links.count(), await findings.count(), 'one link per finding');
  const first = links.first();
  const rule = (await first.getAttribute('data-testid')).replace(/^rule-link-/, '');
  assert.equal(await first.getAttribute('href'), `/rules#${rule}`);

  // The API's list and the page agree, rule by rule.
  const listed = await (await page.request.get(`${baseUrl}/api/v1/lint-rules`)).json();
  assert.ok(listed.rules.length >= 20);
  const rules = await newPage(browser, { width: 1280, height: 900 });
  await rules.goto(`${baseUrl}/rules#${rule}`);
  await rules.locator('html[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  assert.equal(await rules.locator('article.rule').count(), listed.rules.length);
  for (const r of listed.rules) {
    const section = rules.getByTestId(`rule-${r.id}`);
    assert.equal(await section.getAttribute('id'), r.id);
    const text = await section.textContent();
    assert.ok(text.includes(r.title) && text.includes(r.why) && text.includes(r.fix), r.id);
  }
  assert.ok(listed.rules.some((r) => r.id === rule), `${rule} is a registered rule`);
  assert.ok(
    (await rules.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))).some((u) =>
      u.endsWith('/pkg/review.wasm'),
    ),
    'the rules page is hydrated by the review bundle',
  );
  assert.deepEqual(rules.errors, []);
  assert.deepEqual(page.errors, []);
});
