/**
 * bench:models: from the raw records of a run to its figures (pure): latencies by phase, failures,
 * which version answered after each promotion, the service's memory and its own account of the swaps.
 */
import { round, summariseFine as summarise } from '../common/stats';
import type { MemSample } from '../common/memory';
import type { Settings } from './args';
import type { HttpRecord } from './http';
import { bucketP99, nearPromotions, type Timed } from './noise';
import { switchesOf, type Observation, type Promotion } from './switches';
import { judge } from './verdict';
import type { MessageRecord } from './worker';

/** performance.now() at the start of each phase, and at the end of the last. */
export interface Marks {
  warmUp: number;
  steady: number;
  swaps: number;
  end: number;
}
type Phase = 'warmUp' | 'steady' | 'swaps';
const phaseOf = (m: Marks, at: number): Phase => (at < m.steady ? 'warmUp' : at < m.swaps ? 'steady' : 'swaps');

/** Where a swap's cost would show beside how much p99 moves on its own (see nearPromotions, bucketP99). */
function noise(m: Marks, timed: readonly Timed[], promotions: readonly Promotion[], bucketMs: number) {
  const steadyBuckets = bucketP99(timed, m.steady, m.swaps, bucketMs);
  const split = nearPromotions(timed, promotions, m.swaps, m.end);
  return {
    firstSecondAfterPromotionMs: split.near,
    restOfSwapsMs: split.rest,
    steadyP99PerBucketMs: { min: Math.min(...steadyBuckets), max: Math.max(...steadyBuckets) },
  };
}

function httpFigures(m: Marks, records: readonly HttpRecord[], versions: readonly string[], promotions: readonly Promotion[], bucketMs: number) {
  const reference = new Map<string, string>();
  const failures = { error: 0, status: 0, wrongVersion: 0, changedAnswer: 0 };
  const firstError: string[] = [];
  const latency: Record<Phase, number[]> = { warmUp: [], steady: [], swaps: [] };
  const timed: Timed[] = [];
  for (const r of records) {
    if (r.error !== null || r.status !== 200) {
      if (r.error !== null) failures.error++;
      else failures.status++;
      if (!firstError.length) firstError.push(r.error ?? `HTTP ${r.status}`);
      continue;
    }
    if (!r.version || !versions.includes(r.version)) failures.wrongVersion++;
    const ref = reference.get(r.text);
    if (ref === undefined) reference.set(r.text, r.answer ?? '');
    else if (ref !== r.answer) failures.changedAnswer++;
    latency[phaseOf(m, r.scheduledAt)].push(r.end - r.scheduledAt);
    timed.push({ at: r.scheduledAt, ms: r.end - r.scheduledAt });
  }
  return {
    requests: records.length,
    failed: failures.error + failures.status + failures.wrongVersion + failures.changedAnswer,
    failures,
    firstError: firstError[0] ?? null,
    steadyMs: summarise(latency.steady),
    swapsMs: summarise(latency.swaps),
    ...noise(m, timed, promotions, bucketMs),
    sendLagMs: summarise(records.map((r) => r.sentAt - r.scheduledAt)),
    observations: records.filter((r) => r.status === 200 && r.version).map((r): Observation => ({ start: r.sentAt, end: r.end, version: r.version! })),
  };
}

function workerFigures(m: Marks, messages: readonly MessageRecord[], promotions: readonly Promotion[], bucketMs: number) {
  const latency: Record<Phase, number[]> = { warmUp: [], steady: [], swaps: [] };
  const timed: Timed[] = [];
  for (const x of messages) {
    if (x.seenAt === undefined) continue;
    latency[phaseOf(m, x.scheduledAt)].push(x.seenAt - x.scheduledAt);
    timed.push({ at: x.scheduledAt, ms: x.seenAt - x.scheduledAt });
  }
  const parseFailed = messages.filter((x) => x.type === 'ParseFailed').length;
  const appendErrors = messages.filter((x) => x.appendError !== null).length;
  return {
    messages: messages.length,
    parsed: messages.filter((x) => x.type === 'MessageParsed').length,
    parseFailed,
    missing: messages.filter((x) => x.outcomes === 0 && x.appendError === null).length,
    duplicated: messages.filter((x) => x.outcomes > 1).length,
    appendErrors,
    steadyMs: summarise(latency.steady),
    swapsMs: summarise(latency.swaps),
    ...noise(m, timed, promotions, bucketMs),
    appendMs: summarise(messages.map((x) => x.appendEnd - x.appendStart)),
    observations: messages
      .filter((x) => x.type === 'MessageParsed' && x.version && x.seenAt !== undefined)
      .map((x): Observation => ({ start: x.appendStart, end: x.seenAt!, version: x.version! })),
  };
}

