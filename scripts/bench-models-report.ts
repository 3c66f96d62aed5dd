/**
 * bench:models: from the raw records of a run to its figures, and the markdown section of
 * docs/benchmarks.md. Pure (no I/O).
 */
import { cpuText } from '../core/src/bench/cpu';
import {
  bucketP99,
  judge,
  nearPromotions,
  round,
  summarise,
  switchesOf,
  TARGETS,
  type Observation,
  type Promotion,
  type Settings,
  type Timed,
} from './bench-models-lib';
import type { HttpRecord, MessageRecord, RssSample } from './bench-models-load';
import type { Result } from './bench-models';

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
    if (x.seenAt === null) continue;
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
      .filter((x) => x.type === 'MessageParsed' && x.version && x.seenAt !== null)
      .map((x): Observation => ({ start: x.appendStart, end: x.seenAt!, version: x.version! })),
  };
}

function rssFigures(m: Marks, samples: readonly RssSample[], promotions: readonly Promotion[]) {
  const within = (from: number, to: number) => samples.filter((x) => x.at >= from && x.at < to);
  const max = (xs: readonly RssSample[]) => (xs.length ? Math.max(...xs.map((x) => x.rssMB)) : NaN);
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
  rss: readonly RssSample[];
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

// ---------------------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function markdown(r: Result): string {
  const m = r.machine;
  const v = r.verdict;
  const pf = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');
  const h = r.http;
  const wk = r.worker;
  const servedHttp = r.switches.http.filter((x) => x.served).length;
  const servedWorker = r.switches.worker.filter((x) => x.served).length;
  const stale = [...r.switches.http, ...r.switches.worker].reduce((a, x) => a + x.stale, 0);
  const switchMs = (xs: typeof r.switches.http) => {
    const d = xs.map((x) => x.switchedAfterMs).filter((x): x is number => x !== null);
    return d.length ? `${fmt(Math.min(...d))}–${fmt(Math.max(...d))} ms` : '–';
  };
  return [
    `## ${r.date} — bench:models, ${r.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}`,
    `- Service: inference/src/main.ts (node --import tsx, one process) with a scratch registry (MODEL_REGISTRY_DIR) holding ${r.model.source} as ${r.model.versions.join(' and ')}; ` +
      `LLM off, Consumer prefetch ${r.config.prefetch} / batch ${r.config.batchSize}; relay core/src/bin/relay.ts (poll ${r.config.relayPollMs} ms + NOTIFY); same-machine PostgreSQL and RabbitMQ`,
    `- Load, open loop for the whole run: POST /v1/parse at ${r.settings.httpRate}/s (${fmt(h.requests)} requests; latency from the scheduled send time) and MessageReceived at ${r.settings.workerRate}/s over ${r.settings.chats} chats ` +
      `(${fmt(wk.messages)} messages; latency append scheduled → MessageParsed committed). Phases: warm-up ${r.phases.warmUpSeconds} s, steady ${r.phases.steadySeconds} s, ` +
      `swaps ${r.phases.swapsSeconds} s: ${r.settings.swaps} ModelPromoted to stream \`models\`, alternating, one every ${r.settings.swapEverySeconds} s`,
    '',
    '| Measure | Result | Target | |',
    '|---|---:|---:|---|',
    `| Failed POST /v1/parse (errors · non-200 · unknown version · answer changed) | ${h.failed} (${h.failures.error} · ${h.failures.status} · ${h.failures.wrongVersion} · ${h.failures.changedAnswer}) | ${TARGETS.failed} | ${pf(v.pass.httpFailed)} |`,
    `| Worker: ParseFailed · without an outcome · duplicated · append errors | ${wk.parseFailed} · ${wk.missing} · ${wk.duplicated} · ${wk.appendErrors} | ${TARGETS.failed} | ${pf(v.pass.workerFailed)} |`,
    `| POST /v1/parse p99: swaps ÷ steady | ${h.swapsMs.p99} ÷ ${h.steadyMs.p99} ms = ${v.ratios.http} | ≤ ${TARGETS.p99Ratio} | ${pf(v.pass.httpP99Ratio)} |`,
    `| Worker p99 (append → MessageParsed): swaps ÷ steady | ${wk.swapsMs.p99} ÷ ${wk.steadyMs.p99} ms = ${v.ratios.worker} | ≤ ${TARGETS.p99Ratio} | ${pf(v.pass.workerP99Ratio)} |`,
    `| Peak VmRSS during swaps ÷ steady VmRSS (median), sampled every ${r.settings.rssSampleMs} ms | ${r.rss.peakSwapMB} ÷ ${r.rss.steadyMB} MB = ${v.ratios.rss} | ≤ ${TARGETS.rssRatio} | ${pf(v.pass.rssRatio)} |`,
    `| Promotions served by the API · by the worker (new version answering before the next); stale answers after a switch | ${servedHttp}/${r.settings.swaps} · ${servedWorker}/${r.settings.swaps}; ${stale} | all; 0 | ${pf(v.pass.promotionsServed)} |`,
    '',
    `Where the swaps' cost would show, within the swap phase (same background load): p99 of what was scheduled in the second after a promotion vs the rest of the phase — ` +
      `API ${h.firstSecondAfterPromotionMs.p99} vs ${h.restOfSwapsMs.p99} ms (${h.firstSecondAfterPromotionMs.count} / ${h.restOfSwapsMs.count} requests), ` +
      `worker ${wk.firstSecondAfterPromotionMs.p99} vs ${wk.restOfSwapsMs.p99} ms (${wk.firstSecondAfterPromotionMs.count} / ${wk.restOfSwapsMs.count} messages). ` +
      `How much p99 moves without swaps: p99 of each ${r.settings.swapEverySeconds} s slice of the steady phase ranges ${h.steadyP99PerBucketMs.min}–${h.steadyP99PerBucketMs.max} ms (API), ` +
      `${wk.steadyP99PerBucketMs.min}–${wk.steadyP99PerBucketMs.max} ms (worker).`,
    `POST /v1/parse p50/p99/max: steady ${h.steadyMs.p50}/${h.steadyMs.p99}/${h.steadyMs.max} ms, swaps ${h.swapsMs.p50}/${h.swapsMs.p99}/${h.swapsMs.max} ms; the bench's own send lag p99 ${h.sendLagMs.p99} ms. ` +
      `Worker p50/p99/max: steady ${wk.steadyMs.p50}/${wk.steadyMs.p99}/${wk.steadyMs.max} ms, swaps ${wk.swapsMs.p50}/${wk.swapsMs.p99}/${wk.swapsMs.max} ms; append p99 ${wk.appendMs.p99} ms.`,
    `Promotion → first answer by the new version: API ${switchMs(r.switches.http)}, worker ${switchMs(r.switches.worker)}; the service's load + warm-up of a version (its log) ` +
      `p50/max ${r.serviceSwaps.loadAndWarmUpMs.p50}/${r.serviceSwaps.loadAndWarmUpMs.max} ms over ${r.serviceSwaps.promoted} swaps. ` +
      `VmRSS: steady max ${r.rss.steadyMaxMB} MB, peak after each promotion ${r.rss.peakPerSwapMB.join(', ')} MB, at the end ${r.rss.endMB} MB, VmHWM ${r.rss.hwmMB} MB. ` +
      `Service start ${r.startSeconds} s. CPU in % of one core, steady: ${cpuText(r.cpu.steady)}; swaps: ${cpuText(r.cpu.swaps)}.`,
    `Overall: ${v.pass.all ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
    '',
  ].join('\n');
}
