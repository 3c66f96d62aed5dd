import { byStream, metrics, quoteIdent, withTransaction, type EventData, type EventStore, type Logger, type NewEvent } from '@napominalka/core';
import { mapUpdate, type BotIdentity } from './map-update';
import { parseUpdate } from './update-schema';
import type { FloodGuard } from './flood';
import type { CallbackAnswerer } from './callback-answers';

export interface UpdateRecorderOptions {
  store: EventStore;
  log: Logger;
  bot: BotIdentity;
  /** Marks text messages over the chat's flood limit as throttled; none → nothing is throttled. */
  flood?: FloodGuard;
  /** Answers button presses once they are recorded; none → presses are not answered. */
  answers?: CallbackAnswerer;
}

/**
 * What became of an update: recorded, already recorded (same update id), deliberately not
 * recorded (mapUpdate's reasons), or unreadable (not the shape of an update: logged and kept in
 * bot_unreadable_updates, never recorded as an event, and no retry could change that).
 */
export type RecordOutcome = 'recorded' | 'duplicate' | 'ignored' | 'unreadable';

type Step =
  | { kind: 'unreadable'; body: unknown; error: string }
  | { kind: 'ignored'; callbackId: string | undefined }
  | { kind: 'append'; streamId: string; event: NewEvent; key: string; callbackId: string | undefined };

/**
 * Records one Telegram update, however it arrived (long polling or webhook): it becomes the
 * chat's MessageReceived / CallbackReceived, appended with the key `tg:<update_id>` so that a
 * delivery of the same update again appends nothing. Resolves once the event is committed — only
 * then may the caller confirm the update to Telegram — and rejects when the store fails, so the
 * caller leaves it unconfirmed and Telegram delivers it again.
 */
export class UpdateRecorder {
  readonly stats = { recorded: 0, duplicates: 0, ignored: 0, unreadable: 0, throttled: 0 };

  constructor(private readonly o: UpdateRecorderOptions) {}

  async record(body: unknown): Promise<RecordOutcome> {
    return (await this.recordAll([body]))[0]!;
  }

  /**
   * Records the updates of one getUpdates answer together: their events in one transaction (one
   * commit instead of one per update; the chats' streams locked in sorted order, as every writer
   * of several streams does), the relay woken once. All or nothing: when the store fails none is
   * recorded and the caller confirms none.
   */
  async recordAll(bodies: readonly unknown[]): Promise<RecordOutcome[]> {
    const steps = bodies.map((b) => this.classify(b));
    for (const x of steps) if (x.kind === 'unreadable') await this.keepUnreadable(x.body, x.error);
    const appends = byStream(steps.flatMap((x, i) => (x.kind === 'append' ? [{ ...x, i }] : [])));
    const duplicate = new Set<number>();
    if (appends.length > 0) {
      await withTransaction(this.o.store.pool, async (tx) => {
        for (const a of appends) {
          const res = await this.o.store.append(a.streamId, [a.event], { idempotencyKey: a.key, metadata: { correlationId: a.key }, client: tx });
          if (res.duplicate) duplicate.add(a.i);
        }
      });
      this.o.store.notifyAppended();
    }
    return steps.map((x, i) => {
      const outcome: RecordOutcome = x.kind === 'append' ? (duplicate.has(i) ? 'duplicate' : 'recorded') : x.kind;
      if (outcome === 'recorded') this.stats.recorded++;
      if (outcome === 'duplicate') this.stats.duplicates++;
      // After the commit, also for a duplicate (the first delivery may have died before answering), and for a press we do not record.
      if (x.kind !== 'unreadable' && x.callbackId) this.o.answers?.answer(x.callbackId);
      metrics.botUpdates.inc({ outcome });
      return outcome;
    });
  }

  /** What an update comes to, before anything is written: unreadable, ignored, or an event to append. */
  private classify(body: unknown): Step {
    const { log } = this.o;
    const parsed = parseUpdate(body);
    if ('error' in parsed) {
      this.stats.unreadable++;
      log.error({ updateId: (body as { update_id?: unknown } | null)?.update_id, error: parsed.error }, 'unreadable update; kept in bot_unreadable_updates');
      return { kind: 'unreadable', body, error: parsed.error };
    }
    const u = parsed.update;
    const callbackId = (u as { callback_query?: { id: string } }).callback_query?.id;
    const m = mapUpdate(u, this.o.bot);
    if ('ignored' in m) {
      this.stats.ignored++;
      log.debug({ updateId: u.update_id, reason: m.ignored }, 'update ignored');
      return { kind: 'ignored', callbackId };
    }
    let event = m.event;
    if (event.type === 'MessageReceived' && this.o.flood) {
      const data = event.data as EventData<'MessageReceived'>;
      // Decided before the append, once per update id: a redelivery gets the same answer.
      if (data.kind === 'text' && this.o.flood.check(data.chatId, u.update_id)) {
        this.stats.throttled++;
        metrics.botUpdates.inc({ outcome: 'throttled' });
        log.debug({ chatId: data.chatId, updateId: u.update_id }, 'chat over its flood limit; message recorded as throttled');
        event = { ...event, data: { ...data, throttled: true } };
      }
    }
    // An event the store would refuse fails the same way on every retry: not a reason to hold
    // the chat's later updates back. Checked here so that append fails only for I/O.
    const valid = this.o.store.catalog[event.type]?.schema.safeParse(event.data);
    if (valid && !valid.success) {
      this.stats.unreadable++;
      const error = valid.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
      log.error({ updateId: u.update_id, type: event.type, error }, 'update does not make a valid event; kept in bot_unreadable_updates');
      return { kind: 'unreadable', body, error };
    }
    return { kind: 'append', streamId: m.streamId, event, key: m.idempotencyKey, callbackId: event.type === 'CallbackReceived' ? callbackId : undefined };
  }

  /**
   * An update Telegram sent that makes no valid event, kept as it came for operators (a retry
   * could not help, so it is acknowledged). Throws when the database does: then it is not
   * acknowledged and comes again.
   */
  private async keepUnreadable(body: unknown, error: string): Promise<void> {
    const updateId = (body as { update_id?: unknown } | null)?.update_id;
    if (typeof updateId !== 'number' || !Number.isSafeInteger(updateId)) return; // not an update at all: nothing to key it by
    await this.o.store.pool.query(
      `insert into ${quoteIdent(this.o.store.schema)}.bot_unreadable_updates (update_id, body, error) values ($1, $2, $3) on conflict (update_id) do nothing`,
      [updateId, JSON.stringify(body), error.slice(0, 2000)],
    );
  }
}
