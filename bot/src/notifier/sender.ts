import pg from 'pg';
import { TelegramApiError, type Api } from 'node-telegram-bot-api';
import { chatStream, countedAs, metrics, quoteIdent, waitForLeadership, withTransaction, type EventStore, type Logger } from '@napominalka/core';
import { DEFAULT_PACER_OPTIONS, SendPacer, type Dropped, type SendFailure, type SendPacerOptions } from './send-pacer';
import { OUTBOX_RETENTION_DAYS, outboxChannel, type OutboxKind } from './outbox';
import { SentMarks } from './sent-marks';

/**
 * Telegram counts our messages when they arrive; the pacer counts each from its answer, which
 * comes after the arrival (send-pacer.ts), so its limits need no margin for jitter: a few ms
 * cover timer granularity. 3,000 messages take 100 s plus a round trip per 30.
 */
export const SENDER_PACING: SendPacerOptions = { chatIntervalMs: 1005, globalWindowMs: 1005 };

/**
 * The notifier's sender: takes `pending` rows of `bot_outbox` in id order, paces them with the
 * {@link SendPacer} (30 messages/s for the bot, 1 s between two messages to one chat, 429 →
 * `retry_after`, 5xx and network errors → backoff) and sends each with `sendMessage`.
 *
 * - Success: in ONE transaction the row becomes `sent` (message id, time) and `ReminderDelivered`
 *   is appended to the chat's stream with idempotency key `delivered:<reminderId>:<occurrence>`
 *   (latenessMs = sent time − due).
 * - 403 (the user blocked the bot) or "chat not found": the row becomes `failed` and
 *   `ReminderDeliveryFailed` {permanent: true} is appended (the decider then pauses the chat); the
 *   chat's other queued rows fail the same way. A message Telegram rejects (other 400s) fails
 *   alone with permanent: false.
 * - A reply's or an operators' alert's row (kind `reply`, `alert`) only changes state: nothing is
 *   appended, so an admin chat that blocked the bot never pauses a chat or its reminders.
 *
 * Delivery guarantee — at least once, at most one duplicate per crash, never a loss. Sending and
 * recording cannot be one transaction (Telegram is not Postgres). A crash (or a lost answer, or a
 * failed commit) between the send and the commit leaves the row `pending`, so the next sender
 * sends it again: the user may get the same reminder twice, never zero times. The idempotency key
 * keeps `ReminderDelivered` single even then. The other order (record, then send) would lose the
 * message on such a crash, which is worse for a reminder.
 *
 * One active sender: a Postgres session advisory lock (`<schema>:bot-sender`), held on a session of
 * its own, like the relay's leader lock. The pacer's limits are Telegram's limits per bot token:
 * two senders with a pacer each would together send 60/s and two messages a second to one chat,
 * and both would take the same pending rows and send them twice. A standby retries the lock every
 * `lockRetryMs` and takes over when the leader's session ends (process death included).
 *
 * The `api` should be made with `maxRetries: 0`: retrying is the pacer's job, and the client's own
 * retries would bypass its limits.
 */
export interface SenderOptions {
  pool: pg.Pool;
  store: EventStore;
  api: Pick<Api, 'sendMessage' | 'editMessageText'>;
  log: Logger;
  /** Connection string for the sender's own session (the lock). */
  databaseUrl: string;
  pacer?: SendPacerOptions;
  /**
   * How often the outbox is scanned for new rows when nothing wakes the loop (default 200 ms). A
   * commit that inserts rows wakes it at once (a trigger's NOTIFY, LISTENed on the lock session),
   * so this is the fallback for a lost notification.
   */
  pollMs?: number;
  /** How often a standby tries to take the lock (default 1000 ms). */
  lockRetryMs?: number;
  /** Rows held in the pacer at most (default 500). */
  batchSize?: number;
}

interface Item {
  chatId: number;
  id: number;
  /** Only a reminder's outcome is recorded in the chat's stream; a reply's or an alert's is the row's state alone. */
  kind: OutboxKind;
  /** Null for a reply or an alert. */
  reminderId: string | null;
  occurrence: number | null;
  due: Date | null;
  text: string;
  replyMarkup: unknown;
  /** A reply that replaces this message of the bot's (a /list page) instead of sending one. */
  editMessageId: number | null;
}

export interface SenderStats {
  sent: number;
  failed: number;
  retried: number;
  /** Sends whose outcome could not be recorded: the row stays pending and is sent again. */
  unrecorded: number;
}

