import { TEST_AMQP_URL, TEST_DATABASE_URL } from '../../../core/src/testing/context';
import { loadConfig } from '../../../core/src/config';
import type { BenchArgs } from '../common/args';

/** The command line, settings and targets of bench:backbone. */
export const USAGE = `Usage: pnpm bench:backbone [options]

Measures the event backbone end to end and the raw ceilings of its two services, in one run:
  1. throughput: concurrent writers append to 16 streams → Relay → Consumer (its batch handler
     inserts one row per event inside ctx.tx, one statement per batch); events/s from the first append to the last commit;
     checks that no effect is lost or duplicated;
  2. latency: single-event appends paced at a steady rate; p50/p99 from the append call to the
     commit of the consumer transaction that applied the event;
  3. ceilings: multi-row INSERTs into a copy of the events table, and amqplib publish-with-
     confirms → consume + ack on a quorum queue (persistent messages of the relay's size).
Targets: >= 5000 events/s end to end; p99 <= 50 ms at 1000 events/s; end to end >= 50 % of
the slower raw ceiling. Appenders, Relay and Consumer run as three processes, like in production.

Options:
  --quick                smaller run (under 60 s in total)
  --strict               exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs              do not append the result to docs/benchmarks.md
  --in-process           run Relay and Consumer in the appenders' process (one event loop)
  --event-handler        the consumer uses handle (one INSERT per event) instead of
                         handleBatch (one multi-row INSERT per transaction, the default)
  --events N             events in the throughput phase
  --writers N            concurrent appenders in the throughput phase
  --per-append N         events per append in the throughput phase
  --rate N               events/s in the latency phase (the target is defined at 1000)
  --latency-seconds N    duration of the latency phase
  --relay-batch N        Relay batchSize          (default: RELAY_BATCH_SIZE's default)
  --relay-poll-ms N      Relay pollMs             (default: RELAY_POLL_MS's default)
  --prefetch N           Consumer prefetch        (default: CONSUMER_PREFETCH's default)
  --consumer-batch N     Consumer batchSize       (default: CONSUMER_BATCH_SIZE's default)
  --amqp-prefetch N      prefetch of the raw RabbitMQ ceiling's consumer
  --help                 this text

Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}) and RabbitMQ
(TEST_AMQP_URL, default ${TEST_AMQP_URL}); exits 1 when either is unreachable.
Each phase also reports CPU by process (from /proc), event-loop delays, relay batch and consumer
transaction sizes, and what the bench's Postgres backends were waiting on. To profile the relay
and consumer processes: BENCH_CHILD_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.`;

export const SPEC = {
  'in-process': 'flag',
  'event-handler': 'flag',
  'batch-handler': 'flag',
  events: 'int',
  writers: 'int',
  'per-append': 'int',
  rate: 'int',
  'latency-seconds': 'int',
  'relay-batch': 'int',
  'relay-poll-ms': 'int',
  prefetch: 'int',
  'consumer-batch': 'int',
  'amqp-prefetch': 'int',
} as const;
export type Args = BenchArgs<typeof SPEC>;

export function settingsFor(o: Args) {
  const { quick, inProcess } = o;
  // --event-handler switches to handle; --batch-handler (the default, still accepted) keeps handleBatch.
  const batchHandler = o.batchHandler || !o.eventHandler;
  // The services' defaults (core/src/config.ts), so the bench measures what a deployment runs.
  const d = loadConfig({});
  const s = {
    mode: quick ? 'quick' : 'full',
    topology: inProcess ? 'one process (appenders, relay, consumer)' : 'three processes (appenders | relay | consumer)',
    streams: 16,
    throughput: {
      events: o.events ?? (quick ? 20_000 : 100_000),
      writers: o.writers ?? 8,
      eventsPerAppend: o.perAppend ?? 5,
    },
    latency: {
      rate: o.rate ?? 1000,
      seconds: o.latencySeconds ?? (quick ? 8 : 30),
    },
    relay: { batchSize: o.relayBatch ?? d.RELAY_BATCH_SIZE, pollMs: o.relayPollMs ?? d.RELAY_POLL_MS, poolMax: d.PG_POOL_MAX },
    consumer: {
      handler: batchHandler ? 'handleBatch: one multi-row INSERT per transaction' : 'handle: one INSERT per event',
      prefetch: o.prefetch ?? d.CONSUMER_PREFETCH,
      batchSize: o.consumerBatch ?? d.CONSUMER_BATCH_SIZE,
      maxAttempts: d.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: d.CONSUMER_RETRY_BASE_MS,
      deliveryLimit: 10,
      poolMax: d.PG_POOL_MAX,
    },
    appenderPoolMax: 20,
    /** Size of the `text` field of each event's data (padding included). */
    textBytes: 200,
    /** Reference: EventStore.append alone (relay and consumer stopped), batched as above and single-event. */
    appendOnly: { events: quick ? 10_000 : 30_000, singleEvents: quick ? 3_000 : 10_000, singleWriters: 20 },
    pgCeiling: { rows: quick ? 50_000 : 200_000, rowsPerInsert: 500, writers: 4 },
    // Best of a sweep on the 2-core dev box (prefetch 50: ~8k msgs/s, 200: ~18k, 500: ~21k, 1000: ~21k).
    amqpCeiling: { messages: quick ? 30_000 : 150_000, confirmWindow: 1000, prefetch: o.amqpPrefetch ?? 500 },
    /** A phase that makes no progress for this long is reported as stalled (events lost). */
    stallMs: 30_000,
  };
  s.throughput.events -= s.throughput.events % s.throughput.eventsPerAppend;
  return s;
}
export type Settings = ReturnType<typeof settingsFor>;

export const TARGETS = { e2eEventsPerSec: 5000, latencyP99Ms: 50, latencyRate: 1000, ceilingRatio: 0.5 } as const;
