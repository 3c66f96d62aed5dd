import type { EventData, Handler } from '@napominalka/core';
import { insertOutbox } from '../notifier/outbox-insert';
import { formatAlert } from './format-alert';

/** The consumer (queue) name of operators' alerts. */
export const ALERTS_CONSUMER = 'bot-alerts';
export const ALERT_TYPES = ['AdminAlertRaised'] as const;

export interface AlertsHandlerOptions {
  /** Schema of the event store and of `bot_outbox`. */
  schema: string;
  /** The operators' chat (config ADMIN_CHAT_ID); unset → alerts are only logged. */
  adminChatId: number | undefined;
}

/**
 * Consumer handler of `AdminAlertRaised`: writes the formatted alert into `bot_outbox` as a row of
 * kind `alert` for the admin chat, in the consumer's transaction and keyed by the event (a
 * redelivered event meets `on conflict do nothing`), so the one sender paces it with the replies
 * and reminders and it is sent once. An alert row carries no reminder: its failure (the admin
 * chat blocked the bot) marks the row failed and records nothing in any chat's stream.
 *
 * Without ADMIN_CHAT_ID the alert is logged at warn (once: the consumer applies an event once)
 * and nothing is written.
 */
export function alertsHandler(opts: AlertsHandlerOptions): Handler {
  return async (event, ctx) => {
    if (event.type !== 'AdminAlertRaised') return;
    const a = event.data as EventData<'AdminAlertRaised'>;
    if (opts.adminChatId === undefined) {
      ctx.log.warn(
        { eventId: event.id, alert: a.alert, severity: a.severity, title: a.title, link: a.link },
        'operators’ alert not sent: ADMIN_CHAT_ID is unset',
      );
      return;
    }
    await insertOutbox(ctx.tx, opts.schema, [{ kind: 'alert', chatId: opts.adminChatId, eventId: event.id, text: formatAlert(a) }]);
  };
}
