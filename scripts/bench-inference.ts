/**
 * Inference benchmark: the real inference service (inference/src/main.ts) as a child process,
 * fed MessageReceived events through a real relay (core/src/bin/relay.ts, a second child), with
 * an in-process parse of the same texts as the baseline, measured in the same run.
 *
 *   pnpm bench:inference [--quick] [--strict] [--no-docs] [--help]
 *
 * Everything runs in an isolated Postgres schema and AMQP prefix (createTestContext), removed at
 * the end, also after an error or Ctrl-C; the children are always stopped. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestContext, trackQueues, TEST_AMQP_URL, TEST_DATABASE_URL, type TestContext } from '../core/src/testing/context';
import { runTs, stopChild, type Child } from '../core/src/testing/child';
import { freePort } from '../core/src/testing/free-port';
import { newEventId } from '../core/src/events/uuid';
import { names, retryDelays } from '../core/src/bus/topology';
import { loadConfig } from '../core/src/config';
import { appendBenchmarkSection, machineInfo, ROOT } from '../core/src/bench/report';
import { dropSchemaRetrying, exitOnInterrupt } from '../core/src/bench/teardown';
import { cpuDelta, cpuSnapshot, cpuText } from '../core/src/bench/cpu';
import { ParsePipeline } from '../inference/src/parse/pipeline';
import { ModelHolder } from '../inference/src/model/model-holder';
import { readRegistry } from '../inference/src/model/registry';
import { seededRandom } from '../core/src/random/seeded-random';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: pnpm bench:inference [options]

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

const NUMERIC_FLAGS = {
  '--rate': 'rate',
  '--seconds': 'seconds',
  '--chats': 'chats',
  '--burst': 'burst',
  '--http-requests': 'httpRequests',
  '--http-seconds': 'httpSeconds',
  '--http-concurrency': 'httpConcurrency',
  '--seed': 'seed',
  '--consumer-batch': 'consumerBatch',
  '--prefetch': 'prefetch',
} as const;
type NumericKey = (typeof NUMERIC_FLAGS)[keyof typeof NUMERIC_FLAGS];

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const flags = { quick: false, strict: false, docs: true, help: false };
  const o: Partial<Record<NumericKey, number>> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a === '--help' || a === '-h') flags.help = true;
    else if (a === '--quick') flags.quick = true;
    else if (a === '--strict') flags.strict = true;
    else if (a === '--no-docs') flags.docs = false;
    else if (Object.hasOwn(NUMERIC_FLAGS, a.split('=')[0]!)) {
      const [name, inline] = a.split('=');
      const raw = inline ?? argv[++i];
      const n = Number(raw);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} needs a positive integer, got ${JSON.stringify(raw)}`);
      o[NUMERIC_FLAGS[name as keyof typeof NUMERIC_FLAGS]] = n;
    } else throw new UsageError(`unknown option ${JSON.stringify(a)}`);
  }
  const q = flags.quick;
  const settings = {
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
  return { ...flags, settings };
}
type Settings = ReturnType<typeof parseArgs>['settings'];

const TARGETS = { parseP50Ms: 1, parseP99Ms: 5, rssMB: 300 } as const;

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function summarise(values: number[]) {
  const a = Float64Array.from(values).sort();
  const pct = (p: number) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))]! : NaN);
  return {
    count: a.length,
    p50: round(pct(50), 3),
    p90: round(pct(90), 3),
    p99: round(pct(99), 3),
    max: round(a.length ? a[a.length - 1]! : NaN, 3),
    mean: round(a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN, 3),
  };
}

/** pg is core's dependency, not the workspace root's: load it from there. */
interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  on(event: 'notification', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  end(): Promise<void>;
}
const { Client: PgClientCtor } = createRequire(new URL('../core/package.json', import.meta.url))('pg') as {
  Client: new (cfg: { connectionString: string; application_name: string }) => PgClient;
};

// ---------------------------------------------------------------------------------------------
// Message generator: realistic requests and chatter, ru and en, at most 200 characters.

