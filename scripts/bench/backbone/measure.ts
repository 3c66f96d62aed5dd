import { TEST_AMQP_URL, type TestContext } from '../../../core/src/testing/context';
import { START } from '../../../core/src/store/event-store';
import { eventHeaders } from '../../../core/src/relay';
import { connectWithRetry } from '../../../core/src/bus/connect';
import type { machineInfo } from '../../../core/src/bench/report';
import { round } from '../common/stats';
import { TARGETS } from './args';
import { ceilingAmqp } from './ceiling-amqp';
import { ceilingPostgres } from './ceiling-postgres';
import type { ConsumerStats } from './consumer-role';
import { phaseLatency, phaseThroughput } from './phases';
import type { Bench } from './pipeline';
import { phaseIdle, referenceAppendOnly } from './references';

/** One bench:backbone run: the phases, the ceilings, and how the figures compare with the targets. */
export async function services(t: TestContext) {
  const pgInfo = await t.pool.query<{ name: string; setting: string; unit: string | null }>(
    `select name, setting, unit from pg_settings where name in ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'wal_sync_method', 'autovacuum')`,
  );
  const postgres = Object.fromEntries(pgInfo.rows.map((r) => [r.name, r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024}MB` : r.setting]));
  let rabbitmq = 'unknown';
  const conn = await connectWithRetry(TEST_AMQP_URL, t.log, AbortSignal.timeout(5000));
  if (conn) {
    rabbitmq = String((conn as unknown as { connection?: { serverProperties?: { version?: string } } }).connection?.serverProperties?.version ?? 'unknown');
    await conn.close().catch(() => undefined);
  }
  return { postgres, rabbitmq };
}

export async function measure(b: Bench, date: string, m: ReturnType<typeof machineInfo>, svc: Awaited<ReturnType<typeof services>>) {
  const { t, s } = b;
  const idle = await phaseIdle(b);
  const throughput = await phaseThroughput(b);
  const latency = await phaseLatency(b);
  const relayStop = await b.relay.call<{ logs: string[] }>('stop');
  const consumerStop = await b.consumer.call<{ stats: ConsumerStats; logs: string[] }>('stop');
  const stats = consumerStop.stats;

  // Ceilings use rows and messages shaped like the pipeline's own.
  const raw = (await t.store.readAllRaw(START, 1))[0]!;
  const stored = await t.pool.query<{ data: string; metadata: string }>(`select data::text, metadata::text from "${t.schema}".events where id = $1`, [raw.id]);
  const bodyBytes = Buffer.byteLength(JSON.stringify(raw));
  const headers = {
    ...eventHeaders(raw),
    traceparent: raw.metadata.traceparent ?? `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`,
  };
  const postgres = await ceilingPostgres(b, stored.rows[0]!);
  const rabbitmq = await ceilingAmqp(b, bodyBytes, headers);
  const appendOnly = await referenceAppendOnly(b);

  const slower = Math.min(postgres.eventsPerSec, rabbitmq.msgsPerSec);
  const ratios = {
    slowerCeiling: postgres.eventsPerSec <= rabbitmq.msgsPerSec ? 'postgres' : 'rabbitmq',
    e2eToSlowerCeiling: round(throughput.eventsPerSec / slower, 3),
    e2eToPostgresCeiling: round(throughput.eventsPerSec / postgres.eventsPerSec, 3),
    e2eToRabbitmqCeiling: round(throughput.eventsPerSec / rabbitmq.msgsPerSec, 3),
    e2eToTarget: round(throughput.eventsPerSec / TARGETS.e2eEventsPerSec, 3),
    latencyP99ToTarget: round(latency.latencyMs.p99 / TARGETS.latencyP99Ms, 3),
  };
  const pass = {
    throughput: throughput.eventsPerSec >= TARGETS.e2eEventsPerSec,
    latency: latency.rate === TARGETS.latencyRate && !latency.stalled && latency.latencyMs.p99 <= TARGETS.latencyP99Ms,
    ceilingRatio: ratios.e2eToSlowerCeiling >= TARGETS.ceilingRatio,
    noLossNoDuplicates: [throughput, latency].every((p) => !p.stalled && p.lost === 0 && p.duplicated === 0 && p.unknown === 0),
    all: false,
  };
  pass.all = pass.throughput && pass.latency && pass.ceilingRatio && pass.noLossNoDuplicates;

  const warnings: string[] = [];
  if (latency.rate !== TARGETS.latencyRate) warnings.push(`latency measured at ${latency.rate}/s; the target is defined at ${TARGETS.latencyRate}/s`);
  if (latency.achievedRate < latency.rate * 0.95)
    warnings.push(`appends reached only ${latency.achievedRate}/s of the ${latency.rate}/s asked in the latency phase`);
  if (stats.retried || stats.parked) warnings.push(`consumer retried ${stats.retried} and parked ${stats.parked} messages`);
  const rolledBack = stats.handlerCalls - throughput.rows - latency.rows;
  if (rolledBack > 0) warnings.push(`the handler ran ${rolledBack} times in transactions that rolled back`);
  if (stats.releasedWithError) warnings.push(`${stats.releasedWithError} handled events were in transactions whose client was discarded`);
  if (rabbitmq.duplicated || rabbitmq.nacked || rabbitmq.consumed !== rabbitmq.messages) {
    warnings.push(`raw RabbitMQ: ${rabbitmq.consumed}/${rabbitmq.messages} consumed, ${rabbitmq.duplicated} duplicated, ${rabbitmq.nacked} nacked`);
  }
  const other = Math.max(...[throughput, latency, postgres, rabbitmq].map((p) => p.cpu?.other ?? 0));
  if (other >= 20) warnings.push(`processes outside the bench used up to ${other}% CPU during a phase: figures are disturbed`);
  const logs = [...relayStop.logs, ...consumerStop.logs, ...t.logs];
  if (logs.length) warnings.push(`${logs.length} warning/error log lines from relay/consumer (first: ${logs[0]!.slice(0, 200)})`);

  return {
    benchmark: 'backbone',
    date,
    mode: s.mode,
    machine: m,
    services: svc,
    settings: s,
    targets: TARGETS,
    throughput,
    latency,
    consumerStats: stats,
    ceilings: { postgres, rabbitmq },
    references: { idle, appendOnly },
    ratios,
    pass,
    warnings,
  };
}
export type Result = Awaited<ReturnType<typeof measure>>;
