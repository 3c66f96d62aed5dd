import type { Api, Update } from 'node-telegram-bot-api';
import { countedAs, type Logger } from '@napominalka/core';
import type { UpdateRecorder } from './record-update';

export interface PollerOptions {
  api: Api;
  recorder: UpdateRecorder;
  log: Logger;
  /** Long-poll timeout of one getUpdates, seconds. */
  timeoutSec?: number;
  /** Updates per getUpdates at most. */
  limit?: number;
  /** Called after an update is committed, before it is confirmed; a throw stops this poll there. */
  onRecorded?: (update: Update) => void | Promise<void>;
}

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'];

/**
 * Long polling with acknowledgement after commit: each update of a getUpdates answer is recorded
 * (UpdateRecorder: appended to its chat's stream, key `tg:<update_id>`) before the next
 * getUpdates confirms it with the offset. A crash anywhere in between makes Telegram deliver the
 * update again, and its key makes that append a no-op: nothing is lost, nothing is recorded
 * twice. An update that cannot be recorded (database down) is not confirmed: polling resumes from
 * it after a backoff.
 */
export class UpdatePoller {
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  private errors = 0;

  constructor(private readonly o: PollerOptions) {}

  get stats() {
    return { ...this.o.recorder.stats, errors: this.errors };
  }

  start(): void {
    this.running ??= countedAs('ingress', () => this.loop());
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { api, log, recorder } = this.o;
    const signal = this.stopper.signal;
    let offset: number | undefined;
    let failures = 0;
    // Polling and a webhook exclude each other: make sure no webhook is set (updates stay queued).
    await api.deleteWebhook({ drop_pending_updates: false }, signal).catch((err: Error) => log.warn({ err: err.message }, 'deleteWebhook failed'));
    while (!signal.aborted) {
      try {
        const updates = (await api.getUpdates(
          { offset, timeout: this.o.timeoutSec ?? 25, limit: this.o.limit ?? 100, allowed_updates: ALLOWED_UPDATES },
          signal,
        )) as Update[];
        // One transaction for the answer's updates; confirmed (the next offset) only after its commit.
        await recorder.recordAll(updates);
        for (const u of updates) {
          await this.o.onRecorded?.(u);
          if (Number.isSafeInteger(u.update_id)) offset = u.update_id + 1;
        }
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        this.errors++;
        failures++;
        const wait = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
        log.warn({ err: (err as Error).message, retryInMs: wait }, 'polling failed; retrying');
        await sleep(wait, signal);
      }
    }
  }
}

/** Waits `ms`, or less when `signal` aborts (a stop does not sit out a backoff). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
