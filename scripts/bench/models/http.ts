import { seededRandom } from '../../../core/src/random/seeded-random';
import { openLoop } from './open-loop';
import { SENT_AT, TEXTS } from './texts';

/** The open-loop load on POST /v1/parse: one record a request, with the version that answered. */
export interface HttpRecord {
  scheduledAt: number;
  sentAt: number;
  end: number;
  status: number | null;
  error: string | null;
  version: string | null;
  text: string;
  /** intent|due|rrule|text of the answer: compared with the first answer to the same text. */
  answer: string | null;
}

export function httpLoad(o: { url: string; apiKey: string; rate: number; seed: number; timeoutMs: number }) {
  const r = seededRandom(o.seed);
  const records: HttpRecord[] = [];
  const one = async (scheduledAt: number) => {
    const text = TEXTS[Math.floor(r() * TEXTS.length)]!;
    const rec: HttpRecord = { scheduledAt, sentAt: performance.now(), end: 0, status: null, error: null, version: null, text, answer: null };
    records.push(rec);
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        body: JSON.stringify({ text, timezone: 'Europe/Moscow', now: SENT_AT }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      rec.status = res.status;
      const body = (await res.json().catch(() => null)) as { modelVersion?: string; intent?: string; due?: string; rrule?: string; text?: string } | null;
      if (body) {
        rec.version = body.modelVersion ?? null;
        rec.answer = [body.intent, body.due, body.rrule, body.text].join('|');
      }
    } catch (err) {
      rec.error = (err as Error).name === 'TimeoutError' ? `timeout after ${o.timeoutMs} ms` : (err as Error).message;
    }
    rec.end = performance.now();
  };
  const loop = openLoop(o.rate, (_i, at) => one(at));
  return {
    records,
    get inflight() {
      return loop.inflight;
    },
    async stop() {
      await loop.stop();
      return records;
    },
  };
}

/** The version the API serves now (one request). */
export async function servedVersion(url: string, apiKey: string): Promise<string | null> {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify({ text: 'hi', timezone: 'Europe/Moscow', now: SENT_AT }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
  });
  return ((await res.json()) as { modelVersion?: string }).modelVersion ?? null;
}
