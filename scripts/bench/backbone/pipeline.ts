import type { TestContext } from '../../../core/src/testing/context';
import type { EventStore } from '../../../core/src/store/event-store';
import type { Pool } from '../common/pg';
import { fmt, progress, sleep } from '../common/progress';
import type { Settings } from './args';
import type { ConsumerProgress } from './consumer-role';
import { now, summarise, type LoopDelay } from './figures';
import type { RoleHandle } from './rpc';

/** The measured pipeline: what the phases append, and how they see it handled and checked. */
export interface Bench {
  t: TestContext;
  s: Settings;
  relay: RoleHandle;
  consumer: RoleHandle;
  probePool: Pool;
  loop: LoopDelay;
  effects: string;
}

/** Every append goes through here, so that an interruption can stop them and wait for those in flight. */
export const appendGate = {
  stopped: false,
  inflight: new Set<Promise<unknown>>(),
  run(store: EventStore, ...args: Parameters<EventStore['append']>): ReturnType<EventStore['append']> {
    if (this.stopped) return Promise.reject(new Error('interrupted'));
    const p = store.append(...args);
    this.inflight.add(p);
    void p.catch(() => undefined).finally(() => this.inflight.delete(p));
    return p;
  },
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inflight]);
  },
};

/** `text` carries the phase and the append's start time (wall-clock ms). */
export function eventFor(phase: string, seq: number, textBytes: number) {
  const head = `${phase}|${now().toFixed(3)}|${seq}|`;
  return {
    type: 'MessageReceived',
    data: { chatId: seq, updateId: seq, messageId: 1, text: head.padEnd(textBytes, 'x'), sentAt: '2026-11-23T10:00:00Z' },
  };
}

async function relayCheckpoint(b: Bench): Promise<number> {
  const r = await b.t.pool.query<{ p: string }>(`select global_position as p from "${b.t.schema}".checkpoints where name = 'bench-relay'`);
  return Number(r.rows[0]?.p ?? 0);
}

/**
 * Waits until `target` events of `phase` are committed by the consumer, logging progress; null
 * when nothing moved for stallMs. Also notes when the relay's checkpoint reached `relayTarget()`.
 */
export async function waitHandled(b: Bench, phase: string, target: number, label: string, appended: () => number, relayTarget?: () => number) {
  let last = -1;
  let lastChange = performance.now();
  let lastLog = 0;
  let relayDoneAt: number | null = null;
  for (;;) {
    const p = await b.consumer.call<ConsumerProgress>('progress');
    const done = p.committed[phase] ?? 0;
    const t = performance.now();
    if (relayTarget && relayDoneAt === null) {
      const rt = relayTarget();
      if (rt > 0 && (await relayCheckpoint(b)) >= rt) relayDoneAt = now();
    }
    if (done >= target) return { doneAt: p.lastCommitAt[phase]!, relayDoneAt };
    if (done !== last) {
      last = done;
      lastChange = t;
    } else if (t - lastChange > b.s.stallMs) {
      progress(`${label}: STALLED at ${done}/${target} handled for ${b.s.stallMs / 1000} s`);
      return null;
    }
    if (t - lastLog >= 1000) {
      lastLog = t;
      progress(
        `${label}: appended ${fmt(appended())}/${fmt(target)} · relay checkpoint at global position ${fmt(await relayCheckpoint(b))} · handled ${fmt(done)}`,
      );
    }
    await sleep(relayTarget && relayDoneAt === null ? 50 : 20);
  }
}

export async function verifyEffects(b: Bench, phase: string, expected: number) {
  const r = await b.t.pool.query<{ rows: number; distinct_events: number; unknown: number }>(
    `select count(*)::int as rows, count(distinct event_id)::int as distinct_events,
            count(*) filter (where not exists (select 1 from "${b.t.schema}".events e where e.id = x.event_id))::int as unknown
       from ${b.effects} x where phase = $1`,
    [phase],
  );
  const row = r.rows[0]!;
  return {
    expected,
    rows: row.rows,
    distinct: row.distinct_events,
    lost: expected - row.distinct_events,
    duplicated: row.rows - row.distinct_events,
    unknown: row.unknown,
  };
}

/** Batches the relay published (and checkpointed) since `afterId`, with their sizes in events. */
export async function relayBatches(b: Bench, afterId: number) {
  const r = await b.t.pool.query<{ id: string; global_position: string }>(
    `select id, global_position from "${b.t.schema}".bench_relay_batches where id > $1 or id = (select max(id) from "${b.t.schema}".bench_relay_batches where id <= $1) order by id`,
    [afterId],
  );
  const rows = r.rows.map((x) => ({ id: Number(x.id), p: Number(x.global_position) }));
  const sizes: number[] = [];
  for (let i = 1; i < rows.length; i++) if (rows[i]!.id > afterId) sizes.push(rows[i]!.p - rows[i - 1]!.p);
  if (rows[0] && rows[0].id > afterId) sizes.unshift(rows[0].p);
  const s = summarise(sizes);
  return { lastId: rows.at(-1)?.id ?? afterId, batches: sizes.length, eventsPerBatch: { mean: s.mean, p50: s.p50, max: s.max } };
}

export async function lastRelayBatchId(b: Bench): Promise<number> {
  const r = await b.t.pool.query<{ id: string | null }>(`select max(id) as id from "${b.t.schema}".bench_relay_batches`);
  return Number(r.rows[0]!.id ?? 0);
}

export interface Samples {
  commit: number[];
  handler: number[];
  tx: { transactions: number; eventsPerTx: number; msPerTx: number };
}
