import { trackQueues, type TestContext } from '../../../core/src/testing/context';
import { names, retryDelays } from '../../../core/src/bus/topology';
import type { Settings } from './args';

/**
 * The run's tables beside the store: the consumer's effects, and a log of the relay's checkpoints
 * (every checkpoint it writes is one published batch: they count batches and their sizes). Also
 * registers the consumer's queues for removal. Returns the effects table.
 */
export async function prepareSchema(t: TestContext, s: Settings): Promise<string> {
  const effects = `"${t.schema}".bench_effects`;
  await t.pool.query(
    `create table ${effects} (phase text not null, event_id uuid not null, stream_id text not null, stream_position int not null,
       global_position bigint not null, handled_at timestamptz not null default clock_timestamp())`,
  );
  const sch = `"${t.schema}"`;
  await t.pool.query(`create table ${sch}.bench_relay_batches (id bigserial primary key, global_position bigint not null)`);
  await t.pool.query(
    `create function ${sch}.bench_log_relay_batch() returns trigger language plpgsql as $$
       begin insert into ${sch}.bench_relay_batches (global_position) values (new.global_position); return null; end $$`,
  );
  await t.pool.query(
    `create trigger bench_log_relay_batch after insert or update on ${sch}.checkpoints for each row
       when (new.name = 'bench-relay') execute function ${sch}.bench_log_relay_batch()`,
  );
  const n = names(t.prefix);
  trackQueues(t.prefix, n.queue('bench'), n.parked('bench'), ...retryDelays(s.consumer.maxAttempts, s.consumer.retryBaseMs).map((d) => n.retry('bench', d)));
  return effects;
}