const RU = {
  trigger: ['напомни', 'напомни мне', 'Напомни пожалуйста', 'напомните', 'не забыть', 'эй, напомни', 'напомни плз', 'нпомни'],
  time: [
    'завтра в 9',
    'завтра в 7:45',
    'через 15 минут',
    'через 40 минут',
    'через 2 часа',
    'через полтора часа',
    'в пятницу в 18:30',
    'во вторник вечером',
    'послезавтра утром',
    'сегодня вечером',
    'сегодня в 23:15',
    'каждый понедельник в 10',
    'по будням в 8:00',
    'каждый день в 21:00',
    '3 апреля',
    '28.05 в 12:00',
    'через неделю',
    'в 7 вечера',
    'через полчаса',
    'в субботу днём',
    'через 3 дня',
    'в среду в половине девятого',
    'зафтра в 8',
    'по выходным в 11',
  ],
  task: [
    'позвонить бабушке',
    'купить молоко, хлеб и яйца',
    'оплатить интернет',
    'забрать посылку на почте',
    'записаться к стоматологу',
    'полить цветы на балконе',
    'отправить отчёт Ивану Петровичу',
    'выключить духовку',
    'забрать Машу из садика',
    'продлить страховку на машину',
    'сдать книги в библиотеку',
    'выпить таблетки',
    'проверить почту от бухгалтерии',
    'созвон с командой по релизу',
    'поздравить Олега с днём рождения',
    'вынести мусор',
  ],
  tail: [
    ', и не забыть взять документы, паспорт и квитанцию, которая лежит в синей папке на столе',
    ' — это важно, в прошлый раз я забыл и пришлось платить штраф',
    ' и заодно узнать, работают ли они в субботу',
    ', номер записан в заметках',
    ' (если не получится — перенести на вечер)',
  ],
  other: [
    'что у меня на завтра',
    'покажи список напоминаний',
    'отмени напоминание про стоматолога',
    'отложи на 10 минут',
    'я теперь живу в Новосибирске',
    'спасибо!',
    'привет, как дела?',
    'какая завтра погода?',
    'ок',
    'вчера был у врача',
  ],
};
const EN = {
  trigger: ['remind me', 'remind me to', 'Please remind me to', 'hey, remind me to', "don't let me forget to", 'reminder:', 'remidn me to'],
  time: [
    'tomorrow at 9',
    'tomorrow at 7:45am',
    'in 15 minutes',
    'in 40 minutes',
    'in 2 hours',
    'on friday at 6:30pm',
    'tuesday evening',
    'the day after tomorrow',
    'tonight',
    'at 11pm',
    'every monday at 10',
    'on weekdays at 8am',
    'every day at 9pm',
    'on April 3',
    'in a week',
    'at 7 pm',
    'in half an hour',
    'saturday afternoon',
    'in 3 days',
    'tomorow morning',
    'every weekend at 11',
  ],
  task: [
    'call grandma',
    'buy milk, bread and eggs',
    'pay the internet bill',
    'pick up the parcel at the post office',
    'book a dentist appointment',
    'water the plants',
    'send the report to Jonathan',
    'turn off the oven',
    'pick up Emma from school',
    'renew the car insurance',
    'return the library books',
    'take my pills',
    'check the email from accounting',
    'sync with the team about the release',
    'wish Oliver a happy birthday',
    'take out the trash',
  ],
  tail: [
    ' and bring the documents, the passport and the receipt in the blue folder on my desk',
    " — it's important, last time I forgot and had to pay a fine",
    ' and ask whether they are open on saturday',
    ', the number is in my notes',
    ' (if that does not work, move it to the evening)',
  ],
  other: [
    "what's on my list for tomorrow",
    'show my reminders',
    'cancel the reminder about the dentist',
    'snooze 10 minutes',
    "I'm in London now",
    'thanks!',
    'hi there',
    "what's the weather tomorrow?",
    'ok',
    'I was at the doctor yesterday',
  ],
};
const EMOJI = [' 🙏', ' 🔥', ' ✅', ' 😅', ''];

/** Texts of the eval corpora are not used: a generated text equal to one is drawn again. */
function corpusTexts(): Set<string> {
  const out = new Set<string>();
  for (const file of [path.join(ROOT, '..', 'shared', 'eval', 'parse-dev.jsonl'), path.join(ROOT, '..', 'shared', 'eval', 'parse-test.jsonl')]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.add(
          String((JSON.parse(line) as { text: string }).text)
            .toLowerCase()
            .trim(),
        );
      } catch {
        // not ours to validate
      }
    }
  }
  return out;
}

function generator(seed: number, maxChars: number) {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const banned = corpusTexts();
  let skipped = 0;
  const one = (): string => {
    const L = r() < 0.6 ? RU : EN;
    if (r() < 0.15) return pick(L.other) + pick(EMOJI);
    const trigger = pick(L.trigger);
    const time = pick(L.time);
    const task = pick(L.task) + (r() < 0.25 ? pick(L.tail) : '');
    const order = r();
    const text = (order < 0.5 ? `${trigger} ${time} ${task}` : order < 0.85 ? `${trigger} ${task} ${time}` : `${time} ${trigger} ${task}`) + pick(EMOJI);
    return text.length <= maxChars ? text : `${trigger} ${time} ${pick(L.task)}`;
  };
  return {
    next(): string {
      for (;;) {
        const t = one();
        if (!banned.has(t.toLowerCase().trim())) return t;
        skipped++;
      }
    },
    get skippedCorpusTexts() {
      return skipped;
    },
  };
}

