import { cpuText } from '../../../core/src/bench/cpu';
import { fmt, pf } from '../common/progress';
import { TARGETS } from './args';
import type { Result } from './measure';

/** The docs/benchmarks.md section of a bench:models run: how it ran, the table of targets, where a swap's cost would show. */
export function markdown(r: Result): string {
  const m = r.machine;
  const v = r.verdict;
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
