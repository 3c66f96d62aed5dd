import type { TestContext } from '../../../core/src/testing/context';
import { newEventId } from '@napominalka/domain';
import { seededRandom } from '../../../core/src/random/seeded-random';
import { progress, sleep } from '../common/progress';
import { round, summariseFine as summarise } from '../common/stats';
import type { Settings } from './args';
import type { generator } from './messages';
import type { OutcomeTracker, Tracked } from '../common/outcomes';

/** The load of bench:inference: MessageReceived appends, paced and as a burst, and their outcomes. */

/** One appended message of a phase, and (filled in by the tracker) its outcome. */
export interface Sent extends Tracked {
  id: string;
  text: string;
  chatId: number;
  phase: string;
  appendStart: number;
  appendEnd: number;
}

export interface Bench {
  t: TestContext;
  s: Settings;
  tracker: OutcomeTracker<Sent>;
  gen: ReturnType<typeof generator>;
  zoneOf: (chatId: number) => string;
  sentAt: string;
  nextUpdate: () => number;
}

/** Set when the run is being stopped (Ctrl-C): no more appends. */
export const run = { aborted: false };

export async function appendOne(b: Bench, phase: string, chatId: number, text: string): Promise<Sent> {
  if (run.aborted) throw new Error('interrupted');
  const id = newEventId();
  const updateId = b.nextUpdate();
  const s: Sent = { id, text, chatId, phase, appendStart: performance.now(), appendEnd: 0, outcomes: 0 };
  b.tracker.byId.set(id, s);
  await b.t.store.append(`chat-${chatId}`, [{ id, type: 'MessageReceived', data: { chatId, updateId, messageId: updateId, text, sentAt: b.sentAt } }], {
    idempotencyKey: `tg:${updateId}`,
  });
  s.appendEnd = performance.now();
  return s;
}

const chatOf = (r: () => number, chats: number) => 1_000_000 + Math.floor(r() * chats);

function phaseResult(sent: Sent[], startedAt: number) {
  const outcomes = sent.filter((s) => s.outcomes > 0);
  const lastSeen = Math.max(...outcomes.map((s) => s.seenAt!));
  return {
    messages: sent.length,
    parsed: sent.filter((s) => s.type === 'MessageParsed').length,
    parseFailed: sent.filter((s) => s.type === 'ParseFailed').length,
    withoutOutcome: sent.length - outcomes.length,
    duplicated: sent.filter((s) => s.outcomes > 1).length,
    parseLatencyMs: summarise(outcomes.filter((s) => s.latencyMs !== undefined).map((s) => s.latencyMs!)),
    endToEndMs: summarise(outcomes.map((s) => s.seenAt! - s.appendStart)),
    appendMs: summarise(sent.map((s) => s.appendEnd - s.appendStart)),
    secondsToLastOutcome: round((lastSeen - startedAt) / 1000, 2),
    parsedPerSec: round(outcomes.length / ((lastSeen - startedAt) / 1000), 1),
  };
}

/** One message per append at a fixed rate; appends that fall behind run concurrently (bounded). */
export async function paced(b: Bench) {
  const { rate, seconds } = b.s.paced;
  const total = rate * seconds;
  const r = seededRandom(b.s.seed + 1);
  const sent: Sent[] = [];
  const inflight = new Set<Promise<unknown>>();
  let maxInFlight = 0;
  let failed: Error | null = null;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    if (failed) throw failed;
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (inflight.size >= 64) await Promise.race(inflight);
    const p: Promise<void> = appendOne(b, 'paced', chatOf(r, b.s.chats), b.gen.next()).then(
      (s) => {
        sent.push(s);
        inflight.delete(p);
      },
      (err: Error) => {
        failed ??= err;
        inflight.delete(p);
      },
    );
    inflight.add(p);
    maxInFlight = Math.max(maxInFlight, inflight.size);
    if (i > 0 && i % (rate * 10) === 0) progress(`paced: ${i}/${total} appended, ${b.tracker.outcomes} outcomes so far`);
  }
  await Promise.all(inflight);
  if (failed) throw failed;
  const appendSeconds = (performance.now() - started) / 1000;
  await b.tracker.waitFor(sent, b.s.stallMs);
  return {
    rate,
    seconds,
    achievedRate: round(total / appendSeconds, 1),
    maxAppendsInFlight: maxInFlight,
    startedAt: started,
    endedAt: performance.now(),
    ...phaseResult(sent, started),
    sent,
  };
}

/** As fast as `appenders` concurrent appenders go: the worker's capacity. */
export async function burst(b: Bench) {
  const { messages, appenders } = b.s.burst;
  const r = seededRandom(b.s.seed + 2);
  const sent: Sent[] = [];
  const texts = Array.from({ length: messages }, () => ({ chat: chatOf(r, b.s.chats), text: b.gen.next() }));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      while (next < texts.length) {
        const m = texts[next++]!;
        sent.push(await appendOne(b, 'burst', m.chat, m.text));
      }
    }),
  );
  const appendSeconds = (performance.now() - started) / 1000;
  await b.tracker.waitFor(sent, b.s.stallMs);
  return {
    appenders,
    appendSeconds: round(appendSeconds, 2),
    appendedPerSec: round(messages / appendSeconds, 1),
    startedAt: started,
    endedAt: performance.now(),
    ...phaseResult(sent, started),
    sent,
  };
}