const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'Asia/Novosibirsk', 'Europe/London', 'America/New_York', 'Asia/Yekaterinburg', 'Asia/Tokyo'];

// ---------------------------------------------------------------------------------------------
// Memory of the service process, from /proc

interface MemSample {
  at: number;
  rssMB: number;
  hwmMB: number;
  /** The process and its descendants (tsx's esbuild service, if any). */
  treeRssMB: number | null;
}

function statusMB(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp !== p) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

class MemSampler {
  readonly samples: MemSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private tree: number | null = null;
  constructor(
    private readonly pid: number,
    private readonly everyMs: number,
  ) {}
  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }
  sample(): MemSample | null {
    const s = statusMB(this.pid);
    if (!s) return null;
    // The tree walk reads all of /proc: once a second is enough.
    if (this.ticks++ % Math.max(1, Math.round(1000 / this.everyMs)) === 0) {
      this.tree = s.rss + descendants(this.pid).reduce((sum, c) => sum + (statusMB(c)?.rss ?? 0), 0);
    }
    const m = { at: performance.now(), rssMB: round(s.rss, 1), hwmMB: round(s.hwm, 1), treeRssMB: this.tree === null ? null : round(this.tree, 1) };
    this.samples.push(m);
    return m;
  }
  between(from: number, to: number): MemSample[] {
    return this.samples.filter((s) => s.at >= from && s.at <= to);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

// ---------------------------------------------------------------------------------------------
// CPU by process group, from /proc (Linux only): who used the 2 cores during a phase

// ---------------------------------------------------------------------------------------------
// Outcomes: MessageParsed / ParseFailed as they commit (LISTEN on the store's channel + a poll)

interface Sent {
  id: string;
  text: string;
  chatId: number;
  phase: string;
  appendStart: number;
  appendEnd: number;
  /** When this process saw the outcome committed. */
  seenAt?: number;
  type?: string;
  latencyMs?: number;
  outcomes: number;
}

const WINDOW = 200;

class OutcomeTracker {
  readonly byId = new Map<string, Sent>();
  private client: PgClient | null = null;
  private maxSeen = 0;
  private scanning: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  unknown = 0;
  lastOutcomeAt = 0;
  outcomes = 0;
  clarifications = 0;

  constructor(private readonly schema: string) {}

  async start(): Promise<void> {
    this.client = new PgClientCtor({ connectionString: TEST_DATABASE_URL, application_name: 'bench-inference-tracker' });
    this.client.on('error', () => undefined);
    await this.client.connect();
    this.client.on('notification', () => this.scan());
    await this.client.query(`listen "${this.schema}_events"`);
    // NOTIFY wakes it at once; the poll covers a notification sent while a scan was running.
    this.timer = setInterval(() => this.scan(), 200);
    this.timer.unref();
  }

  private scan(): void {
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scanOnce()
      .catch((err: Error) => void progress(`outcome scan failed: ${err.message}`))
      .finally(() => {
        this.scanning = null;
        if (this.again) {
          this.again = false;
          this.scan();
        }
      });
  }

  private async scanOnce(): Promise<void> {
    // The worker commits one batch at a time, so outcomes commit in position order; the window
    // behind the highest seen position only guards against that ever changing (seen rows are skipped).
    const res = await this.client!.query<{ gp: string; type: string; cause: string; latency: number | null }>(
      `select global_position::text as gp, type, metadata->>'causationId' as cause, (data->>'latencyMs')::float8 as latency
         from "${this.schema}".events where global_position > $1 and type in ('MessageParsed', 'ParseFailed', 'ClarificationRequested') order by global_position`,
      [Math.max(0, this.maxSeen - WINDOW)],
    );
    const at = performance.now();
    for (const row of res.rows) {
      const gp = Number(row.gp);
      if (this.seen.has(gp)) continue;
      this.seen.add(gp);
      this.maxSeen = Math.max(this.maxSeen, gp);
      if (row.type === 'ClarificationRequested') {
        this.clarifications++;
        continue;
      }
      const s = this.byId.get(row.cause);
      if (!s) {
        this.unknown++;
        continue;
      }
      s.outcomes++;
      if (s.outcomes === 1) {
        s.seenAt = at;
        s.type = row.type;
        s.latencyMs = row.latency ?? undefined;
        this.outcomes++;
        this.lastOutcomeAt = at;
      }
    }
  }
  private readonly seen = new Set<number>();

  /** Resolves when every message of the phase has an outcome; rejects after stallMs without progress. */
  async waitFor(phase: Sent[], stallMs: number): Promise<void> {
    let last = -1;
    let since = performance.now();
    for (;;) {
      const done = phase.filter((s) => s.outcomes > 0).length;
      if (done === phase.length) return;
      if (done !== last) {
        last = done;
        since = performance.now();
      } else if (performance.now() - since > stallMs) {
        throw new Error(`${phase.length - done} of ${phase.length} messages got no MessageParsed/ParseFailed within ${stallMs / 1000} s of the last one`);
      }
      await sleep(20);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    await this.client?.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Load

interface Bench {
  t: TestContext;
  s: Settings;
  tracker: OutcomeTracker;
  gen: ReturnType<typeof generator>;
  zoneOf: (chatId: number) => string;
  sentAt: string;
  nextUpdate: () => number;
}

/** Set when the run is being stopped (Ctrl-C): no more appends. */
let aborted = false;

async function appendOne(b: Bench, phase: string, chatId: number, text: string): Promise<Sent> {
  if (aborted) throw new Error('interrupted');
  const id = newEventId();
  const updateId = b.nextUpdate();
  const s: Sent = { id, text, chatId, phase, appendStart: performance.now(), appendEnd: 0, outcomes: 0 };
  b.tracker.byId.set(id, s);
  await b.t.store.append(`chat-${chatId}`, [{ id, type: 'MessageReceived', data: { chatId, updateId, messageId: updateId, text, sentAt: b.sentAt } }], {
    idempotencyKey: `tg:${updateId}`,
  });
  s.appendEnd = performance.now();
  return s;
}

const chatOf = (r: () => number, chats: number) => 1_000_000 + Math.floor(r() * chats);

function phaseResult(sent: Sent[], startedAt: number) {
  const outcomes = sent.filter((s) => s.outcomes > 0);
  const lastSeen = Math.max(...outcomes.map((s) => s.seenAt!));
  return {
    messages: sent.length,
    parsed: sent.filter((s) => s.type === 'MessageParsed').length,
    parseFailed: sent.filter((s) => s.type === 'ParseFailed').length,
    withoutOutcome: sent.length - outcomes.length,
    duplicated: sent.filter((s) => s.outcomes > 1).length,
    parseLatencyMs: summarise(outcomes.filter((s) => s.latencyMs !== undefined).map((s) => s.latencyMs!)),
    endToEndMs: summarise(outcomes.map((s) => s.seenAt! - s.appendStart)),
    appendMs: summarise(sent.map((s) => s.appendEnd - s.appendStart)),
    secondsToLastOutcome: round((lastSeen - startedAt) / 1000, 2),
    parsedPerSec: round(outcomes.length / ((lastSeen - startedAt) / 1000), 1),
  };
}

/** One message per append at a fixed rate; appends that fall behind run concurrently (bounded). */
async function paced(b: Bench) {
  const { rate, seconds } = b.s.paced;
  const total = rate * seconds;
  const r = seededRandom(b.s.seed + 1);
  const sent: Sent[] = [];
  const inflight = new Set<Promise<unknown>>();
  let maxInFlight = 0;
  let failed: Error | null = null;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    if (failed) throw failed;
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (inflight.size >= 64) await Promise.race(inflight);
    const p: Promise<void> = appendOne(b, 'paced', chatOf(r, b.s.chats), b.gen.next()).then(
      (s) => {
        sent.push(s);
        inflight.delete(p);
      },
      (err: Error) => {
        failed ??= err;
        inflight.delete(p);
      },
    );
    inflight.add(p);
    maxInFlight = Math.max(maxInFlight, inflight.size);
    if (i > 0 && i % (rate * 10) === 0) progress(`paced: ${i}/${total} appended, ${b.tracker.outcomes} outcomes so far`);
  }
  await Promise.all(inflight);
  if (failed) throw failed;
  const appendSeconds = (performance.now() - started) / 1000;
  await b.tracker.waitFor(sent, b.s.stallMs);
  return {
    rate,
    seconds,
    achievedRate: round(total / appendSeconds, 1),
    maxAppendsInFlight: maxInFlight,
    startedAt: started,
    endedAt: performance.now(),
    ...phaseResult(sent, started),
    sent,
  };
}

/** As fast as `appenders` concurrent appenders go: the worker's capacity. */
async function burst(b: Bench) {
  const { messages, appenders } = b.s.burst;
  const r = seededRandom(b.s.seed + 2);
  const sent: Sent[] = [];
  const texts = Array.from({ length: messages }, () => ({ chat: chatOf(r, b.s.chats), text: b.gen.next() }));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      while (next < texts.length) {
        const m = texts[next++]!;
        sent.push(await appendOne(b, 'burst', m.chat, m.text));
      }
    }),
  );
  const appendSeconds = (performance.now() - started) / 1000;
  await b.tracker.waitFor(sent, b.s.stallMs);
  return {
    appenders,
    appendSeconds: round(appendSeconds, 2),
    appendedPerSec: round(messages / appendSeconds, 1),
    startedAt: started,
    endedAt: performance.now(),
    ...phaseResult(sent, started),
    sent,
  };
}

