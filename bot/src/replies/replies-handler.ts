import { chatStream, evolve, initialState, quoteIdent, type ChatState, type EventData, type EventEnvelope, type Handler } from '@napominalka/core';
import { cancelled, clarification, confirmation, done, help, snoozed, startReplies, unsupported, type Reply, type UnsupportedKind } from '../conversation/replies';
import { chatLang } from '../conversation/text';

export const REPLIES_CONSUMER = 'bot-replies';
/** What the bot answers in the chat. */
export const REPLY_TYPES = ['MessageReceived', 'ClarificationRequested', 'ReminderScheduled', 'ReminderCancelled', 'ReminderCompleted', 'ReminderRescheduled'] as const;

/**
 * What the bot says in reply to an event of the chat, given the chat's state folded up to and
 * including it (pure): the confirmation of a scheduled reminder with ✏️/❌, the question of a
 * clarification with its options, acknowledgements of cancel, done and snooze, /start and
 * /help, and "cannot read that yet" for voice, stickers and photos.
 */
export function repliesFor(e: EventEnvelope, s: ChatState): Reply[] {
  const c = { lang: chatLang(s.settings.lang), now: e.occurredAt, zone: s.settings.timezone };
  switch (e.type) {
    case 'MessageReceived': {
      const d = e.data as EventData<'MessageReceived'>;
      if (d.kind !== 'text' && d.kind !== 'location') return [unsupported(c.lang, d.kind as UnsupportedKind)];
      const command = /^\/(\w+)/.exec(d.text.trim())?.[1]?.toLowerCase();
      if (command === 'start') return startReplies({ lang: s.settings.lang, now: c.now, zone: c.zone });
      if (command === 'help') return [help(c.lang)];
      return [];
    }
    case 'ClarificationRequested':
      return [clarification(e.data as EventData<'ClarificationRequested'>, c)];
    case 'ReminderScheduled': {
      const d = e.data as EventData<'ReminderScheduled'>;
      return [confirmation({ id: d.reminderId, text: d.text, due: d.due, rrule: d.rrule }, { ...c, zone: d.timezone })];
    }
    case 'ReminderCancelled': {
      const r = s.reminders[(e.data as EventData<'ReminderCancelled'>).reminderId];
      return r ? [cancelled(c.lang, r.text)] : [];
    }
    case 'ReminderCompleted': {
      const d = e.data as EventData<'ReminderCompleted'>;
      const r = s.reminders[d.reminderId];
      return r ? [done(c, r.text, d.scope === 'occurrence' ? r.due : null)] : [];
    }
    case 'ReminderRescheduled': {
      const d = e.data as EventData<'ReminderRescheduled'>;
      const r = s.reminders[d.reminderId];
      if (!r) return [];
      if (d.reason === 'snooze') return [snoozed(c, r.text, d.due)];
      if (d.reason === 'edit') return [confirmation({ id: r.id, text: r.text, due: r.due, rrule: r.rrule }, { ...c, zone: r.timezone })];
      return [];
    }
    default:
      return [];
  }
}

/**
 * Consumer handler: folds the chat's stream up to the event and writes the replies into the
 * outbox in the consumer's transaction (key: the event and the reply's place), so each reply is
 * sent once however often the event is delivered.
 */
export function repliesHandler(opts: { schema: string; defaultTimezone: string }): Handler {
  const outbox = `${quoteIdent(opts.schema)}.bot_outbox`;
  return async (e, ctx) => {
    const chatId = (e.data as { chatId?: unknown }).chatId;
    if (typeof chatId !== 'number') return;
    const events = await ctx.store.readStream(chatStream(chatId), { to: e.streamPosition, client: ctx.tx });
    const state = events.reduce(evolve, initialState({ chatId, timezone: opts.defaultTimezone }));
    const replies = repliesFor(e, state);
    for (const [seq, r] of replies.entries()) {
      await ctx.tx.query(
        `insert into ${outbox} (kind, chat_id, event_id, seq, text, reply_markup) values ('reply', $1, $2, $3, $4, $5) on conflict (event_id, seq) do nothing`,
        [chatId, e.id, seq, r.text, r.markup ? JSON.stringify(r.markup) : null],
      );
    }
  };
}
