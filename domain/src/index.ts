/**
 * The pure domain: the event catalog, the reminders decider and time zones. No I/O here — no
 * Postgres, RabbitMQ, OpenTelemetry or HTTP (eslint.config.js and boundary.unit.test.ts hold
 * the line); the runtime that stores, carries and observes these events lives in @napominalka/core.
 */
export * from './events/index';
export * from './zones/index';
export * from './reminders/index';
