// Runs an exported model in onnxruntime-node (as serving does) and compares its outputs with the
// PyTorch outputs recorded by train.py; then measures latency for a 20-token message.
//   node inference/training/onnx_check.mjs STAGE_DIR   (prints one JSON line; exit 1 on mismatch)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

const dir = process.argv[2];
if (!dir || process.argv.includes('--help')) {
  console.log('Usage: node inference/training/onnx_check.mjs STAGE_DIR (with model.onnx and check_inputs.json)');
  process.exit(dir ? 0 : 2);
}
const MAXF = 32;
const TOL = 1e-3;
const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});
const tensor = (ids) => {
  const data = new BigInt64Array(ids.length * MAXF);
  ids.forEach((r, i) => r.forEach((v, j) => (data[i * MAXF + j] = BigInt(v))));
  return new ort.Tensor('int64', data, [1, ids.length, MAXF]);
};

const checks = JSON.parse(readFileSync(path.join(dir, 'check_inputs.json'), 'utf8'));
let maxDiff = 0;
let sameArgmax = true;
for (const c of checks) {
  const out = await session.run({ features: tensor(c.features) });
  const il = out.intent_logits.data;
  const tl = out.tag_logits.data;
  if (out.intent_logits.dims.join() !== '1,6' || out.tag_logits.dims.join() !== `1,${c.features.length},6`) {
    console.error(`bad output shapes for "${c.text}": ${out.intent_logits.dims} ${out.tag_logits.dims}`);
    process.exit(1);
  }
  c.intent_logits.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - il[i]))));
  c.tag_logits.forEach((row, t) => row.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - tl[t * 6 + k])))));
  const argmax = (xs) => xs.indexOf(Math.max(...xs));
  if (argmax(c.intent_logits) !== argmax(Array.from(il))) sameArgmax = false;
}

// latency: a 20-token message, single thread
const ids20 = Array.from({ length: 20 }, (_, t) => checks[t % checks.length].features[0].map((v) => v));
const feeds = { features: tensor(ids20) };
for (let i = 0; i < 100; i++) await session.run(feeds);
const times = [];
for (let i = 0; i < 2000; i++) {
  const t0 = process.hrtime.bigint();
  await session.run(feeds);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const q = (p) => Number(times[Math.floor(p * (times.length - 1))].toFixed(4));
const result = {
  compared: checks.length,
  maxAbsDiff: Number(maxDiff.toExponential(3)),
  tolerance: TOL,
  sameIntentArgmax: sameArgmax,
  latencyMs20Tokens: { p50: q(0.5), p90: q(0.9), p99: q(0.99), mean: Number((times.reduce((a, b) => a + b, 0) / times.length).toFixed(4)) },
  onnxruntime: ort.env.versions?.common ?? 'unknown',
};
console.log(JSON.stringify(result));
process.exit(maxDiff <= TOL && sameArgmax ? 0 : 1);
