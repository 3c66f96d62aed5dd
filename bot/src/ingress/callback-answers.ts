import type { Api } from 'node-telegram-bot-api';
import type { Logger } from '@napominalka/core';

export interface CallbackAnswererOptions {
  api: Pick<Api, 'answerCallbackQuery'>;
  log: Logger;
  /** answerCallbackQuery calls at once at most. */
  maxInFlight?: number;
  /** Presses waiting for a free slot at most; beyond that a press goes unanswered (logged). */
  maxQueued?: number;
  /** Telegram lets a query be answered for about 15 s: an older one is not even tried. */
  maxAgeMs?: number;
  /** Per-call timeout. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Answers button presses (answerCallbackQuery, no text) so that the user's spinner stops, after
 * the press is recorded. Fire-and-forget with a bounded number of calls in flight: ingress never
 * waits for Telegram here, and an answer that fails is logged and forgotten — the press is
 * recorded either way, and the query would expire by itself.
 */
export class CallbackAnswerer {
  private readonly queue: Array<{ id: string; at: number }> = [];
  private inFlight = 0;
  private idle: Array<() => void> = [];
  readonly stats = { answered: 0, failed: 0, dropped: 0 };
  private readonly now: () => number;

  constructor(private readonly o: CallbackAnswererOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Queues the answer of a recorded press; never throws, never waits. */
  answer(callbackQueryId: string): void {
    if (this.queue.length >= (this.o.maxQueued ?? 1000)) {
      this.stats.dropped++;
      this.o.log.warn({ callbackQueryId }, 'too many button presses waiting to be answered; this one stays unanswered');
      return;
    }
    this.queue.push({ id: callbackQueryId, at: this.now() });
    this.pump();
  }

  /** Resolves once every queued answer is done (or `timeoutMs` passed): for a clean stop. */
  async drain(timeoutMs = 5000): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((r) => this.idle.push(r)),
      new Promise<void>((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private pump(): void {
    while (this.inFlight < (this.o.maxInFlight ?? 8) && this.queue.length > 0) {
      const { id, at } = this.queue.shift()!;
      if (this.now() - at > (this.o.maxAgeMs ?? 15_000)) {
        this.stats.dropped++;
        this.o.log.warn({ callbackQueryId: id }, 'button press expired before it could be answered');
        continue;
      }
      this.inFlight++;
      void this.call(id).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    if (this.inFlight === 0 && this.queue.length === 0) for (const r of this.idle.splice(0)) r();
  }

  private async call(id: string): Promise<void> {
    try {
      await this.o.api.answerCallbackQuery({ callback_query_id: id }, AbortSignal.timeout(this.o.timeoutMs ?? 5000));
      this.stats.answered++;
    } catch (err) {
      this.stats.failed++;
      // Also the normal outcome for a press delivered twice and answered the first time.
      this.o.log.warn({ callbackQueryId: id, err: (err as Error).message }, 'answerCallbackQuery failed; ignored');
    }
  }
}
