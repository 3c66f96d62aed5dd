import { CHATS_CTE, ch, when, type DashboardSpec } from './panels';

/**
 * Business: what the bot does for its users. The daily and hourly marts (materialized views of
 * events_raw) answer the totals; the panels by language and zone read events_raw with each chat's
 * language and zone, because the marts have no zone (and the reminder marts no language).
 * Counts over events_raw are distinct event ids: a row merged twice is still one event.
 */
const REMINDER_TYPES = "'ReminderScheduled', 'ReminderDelivered', 'ReminderCancelled', 'ReminderRescheduled', 'ReminderDeliveryFailed'";
const chatFilter = `${when('lang', 'c.chat_lang')} AND ${when('zone', 'c.chat_zone')}`;

export const business: DashboardSpec = {
  uid: 'napominalka-business',
  title: 'Napominalka — business',
  description: 'Messages, active chats and reminders (ClickHouse: events_raw and the marts).',
  tags: ['napominalka', 'business', 'clickhouse'],
  time: { from: 'now-30d', to: 'now' },
  refresh: '5m',
  variables: ['lang', 'zone'],
  panels: [
    ch({
      title: 'Messages in range',
      type: 'stat',
      w: 6,
      h: 4,
      description: 'Messages received and distinct chats that wrote (all languages and zones).',
      sql: `SELECT sum(messages) AS messages, uniqExactMerge(chats) AS active_chats
FROM mart_active_chats_daily
WHERE $__dateFilter(day)`,
    }),
    ch({
      title: 'Reminders in range',
      type: 'stat',
      description: 'mart_reminders_daily: all languages and zones.',
      w: 18,
      h: 4,
      sql: `SELECT sum(created) AS created, sum(delivered) AS delivered, sum(cancelled) AS cancelled, sum(snoozed) AS snoozed, sum(delivery_failed) AS delivery_failed
FROM mart_reminders_daily
WHERE $__dateFilter(day)`,
    }),
    ch({
      title: 'Parsed messages by language',
      type: 'timeseries',
      stacked: true,
      description: 'MessageParsed per interval (mart_messages_hourly); filtered by $lang.',
      sql: `SELECT $__timeInterval(hour) AS time, lang, sum(messages) AS messages
FROM mart_messages_hourly
WHERE $__timeFilter(hour) AND ${when('lang', 'lang')}
GROUP BY time, lang
ORDER BY time`,
    }),
    ch({
      title: 'Active chats per day',
      type: 'timeseries',
      bars: true,
      description: 'Distinct chats with a message that UTC day, and the messages they sent (all languages and zones).',
      sql: `SELECT toDateTime(day) AS time, uniqExactMerge(chats) AS active_chats, sum(messages) AS messages
FROM mart_active_chats_daily
WHERE $__dateFilter(day)
GROUP BY day
ORDER BY time`,
    }),
    ch({
      title: 'Active chats per week',
      type: 'timeseries',
      description: 'Distinct chats with a message that week, Monday to Sunday (all languages and zones).',
      bars: true,
      sql: `SELECT toDateTime(week) AS time, uniqExactMerge(chats) AS active_chats
FROM mart_active_chats_weekly
WHERE week >= toMonday($__fromTime) AND week <= $__toTime
GROUP BY week
ORDER BY time`,
    }),
    ch({
      title: 'Active chats by language',
      type: 'timeseries',
      description: 'Distinct chats with a parsed message per interval, by the message’s language; filtered by $lang and $zone.',
      sql: `WITH ${CHATS_CTE}
SELECT $__timeInterval(e.occurred_at) AS time, e.lang AS lang, uniqExact(e.chat_id) AS active_chats
FROM events_raw AS e
INNER JOIN chats AS c ON c.chat_id = e.chat_id
WHERE e.type = 'MessageParsed' AND $__timeFilter(e.occurred_at) AND ${when('lang', 'e.lang')} AND ${when('zone', 'c.chat_zone')}
GROUP BY time, lang
ORDER BY time`,
    }),
    ch({
      title: 'Reminders per day',
      type: 'timeseries',
      bars: true,
      description:
        'Created (ReminderScheduled), delivered, cancelled, snoozed, failed deliveries and completed (mart_reminders_daily: all languages and zones).',
      sql: `SELECT toDateTime(day) AS time, sum(created) AS created, sum(delivered) AS delivered, sum(cancelled) AS cancelled,
  sum(snoozed) AS snoozed, sum(delivery_failed) AS delivery_failed, sum(completed) AS completed
FROM mart_reminders_daily
WHERE $__dateFilter(day)
GROUP BY day
ORDER BY time`,
    }),
    ch({
      title: 'Delivery lateness (due → in Telegram) per day',
      type: 'timeseries',
      unit: 'ms',
      // quantilesDD's first parameter is the sketch's relative accuracy, not a level.
      description: 'DDSketch quantiles of ReminderDelivered.latenessMs (mart_reminders_daily, values × 1000; all languages and zones).',
      sql: `SELECT time, q[1] / 1000 AS p50, q[2] / 1000 AS p95, q[3] / 1000 AS p99
FROM (
  SELECT toDateTime(day) AS time, quantilesDDMerge(0.01, 0.5, 0.95, 0.99)(lateness_q) AS q
  FROM mart_reminders_daily
  WHERE $__dateFilter(day)
  GROUP BY day
)
ORDER BY time`,
    }),
    ch({
      title: 'Reminders created by language',
      type: 'timeseries',
      stacked: true,
      description: 'ReminderScheduled per interval by the chat’s language; filtered by $lang and $zone.',
      sql: `WITH ${CHATS_CTE}
SELECT $__timeInterval(e.occurred_at) AS time, c.chat_lang AS lang, uniqExact(e.id) AS created
FROM events_raw AS e
INNER JOIN chats AS c ON c.chat_id = e.chat_id
WHERE e.type = 'ReminderScheduled' AND $__timeFilter(e.occurred_at) AND ${chatFilter}
GROUP BY time, lang
ORDER BY time`,
    }),
    ch({
      title: 'Delivery lateness p99 by zone',
      type: 'timeseries',
      unit: 'ms',
      description: 'ReminderDelivered.latenessMs per interval by the chat’s zone; filtered by $lang and $zone.',
      sql: `WITH ${CHATS_CTE}
SELECT $__timeInterval(e.occurred_at) AS time, c.chat_zone AS zone, quantile(0.99)(e.lateness_ms) AS p99
FROM events_raw AS e
INNER JOIN chats AS c ON c.chat_id = e.chat_id
WHERE e.type = 'ReminderDelivered' AND $__timeFilter(e.occurred_at) AND ${chatFilter}
GROUP BY time, zone
ORDER BY time`,
    }),
    ch({
      title: 'Reminders by language and zone',
      type: 'table',
      w: 16,
      h: 9,
      description: 'In the range, by the chat’s language and zone; filtered by $lang and $zone.',
      sql: `WITH ${CHATS_CTE}
SELECT c.chat_lang AS lang, c.chat_zone AS zone,
  uniqExactIf(e.id, e.type = 'ReminderScheduled') AS created,
  uniqExactIf(e.id, e.type = 'ReminderDelivered') AS delivered,
  uniqExactIf(e.id, e.type = 'ReminderCancelled') AS cancelled,
  uniqExactIf(e.id, e.type = 'ReminderRescheduled' AND e.reason = 'snooze') AS snoozed,
  uniqExactIf(e.id, e.type = 'ReminderDeliveryFailed') AS delivery_failed,
  round(quantileIf(0.5)(e.lateness_ms, e.type = 'ReminderDelivered')) AS lateness_p50_ms
FROM events_raw AS e
INNER JOIN chats AS c ON c.chat_id = e.chat_id
WHERE e.type IN (${REMINDER_TYPES}) AND $__timeFilter(e.occurred_at) AND ${chatFilter}
GROUP BY lang, zone
ORDER BY created DESC`,
    }),
    ch({
      title: 'Messages by language',
      type: 'piechart',
      w: 8,
      h: 9,
      sql: `SELECT lang, sum(messages) AS messages
FROM mart_messages_hourly
WHERE $__timeFilter(hour) AND ${when('lang', 'lang')}
GROUP BY lang
ORDER BY messages DESC`,
    }),
  ],
};
