import type pg from 'pg';
import { etlStreams, migrate, quoteIdent, withTransaction, type AppendOptions, type EventStore, type NewEvent } from '@napominalka/core';
import { ETL_MIGRATIONS } from './tables';
import { decideRun, type RunCommand } from '../run/decide';
import { evolveRun, foldRun, type RunEvent, type RunState } from '../run/state';
import { projectEtlEvent } from './project';
import type { EtlEvent } from './etl-event';

/** Appends ETL events inside one transaction, updating the read models with each. */
export interface HistoryWriter {
  tx: pg.PoolClient;
  append(
    streamId: string,
    events: readonly EtlEvent[],
    opts?: Omit<AppendOptions, 'client'>,
  ): Promise<{ duplicate: boolean; nextExpectedVersion: number; streamId: string }>;
}

/** What a run decision appended, and the run as it now stands. */
export interface RunDecision {
  events: RunEvent[];
  state: RunState;
}

/**
 * The ETL's history: events in the project's store plus the inline read models. Every write goes
 * through here, so no table can drift from the log.
 */
export class EtlHistory {
  readonly s: string;
  constructor(
    readonly store: EventStore,
    readonly pool: pg.Pool,
  ) {
    this.s = quoteIdent(store.schema);
  }

  /** Runs `fn` in a transaction; the relay is woken after the commit if anything was appended. */
  async transaction<T>(fn: (w: HistoryWriter) => Promise<T>): Promise<T> {
    let appended = false;
    const result = await withTransaction(this.pool, async (tx) =>
      fn({
        tx,
        append: async (streamId, events, opts = {}) => {
          const newEvents: NewEvent[] = events.map((e) => ({ type: e.type, data: e.data, metadata: opts.metadata ?? {} }));
          const res = await this.store.append(streamId, newEvents, { ...opts, client: tx });
          if (!res.duplicate) {
            appended = true;
            // The read models carry the events' own recorded times, so a rebuild gives the same rows.
            const times = await tx.query<{ g: string; at: Date }>(
              `select global_position as g, recorded_at as at from ${this.s}.events where global_position = any($1)`,
              [res.globalPositions],
            );
            const at = new Map(times.rows.map((r) => [Number(r.g), r.at.toISOString()]));
            for (const [i, e] of events.entries()) {
              const globalPosition = res.globalPositions[i]!;
              await projectEtlEvent(tx, this.s, { ...e, globalPosition, recordedAt: at.get(globalPosition)! });
            }
          }
          return { duplicate: res.duplicate, nextExpectedVersion: res.nextExpectedVersion, streamId: res.streamId };
        },
      }),
    );
    if (appended) this.store.notifyAppended();
    return result;
  }

  /** The run as its stream tells it (read inside `tx` when given). */
  async runState(runId: string, tx?: pg.ClientBase): Promise<{ state: RunState; version: number }> {
    const events = await this.store.readStream(etlStreams.run(runId), tx ? { client: tx } : {});
    return { state: foldRun(runId, events), version: events.at(-1)?.streamPosition ?? 0 };
  }

  /**
   * Decides a command against the run's stream and appends the outcome at the version it read
   * (a concurrent writer — another executor that took the run over — makes it throw
   * WrongExpectedVersionError), with `also` (materializations, check results) in the same commit.
   */
  async decide(runId: string, cmd: RunCommand, also?: (w: HistoryWriter, events: RunEvent[]) => Promise<void>): Promise<RunDecision> {
    return this.transaction((w) => this.decideIn(w, runId, cmd, also));
  }

  /** {@link decide} inside a transaction the caller holds. */
  async decideIn(w: HistoryWriter, runId: string, cmd: RunCommand, also?: (w: HistoryWriter, events: RunEvent[]) => Promise<void>): Promise<RunDecision> {
    const { state, version } = await this.runState(runId, w.tx);
    const events = decideRun(cmd, state);
    if (events.length > 0) {
      await w.append(etlStreams.run(runId), events, { expectedVersion: version, metadata: { correlationId: runId } });
      await also?.(w, events);
    }
    return { events, state: events.reduce(evolveRun, state) };
  }
}

/** The history over a store, with the ETL's read-model tables migrated. */
export async function openEtlHistory(store: EventStore, pool: pg.Pool): Promise<EtlHistory> {
  await migrate(pool, store.schema, ETL_MIGRATIONS);
  return new EtlHistory(store, pool);
}
