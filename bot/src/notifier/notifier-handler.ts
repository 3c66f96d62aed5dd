import { DateTime } from 'luxon';
import { chatStateKind, chatStream, readState, type EventData, type Handler } from '@napominalka/core';
import { insertOutbox } from './outbox-insert';
import { formatDelivered } from '../conversation/format-reminder';
import { deliveredKeyboard } from '../conversation/keyboards';
import { chatLang } from '../conversation/text';

export interface NotifierHandlerOptions {
  /** Schema of the event store and of `bot_outbox`. */
  schema: string;
  /** Zone of a chat that never chose one (config DEFAULT_TIMEZONE). */
  defaultTimezone: string;
  /** The clock the lateness line is computed against (tests pass one). */
  now?: () => Date;
}

/** The consumer (queue) name of the notifier. */
export const NOTIFIER_CONSUMER = 'bot-notifier';
export const NOTIFIER_TYPES = ['ReminderDue'] as const;

/**
 * Consumer handler of `ReminderDue`: writes the message to deliver into `bot_outbox`, in the
 * consumer's transaction (so the checkpoint and the row commit together: effectively once).
 *
 * The chat's stream is folded with core's `evolve` up to the event itself, which gives the
 * reminder's text and the chat's language and zone as they stood when it fell due. Nothing is
 * recorded for a reminder that is not pending any more (cancelled, done, paused because the chat
 * blocked the bot) or whose occurrence moved on (rescheduled or snoozed after the scheduler fired):
 * that due is stale. A redelivered event meets `on conflict (event_id) do nothing`.
 *
 * The text ("🔔 …", with the lateness line when the due was long ago) is rendered here, at the time
 * the row is written; the sender may add seconds of pacing on top, which stay below the lateness
 * threshold in normal operation.
 */
export function notifierHandler(opts: NotifierHandlerOptions): Handler {
  const now = opts.now ?? (() => new Date());
  const kind = chatStateKind(opts.defaultTimezone);
  return async (event, ctx) => {
    if (event.type !== 'ReminderDue') return;
    const d = event.data as EventData<'ReminderDue'>;
    const { state } = await readState(ctx.store, kind, chatStream(d.chatId), { to: event.streamPosition, client: ctx.tx });
    const r = state.reminders[d.reminderId];
    if (!r || r.status !== 'pending' || r.occurrence !== d.occurrence) {
      ctx.log.info(
        { reminderId: d.reminderId, occurrence: d.occurrence, status: r?.status ?? null, current: r?.occurrence ?? null },
        'stale due: nothing to deliver',
      );
      return;
    }
    const lang = chatLang(state.settings.lang);
    const zone = state.settings.timezone;
    const text = formatDelivered({ text: r.text, due: d.due }, { deliveredAt: DateTime.fromJSDate(now()), zone, lang });
    const markup = deliveredKeyboard(r.id, d.occurrence, lang);
    await insertOutbox(ctx.tx, opts.schema, [
      { kind: 'reminder', chatId: d.chatId, eventId: event.id, reminderId: r.id, occurrence: d.occurrence, due: d.due, text, markup },
    ]);
  };
}
