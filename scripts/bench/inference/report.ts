import { cpuText } from '../../../core/src/bench/cpu';
import { fmt, pf } from '../common/progress';
import { TARGETS } from './args';
import type { Result } from './measure';
import { ZONES } from './messages';

/** The docs/benchmarks.md section of a bench:inference run. */
export function markdown(r: Result): string {
  const m = r.machine;
  const p = r.paced;
  const mem = r.memory;
  return [
    `## ${r.date} — bench:inference, ${r.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}`,
    `- Service: inference/src/main.ts (node --import tsx) with model ${r.model}, threshold ${r.config.threshold}, LLM off, Consumer prefetch ${r.config.prefetch} / batch ${r.config.batchSize}; ` +
      `relay core/src/bin/relay.ts (poll ${r.config.relayPollMs} ms + NOTIFY); both child processes; same-machine PostgreSQL and RabbitMQ`,
    `- Load: generated ru/en messages (≤ ${r.settings.maxTextChars} characters, mean ${r.textChars.mean}) over ${fmt(r.settings.chats)} chats in ${ZONES.length} zones, one MessageReceived per append; ` +
      `paced ${p.rate}/s for ${p.seconds} s (${fmt(p.messages)}); burst ${fmt(r.burst.messages)} by ${r.burst.appenders} appenders; HTTP ${fmt(r.http.done)} requests, ${r.http.concurrency} in flight`,
    '',
    '| Measure | Result | Target | |',
    '|---|---:|---:|---|',
    `| Parse latency in the worker, p50 / p99 (MessageParsed.latencyMs, paced) | ${p.parseLatencyMs.p50} / ${p.parseLatencyMs.p99} ms | ≤ ${TARGETS.parseP50Ms} / ≤ ${TARGETS.parseP99Ms} ms | ${pf(r.pass.parseLatency)} |`,
    `| Baseline: the same texts in-process, p50 / p99 (no I/O) | ${r.baseline.parseLatencyMs.p50} / ${r.baseline.parseLatencyMs.p99} ms | | |`,
    `| Append → MessageParsed committed, p50 / p99 / max (paced ${p.rate}/s) | ${p.endToEndMs.p50} / ${p.endToEndMs.p99} / ${p.endToEndMs.max} ms | | |`,
    `| Throughput, burst (first append → last MessageParsed) | ${fmt(r.burst.parsedPerSec)} messages/s | | |`,
    `| Parse latency in the worker under the burst, p50 / p99 | ${r.burst.parseLatencyMs.p50} / ${r.burst.parseLatencyMs.p99} ms | | |`,
    `| POST /v1/parse, p50 / p99 (${r.http.concurrency} in flight) | ${r.http.latencyMs.p50} / ${r.http.latencyMs.p99} ms at ${fmt(r.http.requestsPerSec)} req/s | | |`,
    `| Service RSS: peak VmHWM | ${mem.peakHwmMB} MB | ≤ ${TARGETS.rssMB} MB | ${pf(r.pass.rss)} |`,
    `| Service RSS: steady VmRSS (paced, median of the second half) · idle after warm-up · end | ${mem.steadyRssMB} · ${mem.idleRssMB} · ${mem.endRssMB} MB | | |`,
    `| Messages without an outcome / with two / ParseFailed | ${r.totals.withoutOutcome} / ${r.totals.duplicated} / ${r.totals.parseFailed} | 0 / 0 / 0 | ${pf(r.pass.complete)} |`,
    '',
    `Paced: ${fmt(p.achievedRate, 1)} appends/s achieved of ${p.rate}/s, ≤ ${p.maxAppendsInFlight} in flight, append p50/p99 ${p.appendMs.p50}/${p.appendMs.p99} ms; ` +
      `burst: appended at ${fmt(r.burst.appendedPerSec)}/s, parsed in ${r.burst.secondsToLastOutcome} s, append → committed p50/p99 ${r.burst.endToEndMs.p50}/${r.burst.endToEndMs.p99} ms. ` +
      `Baseline call time (parse() wall, in-process) p50/p99 ${r.baseline.callMs.p50}/${r.baseline.callMs.p99} ms. ` +
      `CPU in % of one core, paced: ${cpuText(p.cpu)}; burst: ${cpuText(r.burst.cpu)}; HTTP: ${cpuText(r.http.cpu)}. ` +
      `Process tree RSS (node + children) peak ${mem.peakTreeRssMB ?? '–'} MB. Clarifications asked: ${r.totals.clarifications}. HTTP statuses: ${JSON.stringify(r.http.statuses)}.`,
    `Overall: ${r.pass.all ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
    '',
  ].join('\n');
}
