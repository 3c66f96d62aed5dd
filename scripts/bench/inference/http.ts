import { loadConfig } from '../../../core/src/config';
import { seededRandom } from '../../../core/src/random/seeded-random';
import { ParsePipeline } from '../../../inference/src/parse/pipeline';
import { ModelHolder } from '../../../inference/src/model/model-holder';
import { readRegistry } from '../../../inference/src/model/registry';
import { round } from '../common/stats';
import { summariseFine as summarise } from '../common/stats';
import { run, type Bench } from './load';
import { ZONES } from './messages';

/** The HTTP phase (POST /v1/parse) and the in-process baseline of bench:inference. */

/** POST /v1/parse over loopback, `concurrency` in flight, until `requests` are done or the time is up. */
export async function http(b: Bench, port: number, apiKey: string) {
  const { requests, seconds, concurrency } = b.s.http;
  const r = seededRandom(b.s.seed + 3);
  const url = `http://127.0.0.1:${port}/v1/parse`;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests && performance.now() < deadline && !run.aborted) {
        issued++;
        const body = JSON.stringify({ text: b.gen.next(), timezone: ZONES[Math.floor(r() * ZONES.length)], now: b.sentAt });
        const t0 = performance.now();
        try {
          const res = await fetch(url, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          latencies.push(performance.now() - t0);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
    }),
  );
  const secondsTaken = (performance.now() - started) / 1000;
  return {
    concurrency,
    requested: requests,
    done: latencies.length,
    seconds: round(secondsTaken, 2),
    requestsPerSec: round(latencies.length / secondsTaken, 1),
    statuses,
    errors: errors.length,
    firstError: errors[0] ?? null,
    latencyMs: summarise(latencies),
  };
}

/** The same texts through the same pipeline and model in this process: no queue, no store. */
export async function baseline(b: Bench, texts: Array<{ text: string; timezone: string }>) {
  const config = loadConfig({});
  const holder = await ModelHolder.load(readRegistry().current);
  const pipeline = new ParsePipeline({ model: () => holder.current, llm: null, threshold: config.PARSE_CONFIDENCE_THRESHOLD });
  for (const t of texts.slice(0, 200)) await pipeline.parse({ ...t, now: b.sentAt }); // warm-up, untimed
  const wall: number[] = [];
  const recorded: number[] = [];
  for (const t of texts) {
    const t0 = performance.now();
    const res = await pipeline.parse({ ...t, now: b.sentAt });
    wall.push(performance.now() - t0);
    recorded.push(res.latencyMs);
  }
  return { texts: texts.length, model: holder.current.version, parseLatencyMs: summarise(recorded), callMs: summarise(wall) };
}