export class Sender {
  readonly stats: SenderStats = { sent: 0, failed: 0, retried: 0, unrecorded: 0 };
  private readonly o: Required<Omit<SenderOptions, 'pacer'>> & { pacer: SendPacerOptions };
  private readonly outbox: string;
  private readonly sentMarks: SentMarks;
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  private wakeFn: (() => void) | null = null;
  /** Rows may have been added since the last scan: scan before sleeping again. */
  private dirty = false;
  private leaderWaiters: Array<() => void> = [];
  isLeader = false;
  private lastCleanup = 0;

  constructor(opts: SenderOptions) {
    this.o = { pollMs: 200, lockRetryMs: 1000, batchSize: 500, ...opts, pacer: { ...SENDER_PACING, ...opts.pacer } };
    this.outbox = `${quoteIdent(opts.store.schema)}.bot_outbox`;
    this.sentMarks = new SentMarks(opts.pool, this.outbox);
  }

  start(): void {
    this.running ??= countedAs('sender', () => this.run());
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.wake();
    await this.running;
  }

  /** Resolves once this sender holds the lock. */
  whenLeader(): Promise<void> {
    return this.isLeader ? Promise.resolve() : new Promise((r) => this.leaderWaiters.push(r));
  }

  /** Look at the outbox now (e.g. after the handler committed rows). */
  wake(): void {
    this.dirty = true;
    this.wakeFn?.();
  }

  /** Cut the current sleep short (a send ended: the pacer may allow the next one). */
  private nudge(): void {
    this.wakeFn?.();
  }