/** POST /v1/parse over loopback, `concurrency` in flight, until `requests` are done or the time is up. */
async function http(b: Bench, port: number, apiKey: string) {
  const { requests, seconds, concurrency } = b.s.http;
  const r = seededRandom(b.s.seed + 3);
  const url = `http://127.0.0.1:${port}/v1/parse`;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let issued = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests && performance.now() < deadline && !aborted) {
        issued++;
        const body = JSON.stringify({ text: b.gen.next(), timezone: ZONES[Math.floor(r() * ZONES.length)], now: b.sentAt });
        const t0 = performance.now();
        try {
          const res = await fetch(url, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          latencies.push(performance.now() - t0);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
    }),
  );
  const secondsTaken = (performance.now() - started) / 1000;
  return {
    concurrency,
    requested: requests,
    done: latencies.length,
    seconds: round(secondsTaken, 2),
    requestsPerSec: round(latencies.length / secondsTaken, 1),
    statuses,
    errors: errors.length,
    firstError: errors[0] ?? null,
    latencyMs: summarise(latencies),
  };
}

/** The same texts through the same pipeline and model in this process: no queue, no store. */
async function baseline(b: Bench, texts: Array<{ text: string; timezone: string }>) {
  const config = loadConfig({});
  const holder = await ModelHolder.load(readRegistry().current);
  const pipeline = new ParsePipeline({ model: () => holder.current, llm: null, threshold: config.PARSE_CONFIDENCE_THRESHOLD });
  for (const t of texts.slice(0, 200)) await pipeline.parse({ ...t, now: b.sentAt }); // warm-up, untimed
  const wall: number[] = [];
  const recorded: number[] = [];
  for (const t of texts) {
    const t0 = performance.now();
    const res = await pipeline.parse({ ...t, now: b.sentAt });
    wall.push(performance.now() - t0);
    recorded.push(res.latencyMs);
  }
  return { texts: texts.length, model: holder.current.version, parseLatencyMs: summarise(recorded), callMs: summarise(wall) };
}

