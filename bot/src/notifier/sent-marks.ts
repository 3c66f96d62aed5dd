import type pg from 'pg';

interface Mark {
  id: number;
  messageId: number;
  sentAt: Date;
  done: (recorded: boolean) => void;
  failed: (err: Error) => void;
}

/**
 * Records sent replies and alerts (rows that append nothing) in the outbox, the sends that
 * finish together in one statement: under load many sends end at once, and a transaction per
 * sent message was most of the sender's round trips. A reminder's row is recorded with its
 * ReminderDelivered in a transaction of its own instead.
 */
export class SentMarks {
  private queue: Mark[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly outbox: string,
  ) {}

  /** Resolves true once the row is marked sent, false if it was no longer pending. */
  mark(id: number, messageId: number, sentAt: Date): Promise<boolean> {
    return new Promise((done, failed) => {
      this.queue.push({ id, messageId, sentAt, done, failed });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let the sends that end in the same turn join.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        const res = await this.pool.query<{ id: string }>(
          `update ${this.outbox} o set state = 'sent', sent_message_id = u.m, sent_at = u.t, attempts = o.attempts + 1, error = null
           from unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) as u(i, m, t)
           where o.id = u.i and o.state = 'pending' returning o.id`,
          [batch.map((b) => b.id), batch.map((b) => b.messageId), batch.map((b) => b.sentAt)],
        );
        const marked = new Set(res.rows.map((r) => Number(r.id)));
        for (const b of batch) b.done(marked.has(b.id));
      } catch (err) {
        for (const b of batch) b.failed(err as Error);
      }
    }
    this.flushing = null;
  }
}