  private async run(): Promise<void> {
    const { log, store } = this.o;
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      const session = new pg.Client({ connectionString: this.o.databaseUrl, application_name: 'napominalka-bot-sender' });
      const lost = new AbortController();
      session.on('error', (err) => {
        log.warn({ err: err.message }, 'sender session error');
        lost.abort();
      });
      session.on('end', () => lost.abort());
      try {
        await session.connect();
        const either = AbortSignal.any([signal, lost.signal]);
        const leader = await waitForLeadership(session, `${store.schema}:bot-sender`, {
          retryMs: this.o.lockRetryMs,
          signal: either,
          sleep: (ms, sig) => this.sleep(ms, sig, false),
        });
        if (!leader) continue;
        // Commits that insert outbox rows notify this channel (migration 3): scan at once.
        session.on('notification', () => this.wake());
        await session.query(`listen ${quoteIdent(outboxChannel(store.schema))}`);
        this.isLeader = true;
        log.info('notifier sender is active');
        for (const w of this.leaderWaiters.splice(0)) w();
        await this.lead(AbortSignal.any([signal, lost.signal]));
      } catch (err) {
        log.error({ err: (err as Error).message }, 'sender failed; retrying');
        await this.sleep(1000, signal, false);
      } finally {
        this.isLeader = false;
        await session.end().catch(() => undefined);
      }
    }
  }

  /** While holding the lock: load pending rows into a fresh pacer and send as it allows. */
  private async lead(signal: AbortSignal): Promise<void> {
    const pacer = new SendPacer<Item>(this.o.pacer);
    const held = new Set<number>();
    const inFlight = new Set<Promise<void>>();
    let lastScan = Number.NEGATIVE_INFINITY;
    let rescan = true;
    // Sends spread evenly over the window rather than in bursts of `globalLimit`: the requests of
    // a burst reach Telegram spread out, and its tail would share a 1 s window with the next
    // burst's head (measured by pnpm bench:bot: 31 arrivals in one second, 429s, pauses).
    const gapMs = (this.o.pacer.globalWindowMs ?? DEFAULT_PACER_OPTIONS.globalWindowMs) / (this.o.pacer.globalLimit ?? DEFAULT_PACER_OPTIONS.globalLimit);
    // The slots are counted from when they were due, not from when the timer fired, so timer
    // overshoot does not add up (at most one slot is made up at once).
    let slot = Number.NEGATIVE_INFINITY;
    const keeper = setInterval(() => void this.housekeep().catch((err: Error) => this.o.log.warn({ err: err.message }, 'outbox housekeeping failed')), 5000);
    keeper.unref();
    try {
      while (!signal.aborted) {
        const now = performance.now();
        if ((rescan || this.dirty || now - lastScan >= this.o.pollMs) && held.size < this.o.batchSize) {
          rescan = false;
          this.dirty = false;
          lastScan = now;
          // Operators' alerts first: an alert about a backlog must not wait behind that backlog.
          const rows = await this.o.pool.query<{
            id: string;
            kind: OutboxKind;
            chat_id: string;
            reminder_id: string | null;
            occurrence: number | null;
            due: Date | null;
            text: string;
            reply_markup: unknown;
            edit_message_id: string | null;
          }>(
            `select id, kind, chat_id, reminder_id, occurrence, due, text, reply_markup, edit_message_id from ${this.outbox}
             where state = 'pending' and not (id = any($1::bigint[])) order by (kind = 'alert') desc, id limit $2`,
            [[...held], this.o.batchSize - held.size],
          );
          for (const r of rows.rows) {
            const item: Item = {
              id: Number(r.id),
              kind: r.kind,
              chatId: Number(r.chat_id),
              reminderId: r.reminder_id,
              occurrence: r.occurrence,
              due: r.due,
              text: r.text,
              replyMarkup: r.reply_markup,
              editMessageId: r.edit_message_id === null ? null : Number(r.edit_message_id),
            };
            held.add(item.id);
            pacer.enqueue(item, performance.now());
          }
        }
        const at = performance.now();
        const spacing = slot + gapMs - at;
        const next = spacing > 0 ? ({ type: 'wait', ms: spacing } as const) : pacer.next(at);
        if (next.type === 'send') {
          slot = Math.max(slot + gapMs, at - gapMs);
          const p = this.send(pacer, next.item, held, () => (rescan = true)).finally(() => {
            inFlight.delete(p);
            this.nudge();
          });
          inFlight.add(p);
          continue;
        }
        if (this.dirty && held.size < this.o.batchSize) continue; // woken while scanning or sending
        const untilScan = Math.max(0, this.o.pollMs - (performance.now() - lastScan));
        await this.sleep(next.type === 'wait' ? Math.min(next.ms, untilScan) : untilScan, signal, true);
      }
    } finally {
      clearInterval(keeper);
      // Finish what is in flight: its outcome is recorded (or the row stays pending).
      await Promise.allSettled([...inFlight]);
    }
  }

  private async send(pacer: SendPacer<Item>, item: Item, held: Set<number>, rescan: () => void): Promise<void> {
    const { log } = this.o;
    const { kind } = item;
    let messageId: number;
    try {
      messageId = await this.deliver(item);
    } catch (err) {
      const failure = classify(err);
      metrics.botSends.inc({ kind, outcome: failure.kind === '429' || failure.kind === '5xx' || failure.kind === 'network' ? 'retried' : 'failed' });
      const res = pacer.fail(item, failure, performance.now());
      const description = describe(err);
      if (res.dropped.length === 0) {
        this.stats.retried++;
        log.warn({ chatId: item.chatId, outboxId: item.id, failure: failure.kind, err: description }, 'send failed; retrying');
        await this.o.pool.query(`update ${this.outbox} set attempts = attempts + 1, error = $2 where id = $1`, [item.id, description]).catch(() => undefined);
        return;
      }
      for (const d of res.dropped) await this.recordFailed(d, d.item === item ? description : `chat unreachable: ${description}`, held, rescan);
      return;
    }
    pacer.ack(item, performance.now());
    const sentAt = new Date();
    try {
      if (item.kind !== 'reminder') {
        // A reply or an alert appends nothing: one coalesced update, no transaction, no wake-up of the relay.
        await this.sentMarks.mark(item.id, messageId, sentAt);
        this.sent(kind, null, sentAt);
        return;
      }
      await withTransaction(this.o.pool, async (tx) => {
        const upd = await tx.query(
          `update ${this.outbox} set state = 'sent', sent_message_id = $2, sent_at = $3, attempts = attempts + 1, error = null
           where id = $1 and state = 'pending'`,
          [item.id, messageId, sentAt],
        );
        if (upd.rowCount === 0 || item.kind !== 'reminder' || item.reminderId === null || item.occurrence === null || item.due === null) return;
        await this.o.store.append(
          chatStream(item.chatId),
          [
            {
              type: 'ReminderDelivered',
              data: {
                chatId: item.chatId,
                reminderId: item.reminderId,
                occurrence: item.occurrence,
                latenessMs: Math.max(0, sentAt.getTime() - item.due.getTime()),
                messageId,
              },
            },
          ],
          { client: tx, idempotencyKey: `delivered:${item.reminderId}:${item.occurrence}` },
        );
      });
      this.o.store.notifyAppended();
      this.sent(kind, item.due, sentAt);
    } catch (err) {
      // Sent but not recorded: the row is still pending and is sent again (at most one duplicate).
      this.stats.unrecorded++;
      log.error({ err: (err as Error).message, outboxId: item.id }, 'sent but not recorded; it will be sent again');
      rescan();
    } finally {
      held.delete(item.id);
    }
  }

  private sent(kind: OutboxKind, due: Date | null, sentAt: Date): void {
    this.stats.sent++;
    metrics.botSends.inc({ kind, outcome: 'sent' });
    if (due) metrics.botDeliveryLateness.observe(Math.max(0, sentAt.getTime() - due.getTime()) / 1000);
  }

  /** Sends the item's message (or edits the one it replaces); the message id. */
  private async deliver(item: Item): Promise<number> {
    const markup = item.replyMarkup ? { reply_markup: item.replyMarkup as never } : {};
    if (item.editMessageId !== null) {
      try {
        await this.o.api.editMessageText({ chat_id: item.chatId, message_id: item.editMessageId, text: item.text, parse_mode: 'HTML', ...markup });
      } catch (err) {
        // The same page pressed twice: the message already shows it.
        if (!(err instanceof TelegramApiError && err.errorCode === 400 && /message is not modified/i.test(err.description))) throw err;
      }
      return item.editMessageId;
    }
    const msg = await this.o.api.sendMessage({ chat_id: item.chatId, text: item.text, parse_mode: 'HTML', ...markup });
    return msg.message_id;
  }

  /** Leader's housekeeping (every 5 s while leading): the backlog gauge, and rows past their retention deleted (hourly). */
  async housekeep(): Promise<void> {
    const pending = await this.o.pool.query<{ n: string }>(`select count(*) as n from ${this.outbox} where state = 'pending'`);
    metrics.botOutboxPending.set(Number(pending.rows[0]!.n));
    const now = Date.now();
    if (now - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = now;
    const gone = await this.o.pool.query(`delete from ${this.outbox} where state <> 'pending' and created_at < now() - make_interval(days => $1)`, [
      OUTBOX_RETENTION_DAYS,
    ]);
    if (gone.rowCount) this.o.log.info({ deleted: gone.rowCount, retentionDays: OUTBOX_RETENTION_DAYS }, 'old outbox rows deleted');
  }

  private async recordFailed(d: Dropped<Item>, error: string, held: Set<number>, rescan: () => void): Promise<void> {
    const { item } = d;
    const permanent = d.reason === 'permanent';
    try {
      await withTransaction(this.o.pool, async (tx) => {
        const upd = await tx.query(`update ${this.outbox} set state = 'failed', attempts = attempts + $3, error = $2 where id = $1 and state = 'pending'`, [
          item.id,
          error,
          d.attempts > 0 ? 1 : 0,
        ]);
        // Only a reminder's failure reaches the chat's stream (and may pause the chat): an alert's
        // (the admin chat blocked the bot) is the row's state and the log.
        if (upd.rowCount === 0 || item.kind !== 'reminder' || item.reminderId === null || item.occurrence === null) return;
        await this.o.store.append(
          chatStream(item.chatId),
          [
            {
              type: 'ReminderDeliveryFailed',
              data: { chatId: item.chatId, reminderId: item.reminderId, occurrence: item.occurrence, error: error.slice(0, 500), permanent },
            },
          ],
          { client: tx, idempotencyKey: `delivery-failed:${item.reminderId}:${item.occurrence}` },
        );
      });
      this.o.store.notifyAppended();
      this.stats.failed++;
      const fields = { chatId: item.chatId, outboxId: item.id, kind: item.kind, reason: d.reason, err: error };
      if (item.kind === 'alert') this.o.log.error(fields, 'operators’ alert not delivered to ADMIN_CHAT_ID');
      else this.o.log.warn(fields, 'delivery failed');
    } catch (err) {
      this.o.log.error({ err: (err as Error).message, outboxId: item.id }, 'could not record a failed delivery; it will be tried again');
      rescan();
    } finally {
      held.delete(item.id);
    }
  }

  /** Sleeps `ms`, cut short by the signal and (when `wakeable`) by {@link wake}. */
  private sleep(ms: number, signal: AbortSignal, wakeable: boolean): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wakeFn === done) this.wakeFn = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      if (wakeable) this.wakeFn = done;
    });
  }
}

/** Telegram's answer (or its absence) as the pacer understands it. */
export function classify(err: unknown): SendFailure {
  if (err instanceof TelegramApiError) {
    if (err.errorCode === 429) return { kind: '429', retryAfterSec: err.retryAfter ?? 1 };
    if (err.errorCode === 403) return { kind: 'permanent' };
    if (err.errorCode >= 500) return { kind: '5xx' };
    if (err.errorCode === 400 && /chat not found/i.test(err.description)) return { kind: 'permanent' };
    if (err.errorCode >= 400) return { kind: 'rejected' };
  }
  return { kind: 'network' };
}

const describe = (err: unknown): string =>
  err instanceof TelegramApiError ? `${err.errorCode}: ${err.description}` : ((err as Error)?.message ?? String(err));
