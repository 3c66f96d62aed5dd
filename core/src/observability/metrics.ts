import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; every service exposes it on /metrics. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const metrics = {
  appended: new Counter({ name: 'napominalka_events_appended_total', help: 'Events appended to the store', labelNames: ['type'], registers: [registry] }),
  published: new Counter({
    name: 'napominalka_events_published_total',
    help: 'Events published and confirmed by the broker',
    labelNames: ['type'],
    registers: [registry],
  }),
  consumed: new Counter({
    name: 'napominalka_events_consumed_total',
    help: 'Events handled by a consumer',
    labelNames: ['consumer', 'type', 'outcome'],
    registers: [registry],
  }),
  relayLag: new Gauge({ name: 'napominalka_relay_lag_events', help: 'Store head minus the relay checkpoint', registers: [registry] }),
  consumerLag: new Gauge({
    name: 'napominalka_consumer_lag_events',
    help: "Global position of the newest stored event of the consumer's types minus the last one it handled",
    labelNames: ['consumer'],
    registers: [registry],
  }),
  relayLeader: new Gauge({ name: 'napominalka_relay_leader', help: '1 while this relay holds the leader lock', registers: [registry] }),
  handlerDuration: new Histogram({
    name: 'napominalka_handler_duration_seconds',
    help: 'Time to handle one event and commit its effect',
    labelNames: ['consumer', 'type'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  }),
  retries: new Counter({ name: 'napominalka_consumer_retries_total', help: 'Messages sent to a retry queue', labelNames: ['consumer'], registers: [registry] }),
  remindersFired: new Counter({ name: 'napominalka_reminders_fired_total', help: 'ReminderDue events the scheduler appended', registers: [registry] }),
  schedulerLateness: new Histogram({
    name: 'napominalka_scheduler_lateness_seconds',
    help: 'How long after its due instant a reminder was fired (ReminderDue appended)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86400],
    registers: [registry],
  }),
  parked: new Counter({
    name: 'napominalka_consumer_parked_total',
    help: 'Messages moved to the parked queue',
    labelNames: ['consumer', 'reason'],
    registers: [registry],
  }),
  botUpdates: new Counter({
    name: 'napominalka_bot_updates_total',
    help: 'Telegram updates the bot took in, by outcome (recorded, duplicate, ignored, unreadable; throttled: recorded ones over the flood limit, counted in recorded too)',
    labelNames: ['outcome'],
    registers: [registry],
  }),
  botSends: new Counter({
    name: 'napominalka_bot_messages_total',
    help: 'Messages the bot sent to Telegram, by kind (reminder, reply, alert: operators’ alerts to ADMIN_CHAT_ID) and outcome (sent, failed, retried)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  }),
  botDeliveryLateness: new Histogram({
    name: 'napominalka_bot_delivery_lateness_seconds',
    help: 'How long after its due instant a reminder reached Telegram (due → sendMessage answered)',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 3600, 86400],
    registers: [registry],
  }),
  pgStatements: new Counter({
    name: 'napominalka_pg_statements_total',
    help: 'Statements (round trips) sent to Postgres, by component: a consumer by name, relay, sender, ingress, scheduler, other',
    labelNames: ['component'],
    registers: [registry],
  }),
  botOutboxPending: new Gauge({ name: 'napominalka_bot_outbox_pending', help: 'Messages waiting in the outbox to be sent', registers: [registry] }),
};
