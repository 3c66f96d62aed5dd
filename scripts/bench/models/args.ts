import type { BenchArgs } from '../common/args';

/** The command line, settings and targets of bench:models. */
export const TARGETS = { failed: 0, p99Ratio: 1.5, rssRatio: 1.6 } as const;

export const USAGE = `Usage: pnpm bench:models [options]

Hot swap under load: runs the inference service (inference/src/main.ts, node --import tsx) and a
relay as child processes, in their own Postgres schema and AMQP prefix, with a scratch model
registry (MODEL_REGISTRY_DIR) holding the committed model under two versions. Open-loop load at a
fixed arrival rate, the whole run:
  - POST /v1/parse at --http-rate requests/s (latency from the request's scheduled time);
  - MessageReceived appended to chat streams at --worker-rate messages/s; append -> MessageParsed
    committed is the worker's latency; ParseFailed and messages without an outcome are counted.
Phases: warm-up, steady (no swaps, --steady seconds), swaps (--swaps ModelPromoted to stream
"models", alternating between the two versions, one every --swap-every seconds). After each
promotion the bench checks that both the API and the worker answer with the new version.
The service's VmRSS is sampled from /proc/<pid>/status every 50 ms.
Targets: 0 failed requests and 0 failed or missing parses; p99 during swaps / p99 steady <= ${TARGETS.p99Ratio}
for the API and for the worker; peak RSS during swaps / steady RSS <= ${TARGETS.rssRatio}.

Options:
  --quick              smaller run (under 60 s in total)
  --strict             exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs            do not append the result to docs/benchmarks.md
  --http-rate N        POST /v1/parse requests per second (default 50)
  --worker-rate N      MessageReceived per second (default 20)
  --steady N           seconds of the steady phase (default: as long as the swap phase)
  --swaps N            promotions in the swap phase (default 10)
  --swap-every N       seconds between promotions (default 5, quick 2)
  --chats N            chats the messages are spread over (default 200)
  --seed N             seed of the text and chat choice
  --raw FILE           also write every request, message, promotion and RSS sample there (JSON)
  --help               this text

Progress on stderr; a summary and, as the very last line, one JSON object ("pass") on stdout.
Exit status: 0 when the run completed (targets are reported, see --strict); 1 when it failed
(a service did not start or died, a request failed, a message got no MessageParsed, a promotion
was not served, PostgreSQL or RabbitMQ unreachable); 2 on a usage error.`;

export const SPEC = {
  'http-rate': 'int',
  'worker-rate': 'int',
  steady: 'int',
  swaps: 'int',
  'swap-every': 'int',
  chats: 'int',
  seed: 'int',
  raw: 'string',
} as const;
export type Args = BenchArgs<typeof SPEC>;

export function settingsFor(o: Args) {
  const q = o.quick;
  const swaps = o.swaps ?? 10;
  const swapEverySeconds = o.swapEvery ?? (q ? 2 : 5);
  return {
    mode: q ? 'quick' : 'full',
    raw: o.raw ?? null,
    seed: o.seed ?? 20261207,
    chats: o.chats ?? 200,
    // 50 req/s and 20 messages/s: steady, well below what one instance sustains on the 2-core box
    // (bench:inference), so a latency change is the swap's and not a queue building up.
    httpRate: o.httpRate ?? 50,
    workerRate: o.workerRate ?? 20,
    swaps,
    swapEverySeconds,
    // Same length as the swap phase: both p99s come from as many samples.
    steadySeconds: o.steady ?? swaps * swapEverySeconds,
    warmUpSeconds: q ? 2 : 5,
    rssSampleMs: 50,
    httpTimeoutMs: 10_000,
    /** A promotion not served by API and worker within this long failed. */
    switchTimeoutMs: 15_000,
    /** The load's tail: messages without an outcome this long after the last append are missing. */
    drainMs: 20_000,
  };
}
export type Settings = ReturnType<typeof settingsFor>;