// ---------------------------------------------------------------------------------------------
// Report

type Result = Awaited<ReturnType<typeof measure>>;

function markdown(r: Result): string {
  const m = r.machine;
  const pf = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');
  const p = r.paced;
  const mem = r.memory;
  return [
    `## ${r.date} — bench:inference, ${r.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}`,
    `- Service: inference/src/main.ts (node --import tsx) with model ${r.model}, threshold ${r.config.threshold}, LLM off, Consumer prefetch ${r.config.prefetch} / batch ${r.config.batchSize}; ` +
      `relay core/src/bin/relay.ts (poll ${r.config.relayPollMs} ms + NOTIFY); both child processes; same-machine PostgreSQL and RabbitMQ`,
    `- Load: generated ru/en messages (≤ ${r.settings.maxTextChars} characters, mean ${r.textChars.mean}) over ${fmt(r.settings.chats)} chats in ${ZONES.length} zones, one MessageReceived per append; ` +
      `paced ${p.rate}/s for ${p.seconds} s (${fmt(p.messages)}); burst ${fmt(r.burst.messages)} by ${r.burst.appenders} appenders; HTTP ${fmt(r.http.done)} requests, ${r.http.concurrency} in flight`,
    '',
    '| Measure | Result | Target | |',
    '|---|---:|---:|---|',
    `| Parse latency in the worker, p50 / p99 (MessageParsed.latencyMs, paced) | ${p.parseLatencyMs.p50} / ${p.parseLatencyMs.p99} ms | ≤ ${TARGETS.parseP50Ms} / ≤ ${TARGETS.parseP99Ms} ms | ${pf(r.pass.parseLatency)} |`,
    `| Baseline: the same texts in-process, p50 / p99 (no I/O) | ${r.baseline.parseLatencyMs.p50} / ${r.baseline.parseLatencyMs.p99} ms | | |`,
    `| Append → MessageParsed committed, p50 / p99 / max (paced ${p.rate}/s) | ${p.endToEndMs.p50} / ${p.endToEndMs.p99} / ${p.endToEndMs.max} ms | | |`,
    `| Throughput, burst (first append → last MessageParsed) | ${fmt(r.burst.parsedPerSec)} messages/s | | |`,
    `| Parse latency in the worker under the burst, p50 / p99 | ${r.burst.parseLatencyMs.p50} / ${r.burst.parseLatencyMs.p99} ms | | |`,
    `| POST /v1/parse, p50 / p99 (${r.http.concurrency} in flight) | ${r.http.latencyMs.p50} / ${r.http.latencyMs.p99} ms at ${fmt(r.http.requestsPerSec)} req/s | | |`,
    `| Service RSS: peak VmHWM | ${mem.peakHwmMB} MB | ≤ ${TARGETS.rssMB} MB | ${pf(r.pass.rss)} |`,
    `| Service RSS: steady VmRSS (paced, median of the second half) · idle after warm-up · end | ${mem.steadyRssMB} · ${mem.idleRssMB} · ${mem.endRssMB} MB | | |`,
    `| Messages without an outcome / with two / ParseFailed | ${r.totals.withoutOutcome} / ${r.totals.duplicated} / ${r.totals.parseFailed} | 0 / 0 / 0 | ${pf(r.pass.complete)} |`,
    '',
    `Paced: ${fmt(p.achievedRate, 1)} appends/s achieved of ${p.rate}/s, ≤ ${p.maxAppendsInFlight} in flight, append p50/p99 ${p.appendMs.p50}/${p.appendMs.p99} ms; ` +
      `burst: appended at ${fmt(r.burst.appendedPerSec)}/s, parsed in ${r.burst.secondsToLastOutcome} s, append → committed p50/p99 ${r.burst.endToEndMs.p50}/${r.burst.endToEndMs.p99} ms. ` +
      `Baseline call time (parse() wall, in-process) p50/p99 ${r.baseline.callMs.p50}/${r.baseline.callMs.p99} ms. ` +
      `CPU in % of one core, paced: ${cpuText(p.cpu)}; burst: ${cpuText(r.burst.cpu)}; HTTP: ${cpuText(r.http.cpu)}. ` +
      `Process tree RSS (node + children) peak ${mem.peakTreeRssMB ?? '–'} MB. Clarifications asked: ${r.totals.clarifications}. HTTP statuses: ${JSON.stringify(r.http.statuses)}.`,
    `Overall: ${r.pass.all ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

interface Services {
  inference: Child | null;
  relay: Child | null;
}

async function measure(t: TestContext, s: Settings, svc: Services) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const machine = machineInfo();
  const config = loadConfig(s.service);
  progress(`machine: ${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`);
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);

  const zoneOf = (chatId: number) => ZONES[chatId % ZONES.length]!;
  let update = 1;
  const b: Bench = {
    t,
    s,
    tracker: new OutcomeTracker(t.schema),
    gen: generator(s.seed, s.maxTextChars),
    zoneOf,
    sentAt: '2026-03-12T10:15:00+03:00',
    nextUpdate: () => update++,
  };

  // Every chat has chosen its zone (the worker reads it from the stream, as of each message).
  progress(`setting the zones of ${s.chats} chats`);
  const chats = Array.from({ length: s.chats }, (_, i) => 1_000_000 + i);
  for (let i = 0; i < chats.length; i += 10) {
    await Promise.all(
      chats.slice(i, i + 10).map((c) => t.store.append(`chat-${c}`, [{ type: 'ChatSettingsChanged', data: { chatId: c, timezone: zoneOf(c) } }])),
    );
  }

  const n = names(t.prefix);
  trackQueues(
    t.prefix,
    n.queue('inference'),
    n.parked('inference'),
    ...retryDelays(config.CONSUMER_MAX_ATTEMPTS, config.CONSUMER_RETRY_BASE_MS).map((d) => n.retry('inference', d)),
  );
  const port = await freePort();
  const apiKey = randomBytes(18).toString('base64url');
  const childEnv = { ...t.env, LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', OTEL_ENABLED: 'false', LLM_ENABLED: 'false' };
  progress('starting the inference service and a relay');
  const started = performance.now();
  // Both start together: nothing the worker consumes is appended before both are up.
  svc.relay = runTs('core/src/bin/relay.ts', { ...childEnv, SERVICE_NAME: 'bench-relay' });
  svc.inference = runTs('inference/src/main.ts', {
    ...childEnv,
    ...s.service,
    SERVICE_NAME: 'bench-inference',
    INFERENCE_HOST: '127.0.0.1',
    INFERENCE_PORT: String(port),
    INFERENCE_API_KEYS: apiKey,
  });
  const inf = svc.inference;
  const exited = (c: Child, name: string) =>
    new Promise<never>((_, reject) =>
      c.proc.once('exit', (code, sig) => reject(new Error(`${name} exited (code ${code}, signal ${sig}); last output:\n${c.lines.slice(-10).join('\n')}`))),
    );
  const infDied = exited(inf, 'the inference service');
  infDied.catch(() => undefined);
  const relayDied = exited(svc.relay, 'the relay');
  relayDied.catch(() => undefined);
  const startedLine = await Promise.race([inf.waitFor(/"msg":"inference started"/, 90_000), infDied]);
  const opsPort = Number(/"opsPort":(\d+)/.exec(startedLine)?.[1]);
  const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`).then((r) => r.status);
  if (ready !== 200) throw new Error(`inference /readyz answered ${ready}`);
  const startSeconds = round((performance.now() - started) / 1000, 1);
  progress(`inference (pid ${inf.proc.pid}) ready after ${startSeconds} s; API on 127.0.0.1:${port}`);
  const mem = new MemSampler(inf.proc.pid!, s.rssSampleMs).start();

  await Promise.race([svc.relay.waitFor(/relay is the leader/, 30_000), relayDied]);
  progress(`relay (pid ${svc.relay.proc.pid}) is the leader`);
  await b.tracker.start();

  // Any death of a child from here on fails the run.
  const died = Promise.race([infDied, relayDied]);
  died.catch(() => undefined);
  const guard = <T>(p: Promise<T>) => Promise.race([p, died]);

  progress(`warm-up: ${s.warmUpMessages} messages`);
  const warm: Sent[] = [];
  for (let i = 0; i < s.warmUpMessages; i++) warm.push(await appendOne(b, 'warm-up', chats[i % chats.length]!, b.gen.next()));
  await guard(b.tracker.waitFor(warm, s.stallMs));
  await sleep(1000);
  const idle = mem.sample()!;

  const pids: Record<number, string> = { [inf.proc.pid!]: 'inference', [svc.relay.proc.pid!]: 'relay', [process.pid]: 'bench' };
  const timed = async <T>(f: () => Promise<T>) => {
    const c0 = cpuSnapshot(pids);
    const r = await guard(f());
    return { ...r, cpu: cpuDelta(c0, cpuSnapshot(pids)) };
  };
  progress(`paced: ${s.paced.rate} messages/s for ${s.paced.seconds} s`);
  const p = await timed(() => paced(b));
  progress(
    `paced: parse p50 ${p.parseLatencyMs.p50} ms p99 ${p.parseLatencyMs.p99} ms; append → committed p50 ${p.endToEndMs.p50} ms p99 ${p.endToEndMs.p99} ms`,
  );
  progress(`burst: ${s.burst.messages} messages`);
  const bu = await timed(() => burst(b));
  progress(`burst: ${bu.parsedPerSec} messages/s`);
  progress(`HTTP: ${s.http.requests} requests, ${s.http.concurrency} in flight, at most ${s.http.seconds} s`);
  const h = await timed(() => http(b, port, apiKey));
  progress(`HTTP: p50 ${h.latencyMs.p50} ms p99 ${h.latencyMs.p99} ms, ${h.requestsPerSec} req/s`);
  await sleep(500);
  const end = mem.sample()!;
  mem.stop();

  await b.tracker.stop();
  const unparsedLogs = [...inf.lines, ...svc.relay.lines].filter((l) => /"level":(40|50|60)/.test(l));
  const relayCode = await stopChild(svc.relay, 'relay', progress);
  const infCode = await stopChild(svc.inference, 'inference', progress);
  progress(`services stopped (inference exit ${infCode}, relay exit ${relayCode})`);

  progress(`baseline: the paced texts in-process`);
  const base = await baseline(
    b,
    p.sent.map((x) => ({ text: x.text, timezone: zoneOf(x.chatId) })),
  );
  progress(`baseline: parse p50 ${base.parseLatencyMs.p50} ms p99 ${base.parseLatencyMs.p99} ms`);

  const half = p.startedAt + (p.endedAt - p.startedAt) / 2;
  const steadySamples = mem.between(half, p.endedAt).map((x) => x.rssMB);
  const memory = {
    pid: inf.proc.pid,
    samples: mem.samples.length,
    idleRssMB: idle.rssMB,
    steadyRssMB: summarise(steadySamples).p50,
    endRssMB: end.rssMB,
    peakHwmMB: Math.max(...mem.samples.map((x) => x.hwmMB)),
    peakRssSampledMB: Math.max(...mem.samples.map((x) => x.rssMB)),
    peakTreeRssMB: mem.samples.some((x) => x.treeRssMB !== null) ? Math.max(...mem.samples.map((x) => x.treeRssMB ?? 0)) : null,
  };
  const phases = [p, bu];
  const totals = {
    messages: phases.reduce((a, x) => a + x.messages, 0) + warm.length,
    withoutOutcome: phases.reduce((a, x) => a + x.withoutOutcome, 0),
    duplicated: phases.reduce((a, x) => a + x.duplicated, 0) + warm.filter((x) => x.outcomes > 1).length,
    parseFailed: phases.reduce((a, x) => a + x.parseFailed, 0) + warm.filter((x) => x.type === 'ParseFailed').length,
    outcomesOfUnknownMessages: b.tracker.unknown,
    clarifications: b.tracker.clarifications,
  };
  const pass = {
    parseLatency: p.parseLatencyMs.p50 <= TARGETS.parseP50Ms && p.parseLatencyMs.p99 <= TARGETS.parseP99Ms,
    rss: memory.peakHwmMB <= TARGETS.rssMB,
    complete: totals.withoutOutcome === 0 && totals.duplicated === 0 && totals.parseFailed === 0 && totals.outcomesOfUnknownMessages === 0,
    http: h.errors === 0 && Object.keys(h.statuses).every((k) => k === '200') && h.done > 0,
    all: false,
  };
  pass.all = pass.parseLatency && pass.rss && pass.complete && pass.http;
  const warnings: string[] = [];
  if (p.achievedRate < p.rate * 0.95) warnings.push(`appends reached only ${p.achievedRate}/s of the ${p.rate}/s asked`);
  if (h.done < h.requested) warnings.push(`HTTP phase hit its ${s.http.seconds} s limit after ${h.done} of ${h.requested} requests`);
  if (unparsedLogs.length) warnings.push(`${unparsedLogs.length} warning/error log lines from the services (first: ${unparsedLogs[0]!.slice(0, 200)})`);
  const other = Math.max(...[p, bu, h].map((x) => x.cpu?.other ?? 0));
  if (other >= 20) warnings.push(`processes outside the bench and its services used up to ${other}% of a core during a phase: figures are disturbed`);
  if (infCode !== 0) warnings.push(`the inference service exited with ${infCode} on SIGTERM`);
  if (relayCode !== 0) warnings.push(`the relay exited with ${relayCode} on SIGTERM`);
  const textLengths = p.sent.map((x) => x.text.length);

  const strip = ({ sent: _s, startedAt: _a, endedAt: _e, ...rest }: typeof p | typeof bu) => rest;
  return {
    benchmark: 'inference',
    date,
    mode: s.mode,
    machine,
    model: base.model,
    config: {
      threshold: config.PARSE_CONFIDENCE_THRESHOLD,
      prefetch: config.CONSUMER_PREFETCH,
      batchSize: config.CONSUMER_BATCH_SIZE,
      relayPollMs: config.RELAY_POLL_MS,
    },
    settings: s,
    targets: TARGETS,
    startSeconds,
    textChars: summarise(textLengths),
    skippedCorpusTexts: b.gen.skippedCorpusTexts,
    paced: strip(p) as Omit<typeof p, 'sent' | 'startedAt' | 'endedAt'>,
    burst: strip(bu) as Omit<typeof bu, 'sent' | 'startedAt' | 'endedAt'>,
    http: h,
    baseline: base,
    memory,
    totals,
    pass,
    warnings,
  };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const s = args.settings;
  const began = performance.now();
  const fail = (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ benchmark: 'inference', ok: false, error: (err as Error).message ?? String(err) })}\n`);
    return 1;
  };
  let t: TestContext;
  try {
    t = await createTestContext({ poolMax: 20 });
  } catch (err) {
    progress(`cannot run: ${(err as Error).message}`);
    return fail(err);
  }
  const svc: Services = { inference: null, relay: null };
  // Last resort: never leave a child behind, whatever happens to this process.
  process.on('exit', () => {
    for (const c of [svc.inference, svc.relay]) if (c && c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  });
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      aborted = true;
      await stopChild(svc.relay, 'relay', progress).catch(() => undefined);
      await stopChild(svc.inference, 'inference', progress).catch(() => undefined);
      await dropSchemaRetrying(t.pool, t.schema, progress);
      await t.cleanup().catch((err: Error) => void progress(`cleanup failed: ${err.message}`));
    })());
  const interrupted = exitOnInterrupt({ what: `${t.schema} and ${t.prefix}*`, abort: () => (aborted = true), cleanup, fail, progress });

  let result: Result;
  try {
    result = await measure(t, s, svc);
  } catch (err) {
    if (interrupted()) return new Promise<number>(() => undefined); // the signal handler exits
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    const lines = [...(svc.inference?.lines ?? []), ...(svc.relay?.lines ?? [])].filter((l) => /"level":(40|50|60)/.test(l));
    if (lines.length) progress(`service warnings/errors:\n${lines.slice(-15).join('\n')}`);
    await cleanup();
    return fail(err);
  }
  await cleanup();
  progress(`done in ${round((performance.now() - began) / 1000, 1)} s; removed ${t.schema} and ${t.prefix}*`);
  const doc = args.docs ? appendBenchmarkSection(markdown(result)) : null;
  process.stdout.write(`${markdown(result)}\n`);
  if (doc) process.stdout.write(`(appended to ${doc})\n\n`);
  process.stdout.write(`${JSON.stringify({ ok: true, ...result, docs: doc })}\n`);
  // A run that lost, duplicated or failed messages, or whose API errored, failed.
  if (!result.pass.complete || !result.pass.http) return 1;
  return args.strict && !result.pass.all ? 1 : 0;
}

process.exitCode = await main();
// Sockets of closed clients may linger a moment: the result is out, do not wait for them.
setTimeout(() => process.exit(), 500).unref();
