// The analysis API over real HTTP against the release server (the Rust tests drive the router
// in-process; this checks the same contract through the network stack and the body limit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

import { baseUrl } from '../support/browser.js';

const fixture = path.join(import.meta.dirname, '..', '..', 'server', 'tests', 'fixtures', 'orders-platform.json');

async function post(route, body, contentType = 'application/json') {
  const response = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the caller looks at text
  }
  return { status: response.status, headers: response.headers, json, text };
}

test('analyze sizes the example design', async () => {
  const { status, json } = await post('/api/v1/analyze', await readFile(fixture));
  assert.equal(status, 200);
  assert.equal(json.sizing.write_bytes_per_sec, 10_000_000);
  assert.equal(json.topics[0].partition_load.length, 12);
  assert.ok(json.findings.some((f) => f.rule === 'consumer-lag'));
});

test('an invalid design is 422 and names the element and field', async () => {
  const design = JSON.parse(await readFile(fixture, 'utf8'));
  design.nodes[1].partitions = 0;
  const { status, json } = await post('/api/v1/analyze', JSON.stringify(design));
  assert.equal(status, 422);
  assert.deepEqual(json.error.details[0].element, { kind: 'node', id: 'orders' });
  assert.equal(json.error.details[0].field, 'partitions');
});

/** A POST that announces its body with `Expect: 100-continue` and sends it only when the server
 * asks for it: a server that refuses on the headers alone answers at once, and nothing is uploaded. */
function postExpectContinue(route, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    });
    let uploaded = false;
    request.on('continue', () => {
      uploaded = true;
      request.end(body);
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode, json: JSON.parse(text), uploaded });
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

test('a body over 4 MiB is refused with a JSON 413 before it is uploaded', async () => {
  const { status, json, uploaded } = await postExpectContinue('/api/v1/analyze', ' '.repeat(4 * 1024 * 1024 + 1));
  assert.equal(status, 413);
  assert.equal(json.error.code, 'payload_too_large');
  assert.equal(uploaded, false, 'the server refused on the headers, without asking for the body');
});

test('the Markdown spec downloads with its file name', async () => {
  const { status, headers, text } = await post('/api/v1/report?format=md', await readFile(fixture));
  assert.equal(status, 200);
  assert.match(headers.get('content-disposition'), /filename="orders-platform\.md"/);
  assert.match(text, /```mermaid\nflowchart LR/);
});
