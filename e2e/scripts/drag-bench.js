// Responsiveness benchmark (not a test): drags a node of a generated 500-node design in headless
// Chromium and reports frame times from requestAnimationFrame.
//
//   node scripts/drag-bench.js [nodes=500] [moves=150]     (STUDIO_URL as for the tests)
//
// Two figures per frame while the node follows the pointer:
// * work: from the pointermove reaching the page to the end of that frame's rendering on the main
//   thread (event handling, requestAnimationFrame, style, layout, paint), measured by a capture
//   listener and a message posted from requestAnimationFrame, which runs after the frame;
// * interval: time between requestAnimationFrame callbacks (16.7 ms when no frame is dropped at
//   60 Hz; headless Chromium keeps that pace whatever the flags).
import { launchBrowser, newPage } from '../support/browser.js';
import { EditorPage } from '../pages/editor-page.js';

const total = Number(process.argv[2] || 500);
const moves = Number(process.argv[3] || 150);

/** A layered design of `total` nodes: producers → topics → processors → topics → readers. */
function generate(total) {
  const nodes = [];
  const edges = [];
  const share = { producer: 0.1, topic: 0.2, stream_processor: 0.2, topic2: 0.2, consumer_group: 0.3 };
  const count = (k) => Math.max(1, Math.round(total * share[k]));
  const add = (kind, prefix, n, extra = {}) =>
    Array.from({ length: n }, (_, i) => {
      const id = `${prefix}-${i}`;
      nodes.push({ id, kind, name: `${prefix} ${i}`, ...extra });
      return id;
    });
  const producers = add('producer', 'svc', count('producer'), { messages_per_sec: 1000, avg_message_bytes: 500 });
  const topics = add('topic', 'in', count('topic'), { partitions: 12 });
  const processors = add('stream_processor', 'proc', count('stream_processor'), { engine: 'kafka_streams', instances: 2 });
  const outputs = add('topic', 'out', count('topic2'), { partitions: 6 });
  const readers = add('consumer_group', 'app', total - nodes.length, { instances: 2 });
  topics.forEach((t, i) => edges.push({ from: producers[i % producers.length], to: t }));
  processors.forEach((p, i) => {
    edges.push({ from: topics[i % topics.length], to: p });
    edges.push({ from: p, to: outputs[i % outputs.length] });
  });
  readers.forEach((r, i) => edges.push({ from: outputs[i % outputs.length], to: r }));
  return { schema: 'kafka-design/v1', name: `generated ${total}`, nodes, edges };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const browser = await launchBrowser();
try {
  const page = await newPage(browser, { width: 1440, height: 900 });
  const editor = new EditorPage(page);
  await editor.openEmpty();
  const design = generate(total);

  const importStart = Date.now();
  await editor.importJson('generated.json', JSON.stringify(design));
  await page.waitForFunction((n) => document.querySelectorAll('[data-kind]').length === n, total);
  const importMs = Date.now() - importStart;
  await editor.button('fit').click();

  // The node nearest the middle of the canvas (the whole design is in view after Fit).
  const box = await editor.canvasBox();
  const target = await page.evaluate(({ cx, cy }) => {
    let best = null;
    for (const el of document.querySelectorAll('[data-kind]')) {
      const r = el.getBoundingClientRect();
      const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
      if (!best || d < best.d) best = { id: el.getAttribute('data-node-id'), d };
    }
    return best.id;
  }, { cx: box.x + box.width / 2, cy: box.y + box.height / 2 });
  const start = await editor.centreOf(target);
  await page.evaluate(() => {
    window.__frames = [];
    window.__work = [];
    let last = performance.now();
    let inputAt = null;
    window.addEventListener('pointermove', () => {
      if (inputAt === null) inputAt = performance.now();
    }, { capture: true });
    const after = new MessageChannel();
    after.port1.onmessage = () => {
      if (inputAt !== null) window.__work.push(performance.now() - inputAt);
      inputAt = null;
    };
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (inputAt !== null) after.port2.postMessage(0);
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(start.x + i, start.y + Math.sin(i / 10) * 40);
  }
  await page.mouse.up();
  const { frames, work } = await page.evaluate(() => {
    window.__recording = false;
    return { frames: window.__frames.slice(1), work: window.__work };
  });
  const end = await editor.centreOf(target);

  // One keystroke in a property: validation and the whole analysis run again in the browser.
  const topic = design.nodes.find((n) => n.kind === 'topic').id;
  await editor.node(topic).click();
  const edits = [];
  for (let i = 0; i < 10; i++) {
    edits.push(
      await page.evaluate(async (n) => {
        const input = document.querySelector('[data-testid="prop-partitions"]');
        const t0 = performance.now();
        input.value = String(n);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      }, 12 + i),
    );
  }
  if (Math.abs(end.x - start.x) < moves / 2) {
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.outerHTML.slice(0, 200), start);
    throw new Error(`the node did not follow the drag: ${JSON.stringify({ start, end, hit })}`);
  }
  console.log(
    JSON.stringify(
      {
        nodes: total,
        zoom: await editor.button('zoom-level').innerText(),
        edges: design.edges.length,
        import_and_layout_ms: importMs,
        frames_with_input: work.length,
        frame_work_ms_median: Number(median(work).toFixed(2)),
        frame_work_ms_p95: Number(percentile(work, 0.95).toFixed(2)),
        frame_work_ms_max: Number(Math.max(...work).toFixed(2)),
        frame_interval_ms_median: Number(median(frames).toFixed(2)),
        frame_interval_ms_p95: Number(percentile(frames, 0.95).toFixed(2)),
        property_edit_to_frame_ms_median: Number(median(edits).toFixed(1)),
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
}
