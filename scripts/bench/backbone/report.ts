import { cpuText } from '../../../core/src/bench/cpu';
import { fmt, pf } from '../common/progress';
import { TARGETS } from './args';
import type { Result } from './measure';

/** The docs/benchmarks.md section of a bench:backbone run. */
export function markdown(r: Result): string {
  const m = r.machine;
  const st = r.settings;
  const tp = r.throughput;
  const lat = r.latency;
  const pg = r.services.postgres;
  return [
    `## ${r.date} — ${st.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}`,
    `- Services (same machine): PostgreSQL ${pg.server_version ?? '?'} (synchronous_commit=${pg.synchronous_commit}, fsync=${pg.fsync}, shared_buffers=${pg.shared_buffers}), RabbitMQ ${r.services.rabbitmq}`,
    `- Pipeline: ${st.topology}; Relay batchSize ${st.relay.batchSize}, pollMs ${st.relay.pollMs}, pool ${st.relay.poolMax}; ` +
      `Consumer prefetch ${st.consumer.prefetch}, batchSize ${st.consumer.batchSize}, pool ${st.consumer.poolMax}, ${st.consumer.handler}; appenders' pool ${st.appenderPoolMax}`,
    `- Load: throughput ${fmt(st.throughput.events)} events by ${st.throughput.writers} writers, ${st.throughput.eventsPerAppend} events per append, over ${st.streams} streams; ` +
      `latency ${st.latency.rate} single-event appends/s for ${st.latency.seconds} s; event text ${st.textBytes} B, message body ${r.ceilings.rabbitmq.bodyBytes} B`,
    `- Ceilings: Postgres ${fmt(st.pgCeiling.rows)} rows as multi-row INSERTs of ${st.pgCeiling.rowsPerInsert} by ${st.pgCeiling.writers} writers into a copy of the events table; ` +
      `RabbitMQ ${fmt(st.amqpCeiling.messages)} persistent messages, publisher confirms (≤ ${st.amqpCeiling.confirmWindow} unconfirmed) → quorum queue → consumer (prefetch ${st.amqpCeiling.prefetch}, ack per message)`,
    '',
    '| Measure | Result | Target | |',
    '|---|---:|---:|---|',
    `| End-to-end throughput (append → relay → handled + checkpoint) | ${fmt(tp.eventsPerSec)} events/s | ≥ ${fmt(TARGETS.e2eEventsPerSec)} | ${pf(r.pass.throughput)} |`,
    `| Lost / duplicated effects (both phases) | ${tp.lost + lat.lost} / ${tp.duplicated + lat.duplicated} | 0 / 0 | ${pf(r.pass.noLossNoDuplicates)} |`,
    `| Latency p50 / p99 / max at ${fmt(lat.rate)}/s (append → committed) | ${lat.latencyMs.p50} / ${lat.latencyMs.p99} / ${lat.latencyMs.max} ms | p99 ≤ ${TARGETS.latencyP99Ms} ms | ${pf(r.pass.latency)} |`,
    `| Latency p50 / p99 (append → handler ran, before commit) | ${lat.handlerLatencyMs.p50} / ${lat.handlerLatencyMs.p99} ms | | |`,
    `| Ceiling: Postgres batched INSERT | ${fmt(r.ceilings.postgres.eventsPerSec)} rows/s | | |`,
    `| Ceiling: RabbitMQ confirms → quorum queue → ack | ${fmt(r.ceilings.rabbitmq.msgsPerSec)} msgs/s | | |`,
    `| Reference: EventStore.append alone, ${r.settings.throughput.writers} writers × ${r.settings.throughput.eventsPerAppend} · ${r.settings.appendOnly.singleWriters} writers × 1 | ${fmt(r.references.appendOnly.batched.eventsPerSec)} · ${fmt(r.references.appendOnly.single.eventsPerSec)} events/s | | |`,
    `| End to end ÷ slower ceiling (${r.ratios.slowerCeiling}) | ${fmt(r.ratios.e2eToSlowerCeiling * 100, 1)} % | ≥ ${TARGETS.ceilingRatio * 100} % | ${pf(r.pass.ceilingRatio)} |`,
    `| End to end ÷ Postgres ceiling · ÷ RabbitMQ ceiling | ${fmt(r.ratios.e2eToPostgresCeiling * 100, 1)} % · ${fmt(r.ratios.e2eToRabbitmqCeiling * 100, 1)} % | | |`,
    '',
    `Throughput phase: appends done after ${tp.appendSeconds} s (${fmt(tp.appendEventsPerSec)} events/s), relay caught up after ${tp.relayCaughtUpSeconds ?? '–'} s, ` +
      `last effect committed after ${tp.seconds} s; relay ${fmt(tp.relayBatches.batches)} batches (mean ${tp.relayBatches.eventsPerBatch.mean} events), ` +
      `consumer ${fmt(tp.consumerTx.transactions)} transactions (mean ${tp.consumerTx.eventsPerTx} events, ${tp.consumerTx.msPerTx} ms). CPU in % of one core: ${cpuText(tp.cpu)}.`,
    `Latency phase: ${fmt(lat.achievedRate)} appends/s achieved of ${fmt(lat.rate)}/s asked, ≤ ${fmt(lat.maxAppendsInFlight)} in flight; relay ${fmt(lat.relayBatches.batches)} batches (mean ${lat.relayBatches.eventsPerBatch.mean} events), ` +
      `consumer ${fmt(lat.consumerTx.transactions)} transactions (mean ${lat.consumerTx.eventsPerTx} events). CPU: ${cpuText(lat.cpu)}.`,
    `Bench backends in Postgres, average count by state (throughput · latency phase): ${tp.diagnostics.pgBackends
      .slice(0, 4)
      .map((w) => `${w.what} ${w.avg}`)
      .join(', ')} · ` +
      `${lat.diagnostics.pgBackends
        .slice(0, 4)
        .map((w) => `${w.what} ${w.avg}`)
        .join(', ')}.`,
    `Idle (nothing to do) CPU: ${cpuText(r.references.idle.cpu)}.`,
    `Overall: ${r.pass.all ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
    '',
  ].join('\n');
}
