/**
 * The pure part of bench:models (no I/O): options, statistics, which version answered when, and
 * the verdict. Unit-tested in bench-models-lib.unit.test.ts.
 */
import { percentile } from './bench/common/stats';

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

Exit status: 0 when the run completed (targets are reported, see --strict); 1 when it failed
(a service did not start or died, a request failed, a message got no MessageParsed, a promotion
was not served, PostgreSQL or RabbitMQ unreachable); 2 on a usage error.`;

export class UsageError extends Error {}

const NUMERIC_FLAGS = {
  '--http-rate': 'httpRate',
  '--worker-rate': 'workerRate',
  '--steady': 'steady',
  '--swaps': 'swaps',
  '--swap-every': 'swapEvery',
  '--chats': 'chats',
  '--seed': 'seed',
} as const;
type NumericKey = (typeof NUMERIC_FLAGS)[keyof typeof NUMERIC_FLAGS];

export function parseArgs(argv: readonly string[]) {
  const flags = { quick: false, strict: false, docs: true, help: false };
  const o: Partial<Record<NumericKey, number>> = {};
  let raw: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a === '--help' || a === '-h') flags.help = true;
    else if (a === '--quick') flags.quick = true;
    else if (a === '--strict') flags.strict = true;
    else if (a === '--no-docs') flags.docs = false;
    else if (a.split('=')[0] === '--raw') {
      raw = a.includes('=') ? a.slice('--raw='.length) : (argv[++i] ?? '');
      if (!raw) throw new UsageError('--raw needs a file name');
    } else if (Object.hasOwn(NUMERIC_FLAGS, a.split('=')[0]!)) {
      const [name, inline] = a.split('=');
      const raw = inline ?? argv[++i];
      const n = Number(raw);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} needs a positive integer, got ${JSON.stringify(raw)}`);
      o[NUMERIC_FLAGS[name as keyof typeof NUMERIC_FLAGS]] = n;
    } else throw new UsageError(`unknown option ${JSON.stringify(a)}`);
  }
  const q = flags.quick;
  const swaps = o.swaps ?? 10;
  const swapEverySeconds = o.swapEvery ?? (q ? 2 : 5);
  const settings = {
    mode: q ? 'quick' : 'full',
    raw,
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
  return { ...flags, settings };
}
export type Settings = ReturnType<typeof parseArgs>['settings'];

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile (0–100) of an ascending array: the one the bot's bench uses. */
export { percentile };

export function summarise(values: readonly number[]) {
  const a = Float64Array.from(values).sort();
  return {
    count: a.length,
    p50: round(percentile(a, 50), 3),
    p90: round(percentile(a, 90), 3),
    p99: round(percentile(a, 99), 3),
    max: round(a.length ? a[a.length - 1]! : NaN, 3),
    mean: round(a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN, 3),
  };
}
export type Summary = ReturnType<typeof summarise>;

// ---------------------------------------------------------------------------------------------
// Which version answered when

/** One answer: when its request (or message) started, when its answer arrived, which version gave it. */
export interface Observation {
  start: number;
  end: number;
  version: string;
}
export interface Promotion {
  at: number;
  version: string;
}

/**
 * Per promotion: when the new version first answered (switchedAt, ms after the promotion), whether
 * it was still the one answering when the next promotion came (served), and how many answers to
 * requests that started after that first answer came from another version (stale: the holder's
 * one-assignment swap promises none). Answers in flight across the swap may come from either.
 */
export function switchesOf(promotions: readonly Promotion[], observations: readonly Observation[], until: number) {
  const byEnd = [...observations].sort((a, b) => a.end - b.end);
  return promotions.map((p, i) => {
    const next = promotions[i + 1]?.at ?? until;
    const window = byEnd.filter((o) => o.end >= p.at && o.end < next);
    const first = window.find((o) => o.version === p.version);
    const stale = first ? window.filter((o) => o.start > first.end && o.version !== p.version).length : 0;
    const last = window.at(-1);
    return {
      version: p.version,
      switchedAfterMs: first ? round(first.end - p.at, 1) : null,
      served: first !== undefined && last?.version === p.version,
      stale,
      answers: window.length,
    };
  });
}
export type Switch = ReturnType<typeof switchesOf>[number];

// ---------------------------------------------------------------------------------------------
// Verdict

export interface Figures {
  http: { failed: number; steadyP99: number; swapP99: number };
  worker: { failed: number; missing: number; steadyP99: number; swapP99: number };
  rss: { steadyMB: number; peakSwapMB: number };
  switches: { http: Switch[]; worker: Switch[]; expected: number };
}

export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? round(a / b, 2) : NaN);

export function judge(f: Figures) {
  const httpRatio = ratio(f.http.swapP99, f.http.steadyP99);
  const workerRatio = ratio(f.worker.swapP99, f.worker.steadyP99);
  const rssRatio = ratio(f.rss.peakSwapMB, f.rss.steadyMB);
  const everyServed = (s: Switch[]) => s.length === f.switches.expected && s.every((x) => x.served && x.stale === 0);
  const pass = {
    httpFailed: f.http.failed === TARGETS.failed,
    workerFailed: f.worker.failed + f.worker.missing === TARGETS.failed,
    httpP99Ratio: httpRatio <= TARGETS.p99Ratio,
    workerP99Ratio: workerRatio <= TARGETS.p99Ratio,
    rssRatio: rssRatio <= TARGETS.rssRatio,
    promotionsServed: everyServed(f.switches.http) && everyServed(f.switches.worker),
    all: false,
  };
  pass.all = pass.httpFailed && pass.workerFailed && pass.httpP99Ratio && pass.workerP99Ratio && pass.rssRatio && pass.promotionsServed;
  /** Failed: what makes the run exit 1 regardless of --strict (lost work, a promotion not served). */
  const failed = !pass.httpFailed || !pass.workerFailed || !pass.promotionsServed;
  return { ratios: { http: httpRatio, worker: workerRatio, rss: rssRatio }, pass, failed };
}
export type Verdict = ReturnType<typeof judge>;

// ---------------------------------------------------------------------------------------------
// Telling a swap's cost from the box's noise (other processes share the 2 cores)

export interface Timed {
  /** When the request or message was scheduled. */
  at: number;
  ms: number;
}

/**
 * Latencies of the swap phase split into those scheduled within `windowMs` after a promotion and
 * the rest: both halves share the phase's background load, so their difference is the swaps'.
 */
export function nearPromotions(xs: readonly Timed[], promotions: readonly Promotion[], from: number, to: number, windowMs = 1000) {
  const near: number[] = [];
  const rest: number[] = [];
  for (const x of xs) {
    if (x.at < from || x.at >= to) continue;
    (promotions.some((p) => x.at >= p.at && x.at < p.at + windowMs) ? near : rest).push(x.ms);
  }
  return { near: summarise(near), rest: summarise(rest) };
}

/** p99 of each `bucketMs` slice of [from, to): how much p99 moves without any swap. */
export function bucketP99(xs: readonly Timed[], from: number, to: number, bucketMs: number): number[] {
  const n = Math.max(1, Math.floor((to - from) / bucketMs));
  const buckets: number[][] = Array.from({ length: n }, () => []);
  for (const x of xs) {
    const i = Math.floor((x.at - from) / bucketMs);
    if (x.at >= from && i < n) buckets[i]!.push(x.ms);
  }
  return buckets.map((b) => summarise(b).p99);
}
