import { createClickHouse } from '../core/src/clickhouse/index';
import { eventually, type TestContext } from '../core/src/testing/index';
import type { HistoryEvent } from '../etl/src/testing/parse-history';

/**
 * The UTC days of a history of `days` days that the ETL's nightly schedule (00:15 UTC) has
 * already passed: day(0) the oldest, day(days - 1) the day before the newest tick.
 */
export function nightlyDays(days: number): (i: number) => string {
  const now = Date.now();
  const today = Math.floor(now / 86_400_000) * 86_400_000 + 15 * 60_000;
  const lastTick = today <= now ? today : today - 86_400_000;
  return (i) => new Date(Math.floor(lastTick / 86_400_000) * 86_400_000 - (days - i) * 86_400_000).toISOString().slice(0, 10);
}

/** Appends generated sessions to the store, each in one append, with their ids, times and causation. */
export async function appendSessions(t: TestContext, sessions: Iterable<HistoryEvent[]>): Promise<void> {
  for (const session of sessions) {
    await t.store.append(
      session[0]!.streamId,
      session.map((e) => ({
        id: e.id,
        type: e.type,
        data: e.data,
        occurredAt: new Date(e.occurredAt),
        metadata: { correlationId: e.correlationId, causationId: e.causationId },
      })),
    );
  }
}

/** Waits until every event of the store is in the projector's events_raw (read through its gateway). */
export async function waitForEventsRaw(t: TestContext, c: { url: string; user: string; password: string }): Promise<void> {
  const appended = Number((await t.pool.query(`select count(*) as n from "${t.schema}".events`)).rows[0].n);
  const ch = await createClickHouse({ ...c, database: 'napominalka' });
  let seen = 0;
  try {
    await eventually(
      async () => (seen = Number((await ch.query<{ n: string }>(`SELECT count() AS n FROM ${ch.table('events_raw')}`))[0]?.n ?? 0)) >= appended,
      120_000,
      'the history did not reach ClickHouse',
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${seen} of ${appended} events`);
  } finally {
    await ch.close();
  }
}
