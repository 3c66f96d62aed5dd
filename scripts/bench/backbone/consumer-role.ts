import { TEST_AMQP_URL } from '../../../core/src/testing/context';
import { EventStore } from '../../../core/src/store/event-store';
import { catalog, type EventEnvelope } from '@napominalka/domain';
import { Consumer, type HandlerContext } from '../../../core/src/bus/consumer';
import { newPool, type Pool } from '../common/pg';
import { round } from '../common/stats';
import { now } from './figures';
import { Role, roleLogger, type RoleInit } from './relay-role';

type PoolClient = HandlerContext['tx'];

/** Consumer.stats plus the role's own counts. */
export interface ConsumerStats {
  handled: number;
  duplicates: number;
  retried: number;
  parked: number;
  batches: number;
  handlerCalls: number;
  releasedWithError: number;
}

export interface ConsumerProgress {
  committed: Record<string, number>;
  lastCommitAt: Record<string, number>;
}

/**
 * The Consumer under test with a handler that inserts one row per event inside ctx.tx, and the
 * bookkeeping of when each event was appended (carried in its text), handled, and committed.
 */
export class ConsumerRole extends Role {
  private pool: Pool | null = null;
  private consumer: Consumer | null = null;
  /** Events handled in a transaction that has not been released yet. */
  private readonly pending = new Map<PoolClient, Array<{ phase: string; t0: number; handledAt: number }>>();
  private readonly progress: ConsumerProgress = { committed: {}, lastCommitAt: {} };
  private readonly handlerLatency = new Map<string, number[]>();
  private readonly commitLatency = new Map<string, number[]>();
  /** Per phase: transactions, the events they applied, and time from their first handler call to release. */
  private readonly txs = new Map<string, { count: number; events: number; ms: number }>();
  private handlerCalls = 0;
  private releasedWithError = 0;

  async dispatch(method: string, arg: unknown): Promise<unknown> {
    switch (method) {
      case 'start':
        await this.start(arg as RoleInit);
        return null;
      case 'progress':
        return this.progress;
      case 'samples': {
        const phase = arg as string;
        const tx = this.txs.get(phase) ?? { count: 0, events: 0, ms: 0 };
        return {
          commit: this.commitLatency.get(phase) ?? [],
          handler: this.handlerLatency.get(phase) ?? [],
          tx: { transactions: tx.count, eventsPerTx: round(tx.events / Math.max(1, tx.count), 1), msPerTx: round(tx.ms / Math.max(1, tx.count), 2) },
        };
      }
      case 'diag':
        return this.loop.read();
      case 'stop':
        await this.consumer?.stop();
        await this.pool?.end();
        return {
          stats: {
            handled: 0,
            duplicates: 0,
            retried: 0,
            parked: 0,
            batches: 0,
            ...this.consumer?.stats,
            handlerCalls: this.handlerCalls,
            releasedWithError: this.releasedWithError,
          } satisfies ConsumerStats,
          logs: this.logs,
        };
      default:
        throw new Error(`consumer role: unknown method ${method}`);
    }
  }

  private async start({ schema, prefix, settings: s }: RoleInit): Promise<void> {
    const effects = `"${schema}".bench_effects`;
    this.pool = newPool(s.consumer.poolMax, 'bench-consumer');
    // The Consumer releases its client right after `commit` (or `rollback`): the commit time.
    this.pool.on('release', (err: Error | undefined, client: PoolClient) => this.released(err, client));
    this.consumer = new Consumer({
      name: 'bench',
      types: ['MessageReceived'],
      store: new EventStore(this.pool, catalog, schema),
      amqpUrl: TEST_AMQP_URL,
      prefix,
      log: roleLogger('bench-consumer', this.logs),
      prefetch: s.consumer.prefetch,
      batchSize: s.consumer.batchSize,
      maxAttempts: s.consumer.maxAttempts,
      retryBaseMs: s.consumer.retryBaseMs,
      deliveryLimit: s.consumer.deliveryLimit,
      ...(s.consumer.handler.startsWith('handleBatch')
        ? {
            handleBatch: async (events: EventEnvelope[], ctx: HandlerContext) => {
              await ctx.tx.query(
                `insert into ${effects} (phase, event_id, stream_id, stream_position, global_position)
                 select * from unnest($1::text[], $2::uuid[], $3::text[], $4::int[], $5::bigint[])`,
                [
                  events.map(phaseOf),
                  events.map((e) => e.id),
                  events.map((e) => e.streamId),
                  events.map((e) => e.streamPosition),
                  events.map((e) => e.globalPosition),
                ],
              );
              for (const e of events) this.handled(ctx.tx, e);
            },
          }
        : {
            handle: async (e: EventEnvelope, ctx: HandlerContext) => {
              await ctx.tx.query(`insert into ${effects} (phase, event_id, stream_id, stream_position, global_position) values ($1, $2, $3, $4, $5)`, [
                phaseOf(e),
                e.id,
                e.streamId,
                e.streamPosition,
                e.globalPosition,
              ]);
              this.handled(ctx.tx, e);
            },
          }),
    });
    await this.consumer.start();
  }

  /** Notes an event applied in `tx`; it counts as handled when `tx` commits. */
  private handled(tx: PoolClient, e: EventEnvelope): void {
    this.handlerCalls++;
    const list = this.pending.get(tx) ?? [];
    list.push({ phase: phaseOf(e), t0: Number((e.data as { text: string }).text.split('|', 2)[1]), handledAt: now() });
    this.pending.set(tx, list);
  }

  private released(err: Error | undefined, client: PoolClient): void {
    const list = this.pending.get(client);
    if (!list) return;
    this.pending.delete(client);
    if (err) {
      this.releasedWithError += list.length;
      return;
    }
    const at = now();
    const phase = list[0]!.phase;
    const tx = this.txs.get(phase) ?? { count: 0, events: 0, ms: 0 };
    tx.count++;
    tx.events += list.length;
    tx.ms += at - list[0]!.handledAt;
    this.txs.set(phase, tx);
    for (const s of list) {
      this.progress.committed[s.phase] = (this.progress.committed[s.phase] ?? 0) + 1;
      this.progress.lastCommitAt[s.phase] = at;
      push(this.handlerLatency, s.phase, s.handledAt - s.t0);
      push(this.commitLatency, s.phase, at - s.t0);
    }
  }
}

/** The bench phase an event belongs to: the first field of its text. */
const phaseOf = (e: EventEnvelope): string => (e.data as { text: string }).text.split('|', 1)[0]!;

function push(m: Map<string, number[]>, k: string, v: number): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
