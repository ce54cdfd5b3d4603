// Names typed by anyone stay text in the documents read by other tools: the Markdown spec's
// flowchart is parsed and drawn by Mermaid itself (the library GitHub and GitLab use), in
// Chromium. (The Rust tests read the other formats with their own parsers:
// crates/report/src/escaping_tests.rs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { baseUrl, launchBrowser, newPage } from '../support/browser.js';

const require = createRequire(import.meta.url);
const MERMAID = require.resolve('mermaid/dist/mermaid.min.js');

/** Everything a name may hold that is syntax in Markdown or Mermaid (the validator refuses
 *  control characters and line separators in names; those are blanked by the report crate). */
const HOSTILE = 'evil."name\' <b>&amp;</b> | `x` *y* _z_ [l](u) {c} (p) #h #35; $HOME ${x} %{y} \\n; end: [x] -- y --> z \uFEFF\uFFFE';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function hostileDesign() {
  return {
    schema: 'kafka-design/v1',
    name: HOSTILE,
    nodes: [
      { id: 'p', kind: 'producer', name: `${HOSTILE}-p`, messages_per_sec: 100, avg_message_bytes: 100 },
      { id: 't', kind: 'topic', name: `${HOSTILE}-t`, partitions: 3 },
      { id: 'g', kind: 'consumer_group', name: `${HOSTILE}-g` },
    ],
    edges: [{ from: 'p', to: 't' }, { from: 't', to: 'g' }],
  };
}

test('the Mermaid flowchart of a hostile design parses and draws its names as text', async () => {
  const response = await fetch(`${baseUrl}/api/v1/report?format=md`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(hostileDesign()),
  });
  assert.equal(response.status, 200);
  const markdown = await response.text();
  const block = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  assert.ok(block, 'the spec has a Mermaid block');

  const page = await newPage(browser);
  await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: MERMAID });
  const drawn = await page.evaluate(async (source) => {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const parsed = await window.mermaid.parse(source);
    const { svg } = await window.mermaid.render('flow', source);
    document.getElementById('out').innerHTML = svg;
    const labels = [...document.querySelectorAll('#out .nodeLabel, #out text')].map((e) => e.textContent);
    return {
      parsed: Boolean(parsed),
      labels,
      injected: document.querySelectorAll('#out b, #out script').length,
      nodes: document.querySelectorAll('#out .node').length,
    };
  }, block[1]);
  assert.equal(drawn.parsed, true);
  assert.equal(drawn.nodes, 3, 'one box per node, no extra node from the name');
  assert.equal(drawn.injected, 0, 'no element from the name');
  for (const suffix of ['-p', '-t', '-g']) {
    assert.ok(
      drawn.labels.some((l) => l.includes('evil."name\'') && l.includes('<b>&amp;</b>') && l.includes(suffix)),
      `the ${suffix} label is the name as text: ${JSON.stringify(drawn.labels)}`,
    );
  }
  assert.deepEqual(page.errors, []);
});
