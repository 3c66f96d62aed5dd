import type pg from 'pg';
import { chatStream, countedAs, lockStreams, metrics, quoteIdent, withTransaction, type EventStore, type Logger, type MigrationSet } from '@napominalka/core';
import { lockShared, PG_PROJECTION } from '../pg/tables';

/**
 * Fires due reminders: finds pending reminders whose due instant has come in the Postgres read
 * model (`FOR UPDATE SKIP LOCKED`, so any number of instances share the work and never take the
 * same row), and appends `ReminderDue` to the chat's stream with the idempotency key
 * `due:<reminderId>:<occurrence>` — an occurrence fires once whatever runs twice. All state is in
 * Postgres: a restarted or second instance simply carries on, and after downtime every reminder
 * that came due meanwhile fires at once, its lateness recorded (`firedAt − due`).
 *
 * Late reminders are never dropped: however late (after a long outage), a one-off reminder still
 * fires and the notifier tells the user how late it is; a recurring one fires once for all the
 * occurrences it missed, and the decider counts its next occurrence from the delivery.
 *
 * The read model may lag the store: a reminder is fired only when no event that could change it
 * (cancel, reschedule, completion, settings) sits in its stream beyond what the projection has
 * applied; it is checked under the stream's append lock, so a cancel lands either before (and
 * the reminder is skipped) or after the ReminderDue.
 */

export const SCHEDULER_MIGRATIONS: MigrationSet = {
  table: 'scheduler_migrations',
  migrations: [
    {
      version: 1,
      name: 'fired occurrences',
      sql: `
        create table {s}.scheduler_fired (
          reminder_id text not null,
          occurrence integer not null,
          fired_at timestamptz not null,
          primary key (reminder_id, occurrence)
        );
      `,
    },
  ],
};

/** Events that change whether or when a reminder fires. */
const AFFECTING = ['ReminderCancelled', 'ReminderRescheduled', 'ReminderCompleted', 'ChatSettingsChanged'];

export interface SchedulerOptions {
  store: EventStore;
  log: Logger;
  /** Reminders fired per transaction at most. */
  batchSize?: number;
  /** Wait between scans when nothing is due. */
  pollMs?: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

interface DueRow {
  id: string;
  chat_id: string;
  occurrence: number;
  due: Date;
  source_event_id: string | null;
}

export class Scheduler {
  private readonly s: string;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly now: () => Date;
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  readonly stats = { fired: 0, skipped: 0, scans: 0 };

  constructor(private readonly o: SchedulerOptions) {
    this.s = quoteIdent(o.store.schema);
    this.batchSize = o.batchSize ?? 100;
    this.pollMs = o.pollMs ?? 100;
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    this.running ??= countedAs('scheduler', () => this.loop());
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      let fired = 0;
      try {
        fired = await this.tick();
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message }, 'scheduler scan failed; retrying');
      }
      // A full batch means more may be due: scan again at once.
      if (fired < this.batchSize) await sleep(this.pollMs, signal);
    }
  }

  /** One scan: fires what is due now, in due order, in one transaction. Returns how many fired. */
  async tick(): Promise<number> {
    const { store, log } = this.o;
    const now = this.now();
    const fired = await withTransaction(store.pool, async (tx) => {
      await lockShared(tx, store.schema);
      const due = await tx.query<DueRow>(
        `select r.id, r.chat_id, r.occurrence, r.due, r.source_event_id from ${this.s}.reminders r
         where r.status = 'pending' and r.due <= $1 and coalesce(r.fired_occurrence, -1) < r.occurrence
           and not exists (select 1 from ${this.s}.scheduler_fired f where f.reminder_id = r.id and f.occurrence = r.occurrence)
         order by r.due limit $2
         for update of r skip locked`,
        [now, this.batchSize],
      );
      this.stats.scans++;
      return this.fire(tx, due.rows, now);
    });
    this.stats.fired += fired;
    if (fired) log.debug({ fired }, 'reminders fired');
    return fired;
  }

  /** Fires the due rows of one scan (in one transaction, a few statements whatever their number). */
  private async fire(tx: pg.PoolClient, rows: DueRow[], now: Date): Promise<number> {
    if (!rows.length) return 0;
    const { store } = this.o;
    const streams = [...new Set(rows.map((r) => chatStream(r.chat_id)))].sort();
    // The appends' own stream locks: no writer of these chats can slip in between the check below and the ReminderDue.
    await lockStreams(tx, store.schema, streams);
    const behind = await tx.query<{ stream_id: string }>(
      `select distinct s.stream_id from unnest($1::text[]) as s(stream_id)
       join ${this.s}.events e on e.stream_id = s.stream_id and e.type = any($2)
       left join ${this.s}.consumer_streams c on c.consumer = $3 and c.stream_id = s.stream_id
       where e.stream_position > coalesce(c.stream_position, 0)`,
      [streams, AFFECTING, PG_PROJECTION],
    );
    // The read model has not seen a change to these chats yet: their reminders wait for the next scan.
    const waiting = new Set(behind.rows.map((r) => r.stream_id));
    const ready = rows.filter((r) => !waiting.has(chatStream(r.chat_id)));
    this.stats.skipped += rows.length - ready.length;
    let fired = 0;
    for (const r of ready) {
      const key = `due:${r.id}:${r.occurrence}`;
      const res = await store.append(
        chatStream(r.chat_id),
        [
          {
            type: 'ReminderDue',
            data: { chatId: Number(r.chat_id), reminderId: r.id, occurrence: r.occurrence, due: r.due.toISOString(), firedAt: now.toISOString() },
          },
        ],
        // Caused by the parse that created the reminder: a timeline hangs the firing under it.
        { client: tx, idempotencyKey: key, metadata: { correlationId: key, causationId: r.source_event_id } },
      );
      if (res.duplicate) continue;
      fired++;
      metrics.remindersFired.inc();
      metrics.schedulerLateness.observe(Math.max(0, now.getTime() - r.due.getTime()) / 1000);
    }
    await tx.query(
      `insert into ${this.s}.scheduler_fired (reminder_id, occurrence, fired_at) select id, occ, $3 from unnest($1::text[], $2::integer[]) as u(id, occ) on conflict do nothing`,
      [ready.map((r) => r.id), ready.map((r) => r.occurrence), now],
    );
    return fired;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
