import { TEST_AMQP_URL, TEST_DATABASE_URL } from '../../../core/src/testing/context';
import type { BenchArgs } from '../common/args';

/** The command line, settings and targets of bench:inference. */
export const USAGE = `Usage: pnpm bench:inference [options]

Runs the inference service (inference/src/main.ts, the worker and POST /v1/parse) as a child
process with a relay beside it, in its own Postgres schema and AMQP prefix, and measures:
  1. paced: generated ru/en messages (<= 200 characters) appended one per append, across many
     chats, at a fixed rate; per message the parse latency the worker records
     (MessageParsed.latencyMs) and append -> MessageParsed committed;
  2. burst: messages appended as fast as the appenders go; parsed messages/s, first append to
     last MessageParsed committed;
  3. HTTP: POST /v1/parse over loopback with bounded concurrency, count and time;
  4. memory: the service's VmHWM (peak) and VmRSS (steady, under load) from /proc/<pid>/status;
  5. baseline: the same texts parsed in this process by the same pipeline and model (no I/O).
Targets: parse latency p50 <= 1 ms, p99 <= 5 ms; peak RSS <= 300 MB.

Options:
  --quick                 smaller run (under 60 s in total)
  --strict                exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs               do not append the result to docs/benchmarks.md
  --rate N                messages/s in the paced phase
  --seconds N             duration of the paced phase
  --chats N               chats the messages are spread over
  --burst N               messages in the burst phase
  --http-requests N       requests in the HTTP phase (it also stops after --http-seconds)
  --http-seconds N        time limit of the HTTP phase
  --http-concurrency N    requests in flight in the HTTP phase
  --seed N                seed of the message generator
  --consumer-batch N      the service's CONSUMER_BATCH_SIZE (default: its default)
  --prefetch N            the service's CONSUMER_PREFETCH (default: its default)
  --help                  this text

Exit status: 0 when the run completed (targets are reported, see --strict); 1 when it failed
(a service did not start or died, a message got no MessageParsed or two, a ParseFailed, an HTTP
error, PostgreSQL or RabbitMQ unreachable); 2 on a usage error.
Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}) and RabbitMQ (TEST_AMQP_URL,
default ${TEST_AMQP_URL}).`;

export const SPEC = {
  rate: 'int',
  seconds: 'int',
  chats: 'int',
  burst: 'int',
  'http-requests': 'int',
  'http-seconds': 'int',
  'http-concurrency': 'int',
  seed: 'int',
  'consumer-batch': 'int',
  prefetch: 'int',
} as const;
export type Args = BenchArgs<typeof SPEC>;

export function settingsFor(o: Args) {
  const q = o.quick;
  return {
    mode: q ? 'quick' : 'full',
    seed: o.seed ?? 20261123,
    chats: o.chats ?? (q ? 200 : 2000),
    // 50/s: well above a bot's peak, below what one worker sustains on the 2-core dev box.
    paced: { rate: o.rate ?? 50, seconds: o.seconds ?? (q ? 8 : 60) },
    burst: { messages: o.burst ?? (q ? 1000 : 6000), appenders: 8 },
    http: { requests: o.httpRequests ?? (q ? 1000 : 5000), seconds: o.httpSeconds ?? (q ? 6 : 30), concurrency: o.httpConcurrency ?? 8 },
    /** Environment overrides for the service (its Consumer's batch and prefetch). */
    service: {
      ...(o.consumerBatch ? { CONSUMER_BATCH_SIZE: String(o.consumerBatch) } : {}),
      ...(o.prefetch ? { CONSUMER_PREFETCH: String(o.prefetch) } : {}),
    } as Record<string, string>,
    warmUpMessages: 20,
    maxTextChars: 200,
    /** A phase with no new MessageParsed for this long has lost messages. */
    stallMs: 30_000,
    /** The sampler's period for /proc/<pid>/status. */
    rssSampleMs: 250,
  };
}
export type Settings = ReturnType<typeof settingsFor>;

export const TARGETS = { parseP50Ms: 1, parseP99Ms: 5, rssMB: 300 } as const;
