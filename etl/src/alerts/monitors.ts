import type pg from 'pg';
import type { EventStore, Logger } from '@napominalka/core';
import { listQueues, queueRole } from './rabbitmq-queues';
import { raiseAlert } from './raise';

export interface MonitorOptions {
  store: EventStore;
  pool: pg.Pool;
  /** Quoted schema of the ETL's read models. */
  s: string;
  managementUrl: string;
  /** AMQP_PREFIX: the queues of this deployment. */
  prefix: string;
  log: Logger;
  /** Messages waiting in a consumer's queue above which it is lagging. */
  lagThreshold: number;
  now?: () => Date;
}

const hourKey = (d: Date) => d.toISOString().slice(0, 13);

/**
 * The operators' alerts that are not a day's figures: ETL runs that failed (each once), parked
 * messages and consumers lagging behind (each queue at most once an hour while it lasts). Every
 * alert is an idempotent append, so any number of ETL processes may run this. Returns alerts raised.
 */
export async function checkOperations(o: MonitorOptions): Promise<number> {
  const now = (o.now ?? (() => new Date()))();
  let raised = 0;
  const failed = await o.pool.query<{
    run_id: string;
    assets: string[];
    partition_key: string;
    failure: { code: string; message: string } | null;
    attempt: number;
  }>(
    `select run_id, assets, partition_key, failure, attempt from ${o.s}.etl_runs where status = 'failed' and finished_at > $1::timestamptz - interval '1 day' order by finished_at`,
    [now],
  );
  for (const r of failed.rows) {
    const ok = await raiseAlert(o.store, `etl-run-failed:${r.run_id}`, {
      alert: 'etl-run-failed',
      severity: 'critical',
      title: `ETL run failed: ${r.assets.join(', ')}${r.partition_key ? ` [${r.partition_key}]` : ''}`,
      text: `${r.failure?.code ?? 'error'} after ${r.attempt} attempt(s): ${(r.failure?.message ?? '').slice(0, 1500)}`,
      link: `pnpm etl run ${r.run_id}`,
    });
    if (ok) raised++;
  }
  let queues;
  try {
    queues = await listQueues(o.managementUrl);
  } catch (err) {
    o.log.warn({ err: (err as Error).message }, 'cannot read RabbitMQ queue depths; parked and lag alerts skipped this time');
    return raised;
  }
  for (const q of queues) {
    const role = queueRole(q.name, o.prefix);
    if (role.role === 'parked' && q.messages > 0) {
      const ok = await raiseAlert(o.store, `parked:${q.name}:${hourKey(now)}`, {
        alert: 'messages-parked',
        severity: 'critical',
        title: `${q.messages} message(s) parked for ${role.consumer}`,
        text: `Queue ${q.name} holds ${q.messages} message(s) that failed every retry or can never be read. Their streams wait at them for that consumer.`,
        link: `pnpm parked list --consumer ${role.consumer}`,
      });
      if (ok) raised++;
    }
    if (role.role === 'consumer' && q.messages_ready > o.lagThreshold) {
      const ok = await raiseAlert(o.store, `lag:${q.name}:${hourKey(now)}`, {
        alert: 'consumer-lag',
        severity: 'warning',
        title: `${role.consumer} is ${q.messages_ready.toLocaleString('en-US')} messages behind`,
        text: `Queue ${q.name}: ${q.messages_ready} ready, ${q.messages_unacknowledged} being handled, ${q.consumers} consumer(s).`,
      });
      if (ok) raised++;
    }
  }
  return raised;
}