function rssFigures(m: Marks, samples: readonly MemSample[], promotions: readonly Promotion[]) {
  const within = (from: number, to: number) => samples.filter((x) => x.at >= from && x.at < to);
  const max = (xs: readonly MemSample[]) => (xs.length ? Math.max(...xs.map((x) => x.rssMB)) : NaN);
  const steady = within(m.steady, m.swaps);
  return {
    samples: samples.length,
    steadyMB: summarise(steady.map((x) => x.rssMB)).p50,
    steadyMaxMB: max(steady),
    peakSwapMB: max(within(m.swaps, m.end)),
    /** Highest VmRSS between each promotion and the next: a leak shows as a staircase. */
    peakPerSwapMB: promotions.map((p, i) => max(within(p.at, promotions[i + 1]?.at ?? m.end))),
    endMB: samples.at(-1)?.rssMB ?? NaN,
    hwmMB: samples.at(-1)?.hwmMB ?? NaN,
  };
}

export function analyse(o: {
  s: Settings;
  marks: Marks;
  http: readonly HttpRecord[];
  messages: readonly MessageRecord[];
  promotions: readonly Promotion[];
  rss: readonly MemSample[];
  versions: readonly string[];
}) {
  const bucketMs = o.s.swapEverySeconds * 1000;
  const { observations: httpObs, ...http } = httpFigures(o.marks, o.http, o.versions, o.promotions, bucketMs);
  const { observations: workerObs, ...worker } = workerFigures(o.marks, o.messages, o.promotions, bucketMs);
  const rss = rssFigures(o.marks, o.rss, o.promotions);
  const switches = { http: switchesOf(o.promotions, httpObs, o.marks.end), worker: switchesOf(o.promotions, workerObs, o.marks.end) };
  const verdict = judge({
    http: { failed: http.failed, steadyP99: http.steadyMs.p99, swapP99: http.swapsMs.p99 },
    worker: {
      failed: worker.parseFailed + worker.duplicated + worker.appendErrors,
      missing: worker.missing,
      steadyP99: worker.steadyMs.p99,
      swapP99: worker.swapsMs.p99,
    },
    rss: { steadyMB: rss.steadyMB, peakSwapMB: rss.peakSwapMB },
    switches: { ...switches, expected: o.s.swaps },
  });
  const seconds = (a: number, b: number) => round((b - a) / 1000, 1);
  return {
    phases: {
      warmUpSeconds: seconds(o.marks.warmUp, o.marks.steady),
      steadySeconds: seconds(o.marks.steady, o.marks.swaps),
      swapsSeconds: seconds(o.marks.swaps, o.marks.end),
    },
    http,
    worker,
    rss,
    switches,
    verdict,
  };
}

/** The service's own account of each swap: "promoting model" → "model promoted" in its log. */
export function serviceSwaps(lines: readonly string[]) {
  const events: Array<{ msg: string; version: string; at: number }> = [];
  let handlerFailures = 0;
  for (const l of lines) {
    if (!l.includes('model') || !l.startsWith('{')) continue;
    let j: { msg?: string; version?: string; time?: string | number };
    try {
      j = JSON.parse(l);
    } catch {
      continue;
    }
    if (j.msg === 'broadcast handler failed') handlerFailures++;
    if ((j.msg === 'promoting model' || j.msg === 'model promoted') && typeof j.version === 'string')
      events.push({ msg: j.msg, version: j.version, at: new Date(j.time ?? NaN).getTime() });
  }
  const ms: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const done = e.msg === 'promoting model' ? events.slice(i + 1).find((x) => x.msg === 'model promoted' && x.version === e.version) : undefined;
    if (done) ms.push(done.at - e.at);
  }
  return { promoted: events.filter((e) => e.msg === 'model promoted').length, handlerFailures, loadAndWarmUpMs: summarise(ms) };
}
