// Model sessions of onnxruntime in a worker thread (see session-client.ts). Plain JavaScript: a
// worker thread does not get the TypeScript loader under every runner (vitest).
// Reading, hashing and opening a 17 MB model block for tens of milliseconds; here they block
// only this thread, so the service's event loop keeps answering while a new version loads.
// The thread outlives a session: the next version opens in it without a new isolate and addon.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

let session = null;
let maxFeatures = 0;
// Files this thread hashed, by identity: swapping back to a version does not hash 17 MB again.
// A file rewritten in place gets a new mtime (or size, or inode) and is hashed anew.
const verified = new Map();
// Runs in flight: a close waits for them (handlers of messages run concurrently).
let inflight = 0;
let drained = null;

async function open({ file, fileName, sha256, features }) {
  maxFeatures = features;
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (err) {
    return { type: 'refused', failure: 'missing-file', detail: `cannot read ${file}: ${err.code ?? err.message}` };
  }
  const st = await stat(file).catch(() => null);
  const key = st ? `${file}:${st.ino}:${st.size}:${st.mtimeMs}` : null;
  if (!key || verified.get(key) !== sha256 || bytes.length !== st.size) {
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== sha256) return { type: 'refused', failure: 'checksum', sha };
    if (key) verified.set(key, sha);
  }
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  } catch (err) {
    return { type: 'refused', failure: 'onnx', detail: `onnxruntime cannot open ${fileName}: ${err.message}` };
  }
  return { type: 'ready', inputNames: session.inputNames, outputNames: session.outputNames };
}

parentPort.on('message', async (m) => {
  switch (m.type) {
    case 'open':
      parentPort.postMessage(await open(m));
      break;
    case 'run':
      inflight++;
      try {
        const features = new ort.Tensor('int64', new BigInt64Array(m.buffer), [1, m.tokens, maxFeatures]);
        const out = await session.run({ features });
        parentPort.postMessage({ type: 'result', id: m.id, intent: Float32Array.from(out.intent_logits.data), tags: Float32Array.from(out.tag_logits.data) });
      } catch (err) {
        parentPort.postMessage({ type: 'failed', id: m.id, message: err.message });
      } finally {
        if (--inflight === 0) drained?.();
      }
      break;
    case 'close':
      if (inflight > 0) await new Promise((resolve) => (drained = resolve));
      drained = null;
      await session?.release().catch(() => undefined);
      session = null;
      parentPort.postMessage({ type: 'closed' });
      break;
  }
});
