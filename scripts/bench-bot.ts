/**
 * Benchmark of the bot (issue 6): every service a real process (relay, inference, projector with
 * the Postgres projection and the scheduler, bot) against the Telegram Bot API emulator (a process
 * too), which enforces Telegram's limits and records what the bot did.
 *
 *   pnpm bench:bot [--quick] [--strict] [--no-docs] [--only conversation,delivery] [--help]
 *
 * Sections:
 *   conversation  200 user messages/s from 1,000 chats through the emulator: update taken →
 *                 the confirmation sent, p99 ≤ 500 ms. Telegram lets a bot send 30 messages/s
 *                 (1,000/s with paid broadcasts), so this section runs the bot with
 *                 TELEGRAM_GLOBAL_RATE=1000 and the emulator's global limit at 1,000/s; 1/s per
 *                 chat stays. Ceilings from the same run: the emulator's sendMessage round trip
 *                 and the whole pipeline at 1 message/s.
 *   delivery      3,000 reminders due at the same instant in 3,000 chats, fired by the real
 *                 scheduler from the read model the real projection wrote: delivered within 5 %
 *                 of the 100 s 30 messages/s allow, none lost or duplicated, no chat above 1/s,
 *                 no flood-limit violation, 3,000 distinct ReminderDelivered.
 *
 * Everything runs in an isolated Postgres schema and AMQP prefix (createTestContext), removed at
 * the end, also after an error or Ctrl-C; the children are always stopped. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 */
import os from 'node:os';
import path from 'node:path';
import { createTestContext, trackQueues, TEST_AMQP_URL, TEST_DATABASE_URL, type TestContext } from '../core/src/testing/context';
import { runTs, stopChild, type Child } from '../core/src/testing/child';
import { names, retryDelays } from '../core/src/bus/topology';
import { loadConfig } from '../core/src/config';
import { chatStream } from '../core/src/events/envelope';
import { newEventId } from '../core/src/events/uuid';
import { migrate } from '../core/src/store/migrations';
import { withTransaction } from '../core/src/store/sql';
import { appendBenchmarkSection, machineInfo } from '../core/src/bench/report';
import { dropSchemaRetrying, exitOnInterrupt } from '../core/src/bench/teardown';
import { cpuDelta, cpuMsOf, cpuSnapshot, cpuText } from '../core/src/bench/cpu';
import { statementCounts, statementsPerMessage, statementsText } from './bench-bot-statements';
import { EmulatorControl } from '../bot/src/emulator/control-client';
import type { BotAction } from '../bot/src/emulator/types';
import { BOT_MIGRATIONS } from '../bot/src/notifier/outbox';
import { SENDER_PACING } from '../bot/src/notifier/sender';
import { chatOf, exactlyOnce, hopBreakdown, HOPS, perKeyRate, requestTexts, maxInWindow, type Trace } from './bench-bot-lib';
import { round, summarise, type Summary } from './bench/common/stats';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: pnpm bench:bot [options]

Runs every service as a process (relay, inference, projector: postgres + scheduler, bot) against
the Telegram Bot API emulator (a process too; Telegram's flood limits enforced and violations
recorded), in its own Postgres schema and AMQP prefix, and measures:
  conversation  200 user messages/s from 1,000 chats injected through the emulator's control API
                (varied ru/en "remind me ..." texts): update taken (the emulator's getUpdates
                answer) -> the bot's sendMessage of the confirmation: p50/p95/p99/max, lost, and
                per hop from the events' recorded_at. Target p99 <= 500 ms. Telegram allows a
                bot 30 messages/s (1,000/s with paid broadcasts): this section runs the bot with
                TELEGRAM_GLOBAL_RATE=1000 and the emulator's global limit at 1,000/s; 1/s per chat
                stays enforced. Ceilings: the emulator's sendMessage round trip, and the same
                pipeline at 1 message/s. Full runs first measure 10, 20 and 40 messages/s for
                10 s each (not with --rate): the highest rate this machine sustains within the
                target, with the CPU each message costs.
  delivery      3,000 reminders due at the same instant in 3,000 chats (ReminderScheduled in the
                store, projected by the real projection, fired by the real scheduler): ReminderDue
                -> bot-notifier -> outbox -> sender -> emulator at 30/s. Targets: the last one
                delivered <= 105 s after the due (100 s is the ceiling at 30/s), each chat exactly
                one message, no violation, 3,000 distinct ReminderDelivered, no chat above 1/s.

Options:
  --quick           smaller run, under 60 s in all (300 reminders; 4 s of conversation load)
  --only a,b        run only these sections (conversation, delivery)
  --reminders N     reminders of the delivery section (default 3000, quick 300)
  --rate N          messages/s of the conversation load (default 200)
  --seconds N       seconds of conversation load (default 30, quick 4)
  --chats N         chats the conversation load comes from (default 1000)
  --baseline N      messages of the 1 message/s baseline (default 10, quick 4)
  --seed N          seed of the message generator
  --profile DIR     write a V8 CPU profile of every service process into DIR (.cpuprofile, at exit)
  --strict          exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs         do not append the result to docs/benchmarks.md
  --help            this text

Exit status: 0 when the run completed (targets are reported, see --strict); 1 when it failed (a
service did not start or died, PostgreSQL or RabbitMQ unreachable); 2 on a usage error.
Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}) and RabbitMQ (TEST_AMQP_URL,
default ${TEST_AMQP_URL}).`;

/** In run order: the delivery burst first, so no backlog of the conversation load reaches it. */
const SECTION_NAMES = ['delivery', 'conversation'] as const;
type SectionName = (typeof SECTION_NAMES)[number];

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const a = {
    quick: false,
    strict: false,
    docs: true,
    help: false,
    only: null as SectionName[] | null,
    reminders: 0,
    rate: 0,
    seconds: 0,
    chats: 0,
    baseline: 0,
    seed: 20261202,
    profile: null as string | null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split('=');
    const value = () => inline ?? argv[++i];
    const int = () => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} needs a positive integer, got ${JSON.stringify(raw)}`);
      return n;
    };
    if (arg === '--') continue;
    else if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg === '--quick') a.quick = true;
    else if (arg === '--strict') a.strict = true;
    else if (arg === '--no-docs') a.docs = false;
    else if (name === '--only') {
      const xs = String(value() ?? '')
        .split(',')
        .filter(Boolean);
      for (const x of xs) if (!(SECTION_NAMES as readonly string[]).includes(x)) throw new UsageError(`unknown section ${JSON.stringify(x)}`);
      a.only = xs as SectionName[];
    } else if (name === '--reminders') a.reminders = int();
    else if (name === '--rate') a.rate = int();
    else if (name === '--seconds') a.seconds = int();
    else if (name === '--chats') a.chats = int();
    else if (name === '--baseline') a.baseline = int();
    else if (name === '--seed') a.seed = int();
    else if (name === '--profile') {
      const dir = value();
      if (!dir) throw new UsageError('--profile needs a directory');
      a.profile = path.resolve(dir);
    } else throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
  }
  return a;
}
type Args = ReturnType<typeof parseArgs>;

function settingsFor(a: Args) {
  const q = a.quick;
  return {
    mode: q ? 'quick' : 'full',
    seed: a.seed,
    conversation: {
      rate: a.rate || 200,
      seconds: a.seconds || (q ? 4 : 30),
      chats: a.chats || 1000,
      baseline: a.baseline || (q ? 4 : 10),
      /** The bot's TELEGRAM_GLOBAL_RATE and the emulator's global limit in this section (paid broadcasts). */
      globalRate: 1000,
      roundTrips: q ? 100 : 300,
      /** No new answer for this long after the load: the rest are lost. */
      stallMs: q ? 8_000 : 20_000,
      /** Longest wait for the answers after the load ended; what is still unanswered then counts as lost. */
      drainMs: q ? 10_000 : 90_000,
      /** Lower rates measured first (full runs), each for `sweepSeconds`: what this machine sustains within the target. */
      sweep: a.rate || q ? [] : [10, 20, 40],
      sweepSeconds: 10,
    },
    delivery: {
      reminders: a.reminders || (q ? 300 : 3000),
      /** Telegram's limit, the bot's TELEGRAM_GLOBAL_RATE and the emulator's limit in this section. */
      globalRate: 30,
      /** From the start of the setup to the due (chats, seeding, the bot's restart, the projection). */
      leadMs: q ? 7_000 : 15_000,
      stallMs: q ? 10_000 : 20_000,
    },
  };
}
type Settings = ReturnType<typeof settingsFor>;

const TARGETS = { conversationP99Ms: 500, deliverySlack: 1.05, statementsPerMessage: 20, cpuMsPerMessage: 12 } as const;
/** The system's processes: what a message costs is their CPU, not the load generator's or the emulator's. */
const SYSTEM = ['postgres', 'rabbitmq', 'relay', 'inference', 'projector', 'bot'] as const;

// ---------------------------------------------------------------------------------------------
// Helpers

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const pf = (ok: boolean) => (ok ? '**pass**' : '**FAIL**');
const ms = (s: Summary) => `p50 ${fmt(s.p50)} · p95 ${fmt(s.p95)} · p99 ${fmt(s.p99)} · max ${fmt(s.max)} ms`;

/** A progress line at most every 2 s. */
function progressBar(label: string) {
  let last = 0;
  return (done: number, total: number, extra = '', force = false) => {
    const now = performance.now();
    if (!force && now - last < 2000) return;
    last = now;
    const pct = total > 0 ? (done / total) * 100 : 100;
    progress(`${label} [${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${fmt(done)}/${fmt(total)} (${fmt(pct, 1)} %)${extra ? `, ${extra}` : ''}`);
  };
}

let aborted = false;

/** A service process; `stopping` once the bench stops it on purpose (its exit is then no death). */
type Service = Child & { stopping?: boolean };
interface Services {
  emulator: Service | null;
  relay: Service | null;
  inference: Service | null;
  projector: Service | null;
  bot: Service | null;
}

interface Ctx {
  t: TestContext;
  s: Settings;
  emu: { url: string };
  tg: EmulatorControl;
  svc: Services;
  childEnv: Record<string, string>;
  /** Rejects when a service dies. */
  guard<T>(p: Promise<T>): Promise<T>;
  startBot(globalRate: number): Promise<Service>;
  /** TELEGRAM_GLOBAL_RATE of the running bot. */
  botRate(): number;
  pids(): Record<number, string>;
}

interface Row {
  measure: string;
  result: string;
  target: string;
  ceiling: string;
  pass?: boolean;
}
interface SectionResult {
  rows: Row[];
  notes: string[];
  json: Record<string, unknown>;
  warnings: string[];
}

const q = (t: TestContext) => `"${t.schema}"`;

// ---------------------------------------------------------------------------------------------
// conversation

interface Injected {
  chatId: number;
  updateId: number;
  text: string;
  lang: 'ru' | 'en';
  injected: number;
}

/** Injects messages at `rate`/s (not waiting for one to answer before the next is due). */
async function inject(ctx: Ctx, count: number, rate: number, chatFor: (i: number) => number, gen: () => { text: string; lang: 'ru' | 'en' }) {
  const out: Injected[] = [];
  const pending = new Set<Promise<void>>();
  let maxInFlight = 0;
  const errors: string[] = [];
  const interval = 1000 / rate;
  const t0 = performance.now();
  for (let i = 0; i < count && !aborted; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 1) await sleep(wait);
    const chatId = chatFor(i);
    const g = gen();
    const injected = Date.now();
    const p = ctx.tg
      .sendText(chatId, g.text, { user: { language_code: g.lang, first_name: `Bench ${chatId}` } })
      .then((r) => void out.push({ chatId, updateId: r.update_id, text: g.text, lang: g.lang, injected }))
      .catch((err: Error & { cause?: Error }) => void errors.push(`${err.message}${err.cause ? ` (${err.cause.message})` : ''}`))
      .finally(() => pending.delete(p));
    pending.add(p);
    maxInFlight = Math.max(maxInFlight, pending.size);
  }
  await Promise.all([...pending]);
  const seconds = (performance.now() - t0) / 1000;
  if (errors.length) throw new Error(`${errors.length} injections failed (first: ${errors[0]})`);
  return { injected: out.sort((a, b) => a.updateId - b.updateId), seconds, achievedRate: round(count / seconds, 1), maxInFlight };
}

/** Waits until the bot sent `expected` messages since `from` (emulator stats), or nothing new came for `stallMs`. */
async function waitForAnswers(ctx: Ctx, from: number, expected: number, stallMs: number, label: string, maxWaitMs = Number.POSITIVE_INFINITY): Promise<number> {
  const bar = progressBar(label);
  const until = performance.now() + maxWaitMs;
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    const sent = (await ctx.tg.stats()).messages_sent - from;
    if (sent !== last) {
      last = sent;
      lastChange = performance.now();
    }
    bar(sent, expected);
    if (sent >= expected || performance.now() - lastChange > stallMs || performance.now() > until || aborted) return sent;
    await ctx.guard(sleep(250));
  }
}

/** Every step of each injected message, from the emulator's records and the events' recorded_at. */
async function traces(ctx: Ctx, msgs: Injected[], actions: BotAction[]) {
  const { t, tg } = ctx;
  const first = msgs[0]!.updateId;
  const taken = new Map((await tg.handedOut({ after: first - 1 })).map((h) => [h.update_id, h.at]));
  const chats = [...new Set(msgs.map((m) => m.chatId))];
  const ev = (
    await t.pool.query<{ id: string; type: string; update_id: string | null; corr: string | null; recorded_at: Date }>(
      `select id, type, data->>'updateId' as update_id, metadata->>'correlationId' as corr, recorded_at from ${q(t)}.events
       where type = any($1) and stream_id = any($2) order by global_position`,
      [['MessageReceived', 'MessageParsed', 'ParseFailed', 'ReminderScheduled', 'ClarificationRequested'], chats.map(chatStream)],
    )
  ).rows;
  const outbox = new Map(
    (
      await t.pool.query<{ event_id: string; chat_id: string; created_at: Date; sent_message_id: string | null; state: string; attempts: number }>(
        `select event_id, chat_id, created_at, sent_message_id, state, attempts from ${q(t)}.bot_outbox where kind = 'reply' and chat_id = any($1) and seq = 0`,
        [chats],
      )
    ).rows.map((r) => [r.event_id, r]),
  );
  const actionAt = new Map(actions.map((a) => [`${a.chat_id}:${a.message_id}`, a]));
  const received = new Map<number, { at: number; corr: string | null }>();
  const byCorr = new Map<string, { parsed?: number; decided?: number; decisionId?: string; decisionType?: string }>();
  for (const e of ev) {
    if (e.type === 'MessageReceived') {
      if (e.update_id !== null && !received.has(Number(e.update_id))) received.set(Number(e.update_id), { at: e.recorded_at.getTime(), corr: e.corr });
      continue;
    }
    if (!e.corr) continue;
    const c = byCorr.get(e.corr) ?? {};
    if ((e.type === 'MessageParsed' || e.type === 'ParseFailed') && c.parsed === undefined) c.parsed = e.recorded_at.getTime();
    if ((e.type === 'ReminderScheduled' || e.type === 'ClarificationRequested') && c.decided === undefined) {
      c.decided = e.recorded_at.getTime();
      c.decisionId = e.id;
      c.decisionType = e.type;
    }
    byCorr.set(e.corr, c);
  }
  let confirmations = 0;
  let questions = 0;
  let retried = 0;
  const out: Array<Trace & { chatId: number }> = [];
  for (const m of msgs) {
    const r = received.get(m.updateId);
    const c = r?.corr ? byCorr.get(r.corr) : undefined;
    const row = c?.decisionId ? outbox.get(c.decisionId) : undefined;
    const action = row?.sent_message_id ? actionAt.get(`${m.chatId}:${row.sent_message_id}`) : undefined;
    if (action) {
      if (c?.decisionType === 'ReminderScheduled') confirmations++;
      else questions++;
    }
    if (row && row.attempts > 1) retried++;
    out.push({
      chatId: m.chatId,
      injected: m.injected,
      taken: taken.get(m.updateId) ?? null,
      received: r?.at ?? null,
      parsed: c?.parsed ?? null,
      decided: c?.decided ?? null,
      queued: row ? row.created_at.getTime() : null,
      sent: action?.at ?? null,
    });
  }
  return { traces: out, confirmations, questions, retried };
}

/** sendMessage to the emulator from here, one at a time, as another bot: the emulator's own round trip. */
async function emulatorRoundTrip(ctx: Ctx, calls: number): Promise<Summary> {
  const token = '1999999999:BENCH-round-trip-token-xyz';
  const tg = ctx.tg.forBot(token);
  await tg.addChats(Array.from({ length: calls }, (_, i) => ({ user: { id: 9_000_000 + i } })));
  const out: number[] = [];
  for (let i = 0; i < calls && !aborted; i++) {
    const t0 = performance.now();
    const res = await fetch(`${ctx.emu.url}/bot${token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 9_000_000 + i, text: '⏰ <b>завтра 09:00</b> — позвонить маме', parse_mode: 'HTML' }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`emulator round trip: ${res.status}`);
    out.push(performance.now() - t0);
  }
  return summarise(out);
}

async function conversation(ctx: Ctx): Promise<SectionResult> {
  const c = ctx.s.conversation;
  const warnings: string[] = [];
  await ctx.tg.setRateLimits({ enforce: true, perChatPerSecond: 1, globalPerSecond: c.globalRate });
  if (ctx.svc.bot && ctx.botRate() !== c.globalRate) {
    await stopChildMarked(ctx.svc.bot, 'bot');
    ctx.svc.bot = null;
  }
  if (!ctx.svc.bot) await ctx.startBot(c.globalRate);
  const gen = requestTexts(ctx.s.seed);

  progress(`ceiling: ${c.roundTrips} sendMessage round trips to the emulator`);
  const roundTrip = await ctx.guard(emulatorRoundTrip(ctx, c.roundTrips));
  progress(`ceiling: emulator round trip ${ms(roundTrip)}`);

  // Warm-up (not measured): the first messages of a process compile code paths and fill pools.
  const warmFrom = (await ctx.tg.stats()).messages_sent;
  await ctx.guard(inject(ctx, 10, 5, (i) => 8_000_000 + i, gen));
  await waitForAnswers(ctx, warmFrom, 10, c.stallMs, 'warm-up');

  progress(`baseline: ${c.baseline} messages at 1/s`);
  let from = (await ctx.tg.stats()).messages_sent;
  const baseSeq = (await ctx.tg.actions({ methods: ['sendMessage'] })).at(-1)?.seq ?? 0;
  const baseStatements0 = await statementCounts(Object.values(ctx.svc));
  const base = await ctx.guard(inject(ctx, c.baseline, 1, (i) => 7_000_000 + i, gen));
  await waitForAnswers(ctx, from, c.baseline, c.stallMs, 'baseline');
  const baseStatements = statementsPerMessage(baseStatements0, await statementCounts(Object.values(ctx.svc)), c.baseline);
  progress(`baseline: Postgres statements per message ${statementsText(baseStatements)}`);
  const baseActions = await ctx.tg.actions({ after: baseSeq, methods: ['sendMessage'] });
  const bt = await traces(ctx, base.injected, baseActions);
  const baseLatency = summarise(bt.traces.filter((x) => x.taken !== null && x.sent !== null).map((x) => x.sent! - x.taken!));
  progress(`baseline: taken → sent ${ms(baseLatency)}`);

  // Capacity: the same load at lower rates (other chats), each answered before the next.
  const sweep: Array<{ rate: number; latencyMs: Summary; lost: number; cpuBusy: number; cpuMsPerMessage: number }> = [];
  for (const [k, rate] of c.sweep.entries()) {
    const n = rate * c.sweepSeconds;
    const sFrom = (await ctx.tg.stats()).messages_sent;
    const sSeq = (await ctx.tg.actions({ methods: ['sendMessage'] })).at(-1)?.seq ?? 0;
    const sCpu0 = cpuSnapshot(ctx.pids());
    const sLoad = await ctx.guard(inject(ctx, n, rate, (i) => 2_000_000 + k * 100_000 + (i % c.chats), gen));
    const sCpu = cpuDelta(sCpu0, cpuSnapshot(ctx.pids()));
    await waitForAnswers(ctx, sFrom, n, c.stallMs, `sweep ${rate}/s`, c.drainMs);
    const st = await traces(ctx, sLoad.injected, await ctx.tg.actions({ after: sSeq, methods: ['sendMessage'] }));
    const sDone = st.traces.filter((x) => x.taken !== null && x.sent !== null);
    const busy = sCpu?.busy ?? NaN;
    // busy is % of one core over the injection; × 10 ms per % per second ÷ messages per second = CPU ms per message.
    sweep.push({
      rate,
      latencyMs: summarise(sDone.map((x) => x.sent! - x.taken!)),
      lost: st.traces.length - sDone.length,
      cpuBusy: busy,
      cpuMsPerMessage: round((busy * 10) / rate, 1),
    });
    progress(`sweep ${rate}/s: taken → sent ${ms(sweep.at(-1)!.latencyMs)}; CPU busy ${busy} % of one core`);
  }
  const sustained = sweep.filter((x) => x.latencyMs.p99 <= TARGETS.conversationP99Ms && x.lost === 0).at(-1)?.rate ?? null;

  const total = c.rate * c.seconds;
  progress(`load: ${fmt(total)} messages at ${c.rate}/s for ${c.seconds} s from ${fmt(c.chats)} chats (each chat every ${fmt(c.chats / c.rate, 1)} s)`);
  from = (await ctx.tg.stats()).messages_sent;
  const loadSeq = (await ctx.tg.actions({ methods: ['sendMessage'] })).at(-1)?.seq ?? 0;
  const violationsBefore = (await ctx.tg.violations()).length;
  const statements0 = await statementCounts(Object.values(ctx.svc));
  const cpu0 = cpuSnapshot(ctx.pids());
  const load = await ctx.guard(inject(ctx, total, c.rate, (i) => chatOf(i, c.chats, 1_000_000), gen));
  const cpuLoad = cpuDelta(cpu0, cpuSnapshot(ctx.pids()));
  progress(`load: injected at ${load.achievedRate}/s (≤ ${load.maxInFlight} in flight); waiting for the answers`);
  const answered = await waitForAnswers(ctx, from, total, c.stallMs, 'answers', c.drainMs);
  // From the first message in to the last answer out: all the work the load caused, per message.
  const systemMs = cpuMsOf(cpu0, cpuSnapshot(ctx.pids()), SYSTEM);
  const cpuPerMessage = systemMs === null ? NaN : round(systemMs / total, 1);
  const statements = statementsPerMessage(statements0, await statementCounts(Object.values(ctx.svc)), total);
  progress(`load: per message ${cpuPerMessage} ms CPU in the system's processes; Postgres statements ${statementsText(statements)}`);
  await sleep(1000); // anything late or doubled
  const actions = await ctx.tg.actions({ after: loadSeq, methods: ['sendMessage'] });
  const lt = await traces(ctx, load.injected, actions);
  const complete = lt.traces.filter((x) => x.taken !== null && x.sent !== null);
  const latency = summarise(complete.map((x) => x.sent! - x.taken!));
  const lost = lt.traces.length - complete.length;
  const sentPerChat = new Map<number, number>();
  for (const a of actions) sentPerChat.set(a.chat_id!, (sentPerChat.get(a.chat_id!) ?? 0) + 1);
  const askedPerChat = new Map<number, number>();
  for (const m of load.injected) askedPerChat.set(m.chatId, (askedPerChat.get(m.chatId) ?? 0) + 1);
  let chatsShort = 0;
  let chatsOver = 0;
  for (const [chat, n] of askedPerChat) {
    const got = sentPerChat.get(chat) ?? 0;
    if (got < n) chatsShort++;
    if (got > n) chatsOver++;
  }
  const violations = (await ctx.tg.violations()).slice(violationsBefore);
  const chatRate = perKeyRate(
    actions.map((a) => ({ key: a.chat_id!, at: a.at })),
    1000,
  );
  const globalMax = maxInWindow(
    actions.map((a) => a.at),
    1000,
  );
  const hops = hopBreakdown(complete);
  const injectToTaken = summarise(lt.traces.filter((x) => x.taken !== null).map((x) => x.taken! - x.injected));
  const baseHops = hopBreakdown(bt.traces.filter((x) => x.taken !== null && x.sent !== null));
  progress(`load: taken → sent ${ms(latency)}; lost ${lost}; hops p99 ${HOPS.map((h) => `${h.name} ${fmt(hops[h.name].p99)}`).join(' · ')} ms`);

  const pass =
    latency.p99 <= TARGETS.conversationP99Ms &&
    lost === 0 &&
    chatsOver === 0 &&
    violations.length === 0 &&
    statements.total <= TARGETS.statementsPerMessage &&
    cpuPerMessage <= TARGETS.cpuMsPerMessage;
  if (load.achievedRate < c.rate * 0.95) warnings.push(`injections reached only ${load.achievedRate}/s of ${c.rate}/s`);
  if (answered < total)
    warnings.push(
      `${total - answered} of ${total} messages had no answer ${fmt(c.drainMs / 1000)} s after the load ended (counted as lost; the percentiles are over the answered ones)`,
    );
  const slowest = HOPS.map((h) => ({ h, v: hops[h.name].p99 })).sort((a, b) => b.v - a.v)[0]!;
  return {
    rows: [
      {
        measure: `Conversation: update taken → confirmation sent, ${fmt(total)} messages at ${c.rate}/s for ${c.seconds} s from ${fmt(c.chats)} chats (bot at TELEGRAM_GLOBAL_RATE=${c.globalRate}, paid broadcasts; emulator global limit ${c.globalRate}/s, 1/s per chat)`,
        result: ms(latency),
        target: `p99 ≤ ${TARGETS.conversationP99Ms} ms`,
        ceiling: `same pipeline at 1 msg/s: ${ms(baseLatency)}; emulator sendMessage round trip p50 ${fmt(roundTrip.p50, 1)} · p99 ${fmt(roundTrip.p99, 1)} ms`,
        pass: latency.p99 <= TARGETS.conversationP99Ms,
      },
      {
        measure: 'Conversation: messages without an answer · chats answered more often than they wrote · flood-limit violations',
        result: `${lost} · ${chatsOver} · ${violations.length}`,
        target: '0 · 0 · 0',
        ceiling: '',
        pass: lost === 0 && chatsOver === 0 && violations.length === 0,
      },
      {
        measure: `Cost per message at ${c.rate}/s: Postgres statements (round trips) in all services, from their napominalka_pg_statements_total counters, by hop`,
        result: statementsText(statements),
        target: `≤ ${TARGETS.statementsPerMessage}`,
        ceiling: `at 1 msg/s: ${statementsText(baseStatements)}`,
        pass: statements.total <= TARGETS.statementsPerMessage,
      },
      {
        measure: `Cost per message at ${c.rate}/s: CPU of the system's processes (${SYSTEM.join(', ')}) from the first message in to the last answer out, ÷ messages`,
        result: `${fmt(cpuPerMessage, 1)} ms`,
        target: `≤ ${TARGETS.cpuMsPerMessage} ms`,
        ceiling: '',
        pass: cpuPerMessage <= TARGETS.cpuMsPerMessage,
      },
      ...sweep.map((x) => ({
        measure: `Capacity: ${fmt(x.rate * c.sweepSeconds)} messages at ${x.rate}/s (machine CPU busy ${x.cpuBusy} % of one core, ${x.cpuMsPerMessage} ms CPU per message in all processes)`,
        result: `${ms(x.latencyMs)}; lost ${x.lost}`,
        target: `p99 ≤ ${TARGETS.conversationP99Ms} ms`,
        ceiling: '',
        pass: x.latencyMs.p99 <= TARGETS.conversationP99Ms && x.lost === 0,
      })),
      ...HOPS.map((h) => ({
        measure: `Hop ${h.name}: ${h.what}`,
        result: ms(hops[h.name]),
        target: '',
        ceiling: `at 1 msg/s: p50 ${fmt(baseHops[h.name].p50)} · max ${fmt(baseHops[h.name].max)} ms`,
        pass: undefined,
      })),
    ],
    notes: [
      `Conversation: Telegram's global limit of 30 messages/s makes 200 confirmations/s impossible for any bot; bots with paid broadcasts may send up to 1,000/s, so this section runs the bot with TELEGRAM_GLOBAL_RATE=${c.globalRate} and the emulator's global limit at ${c.globalRate}/s (1/s per chat enforced as always). ` +
        `Load: ${fmt(total)} varied ru/en "remind me …" texts injected through the emulator's control API at ${load.achievedRate}/s, round robin over ${fmt(c.chats)} chats (one message per chat every ${fmt(c.chats / c.rate, 1)} s); ` +
        `answers: ${lt.confirmations} confirmations, ${lt.questions} questions; ${lt.retried} sent more than once; max per chat in 1 s ${chatRate.maxInWindow} (smallest gap ${chatRate.minGapMs ?? '–'} ms); max overall in 1 s ${globalMax}. ` +
        `"Taken" is when the emulator first handed the update out in a getUpdates answer (GET /_emulator/handed-out); "sent" is the emulator's time of the sendMessage. Inject → taken ${ms(injectToTaken)}. Slowest hop at p99: ${slowest.h.name}. ` +
        `CPU in % of one core during the load: ${cpuText(cpuLoad)}.` +
        (sweep.length ? ` Highest swept rate within the target on this machine: ${sustained === null ? 'none' : `${sustained}/s`}.` : ''),
    ],
    json: {
      globalRate: c.globalRate,
      rate: c.rate,
      seconds: c.seconds,
      chats: c.chats,
      messages: total,
      achievedRate: load.achievedRate,
      maxInjectsInFlight: load.maxInFlight,
      latencyMs: latency,
      lost,
      chatsShort,
      chatsOver,
      violations: violations.length,
      confirmations: lt.confirmations,
      questions: lt.questions,
      retried: lt.retried,
      maxPerChatIn1s: chatRate.maxInWindow,
      minGapPerChatMs: chatRate.minGapMs,
      maxOverallIn1s: globalMax,
      hopsMs: hops,
      injectToTakenMs: injectToTaken,
      baseline: { messages: c.baseline, latencyMs: baseLatency, hopsMs: baseHops, statementsPerMessage: baseStatements },
      statementsPerMessage: statements,
      cpuMsPerMessage: cpuPerMessage,
      emulatorRoundTripMs: roundTrip,
      cpu: cpuLoad,
      sweep,
      sustainedRate: sustained,
      pass,
    },
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// delivery

const TASKS = [
  'позвонить маме',
  'выпить таблетки',
  'call mom',
  'забрать посылку',
  'water the plants',
  'оплатить квартиру',
  'send the report',
  'выключить духовку',
];

async function delivery(ctx: Ctx): Promise<SectionResult> {
  const d = ctx.s.delivery;
  const { t, tg } = ctx;
  const warnings: string[] = [];
  const setupStart = Date.now();
  const due = Math.ceil((setupStart + d.leadMs) / 1000) * 1000;
  // A bot at Telegram's rate, an emulator with Telegram's limits and nothing from before.
  await stopChildMarked(ctx.svc.bot, 'bot');
  ctx.svc.bot = null;
  await tg.reset();
  await tg.setRateLimits({ enforce: true, perChatPerSecond: 1, globalPerSecond: d.globalRate });
  const chats = Array.from({ length: d.reminders }, (_, i) => 5_000_000 + i);
  for (let i = 0; i < chats.length; i += 1000) await tg.addChats(chats.slice(i, i + 1000).map((id) => ({ user: { id, language_code: id % 3 ? 'ru' : 'en' } })));
  const botStarted = ctx.startBot(d.globalRate);
  botStarted.catch(() => undefined);

  // What the decider would have written when each user asked: ReminderScheduled due at `due`. The
  // confirmation of each was sent back then: its outbox row is recorded as sent in the same
  // transaction, so the bot does not confirm them now (the replies consumer meets the row's key).
  progress(`delivery: ${fmt(d.reminders)} reminders due at ${new Date(due).toISOString()} (${fmt((due - Date.now()) / 1000, 1)} s from now)`);
  const outbox = `${q(t)}.bot_outbox`;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < chats.length) {
        const part = chats.slice(next, next + 50);
        next += 50;
        await withTransaction(t.pool, async (tx) => {
          for (const chatId of part) {
            const id = newEventId();
            const reminderId = `bench-${chatId}`;
            await t.store.append(
              chatStream(chatId),
              [
                {
                  id,
                  type: 'ReminderScheduled',
                  data: {
                    chatId,
                    reminderId,
                    text: `${TASKS[chatId % TASKS.length]} #${chatId}`,
                    due: new Date(due).toISOString(),
                    rrule: null,
                    timezone: 'Europe/Moscow',
                  },
                },
              ],
              { client: tx, idempotencyKey: `bench-seed:${chatId}`, metadata: { correlationId: `bench-seed:${chatId}` } },
            );
            await tx.query(
              `insert into ${outbox} (kind, chat_id, event_id, seq, text, state, attempts, sent_at) values ('reply', $1, $2, 0, 'confirmed before the benchmark', 'sent', 1, now())`,
              [chatId, id],
            );
          }
        });
        t.store.notifyAppended();
      }
    }),
  );
  const seeded = Date.now();
  await ctx.guard(botStarted);
  const botUp = Date.now();
  const projected = async () =>
    Number(
      (
        await t.pool
          .query<{ n: string }>(`select count(*) as n from ${q(t)}.reminders where id like 'bench-%' and status = 'pending'`)
          .catch(() => ({ rows: [{ n: '0' }] }))
      ).rows[0]!.n,
    );
  while ((await projected()) < d.reminders && Date.now() < due + 30_000) await ctx.guard(sleep(100));
  const ready = Date.now();
  progress(
    `delivery: seeded in ${fmt((seeded - setupStart) / 1000, 1)} s, bot up after ${fmt((botUp - setupStart) / 1000, 1)} s, projected ${fmt((ready - setupStart) / 1000, 1)} s after the start; due in ${fmt((due - ready) / 1000, 1)} s`,
  );
  if (ready > due) warnings.push(`the setup ended ${ready - due} ms after the due: the figure includes that`);

  const cpu0 = cpuSnapshot(ctx.pids());
  const bar = progressBar('delivered');
  const delivered = async () =>
    Number(
      (await t.pool.query<{ n: string }>(`select count(*) as n from ${q(t)}.events where type = 'ReminderDelivered' and data->>'reminderId' like 'bench-%'`))
        .rows[0]!.n,
    );
  const ceilingSec = d.reminders / d.globalRate;
  const deadline = due + ceilingSec * 1500 + 30_000;
  let n = 0;
  let last = -1;
  let lastChange = Date.now();
  while (n < d.reminders && Date.now() < deadline && !aborted) {
    await ctx.guard(sleep(1000));
    n = await delivered();
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    }
    const secs = (Date.now() - due) / 1000;
    bar(n, d.reminders, secs > 0 ? `${fmt(n / secs, 1)}/s since the due` : `due in ${fmt(-secs, 1)} s`);
    if (Date.now() > due && Date.now() - lastChange > d.stallMs) break;
  }
  const cpuRun = cpuDelta(cpu0, cpuSnapshot(ctx.pids()));
  await sleep(1500); // a late duplicate would show now

  const actions = await tg.actions({ methods: ['sendMessage'] });
  const mine = actions.filter((a) => a.chat_id! >= 5_000_000 && a.chat_id! < 5_000_000 + d.reminders);
  const reminderMessages = mine.filter((a) => a.message?.text?.startsWith('🔔'));
  const once = exactlyOnce(
    chats,
    reminderMessages.map((a) => a.chat_id!),
  );
  const violations = await tg.violations();
  const stats = await tg.stats();
  const chatRate = perKeyRate(
    mine.map((a) => ({ key: a.chat_id!, at: a.at })),
    1000,
  );
  const globalMax = maxInWindow(
    mine.map((a) => a.at),
    1000,
  );
  const times = reminderMessages.map((a) => a.at).sort((a, b) => a - b);
  const firstAt = times[0] ?? NaN;
  const lastAt = times.at(-1) ?? NaN;
  const durationSec = (lastAt - due) / 1000;
  const dues = (
    await t.pool.query<{ n: string; distinct: string; p50: number; p99: number; max: number; last: Date | null }>(
      `select count(*) as n, count(distinct data->>'reminderId') as distinct,
              percentile_disc(0.5) within group (order by extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000) as p50,
              percentile_disc(0.99) within group (order by extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000) as p99,
              max(extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000) as max,
              max(recorded_at) as last
       from ${q(t)}.events where type = 'ReminderDue' and data->>'reminderId' like 'bench-%'`,
    )
  ).rows[0]!;
  const deliveredEv = (
    await t.pool.query<{ n: string; distinct: string; p50: number; max: number }>(
      `select count(*) as n, count(distinct data->>'reminderId') as distinct,
              percentile_disc(0.5) within group (order by (data->>'latenessMs')::numeric) as p50, max((data->>'latenessMs')::numeric) as max
       from ${q(t)}.events where type = 'ReminderDelivered' and data->>'reminderId' like 'bench-%'`,
    )
  ).rows[0]!;
  const rows = (
    await t.pool.query<{ n: string; sent: string; retried: string; last_created: Date | null }>(
      `select count(*) as n, count(*) filter (where state = 'sent') as sent, count(*) filter (where attempts > 1) as retried, max(created_at) as last_created
       from ${outbox} where kind = 'reminder' and reminder_id like 'bench-%'`,
    )
  ).rows[0]!;
  const upstreamSec = rows.last_created ? (rows.last_created.getTime() - due) / 1000 : NaN;
  const dueLastSec = dues.last ? (dues.last.getTime() - due) / 1000 : NaN;
  const deliveredN = Number(deliveredEv.n);
  const deliveredDistinct = Number(deliveredEv.distinct);
  progress(
    `delivery: last delivered ${fmt(durationSec, 1)} s after the due (first ${fmt((firstAt - due) / 1000, 2)} s); ${once.once} chats once, ${once.missing} missing, ${once.duplicated} twice; ` +
      `${violations.length} violations; ${deliveredN} ReminderDelivered (${deliveredDistinct} distinct)`,
  );
  const passTime = durationSec <= ceilingSec * TARGETS.deliverySlack;
  const passExact = once.once === d.reminders && once.missing === 0 && once.duplicated === 0 && deliveredN === d.reminders && deliveredDistinct === d.reminders;
  const passLimits = violations.length === 0 && chatRate.maxInWindow <= 1;
  // The pacer lets its first `globalRate` go at once, then one window per `globalRate` more.
  const pacedSec = (Math.max(0, d.reminders - d.globalRate) / d.globalRate) * ((SENDER_PACING.globalWindowMs ?? 1000) / 1000);
  return {
    rows: [
      {
        measure: `Delivery burst: ${fmt(d.reminders)} reminders due at the same instant in ${fmt(d.reminders)} chats → the last delivered (emulator enforcing ${d.globalRate}/s and 1/s per chat; bot TELEGRAM_GLOBAL_RATE=${d.globalRate})`,
        result: `${fmt(durationSec, 1)} s (first after ${fmt((firstAt - due) / 1000, 2)} s)`,
        target: `≤ ${fmt(ceilingSec * TARGETS.deliverySlack, 1)} s`,
        ceiling: `${fmt(ceilingSec, 1)} s at ${d.globalRate}/s; all in the outbox ${fmt(upstreamSec, 1)} s after the due (ReminderDue all fired ${fmt(dueLastSec, 1)} s after)`,
        pass: passTime,
      },
      {
        measure: 'Delivery: chats with exactly one reminder message · missing · twice; ReminderDelivered events · distinct',
        result: `${fmt(once.once)} · ${once.missing} · ${once.duplicated}; ${fmt(deliveredN)} · ${fmt(deliveredDistinct)}`,
        target: `${fmt(d.reminders)} · 0 · 0; ${fmt(d.reminders)} · ${fmt(d.reminders)}`,
        ceiling: '',
        pass: passExact,
      },
      {
        measure: 'Delivery: flood-limit violations recorded by the emulator · most messages to one chat in 1 s · most overall in 1 s',
        result: `${violations.length} · ${chatRate.maxInWindow} · ${globalMax}`,
        target: `0 · ≤ 1 · ≤ ${d.globalRate}`,
        ceiling: '',
        pass: passLimits && globalMax <= d.globalRate,
      },
    ],
    notes: [
      `Delivery: the reminders are ReminderScheduled events (what the decider writes) appended ${fmt((due - setupStart) / 1000, 1)} s before the due, with their confirmations recorded as sent back then (an outbox row each), ` +
        `projected into the read model by the real projection (projector-pg) and fired by the real scheduler; from ReminderDue on it is the production path (relay → RabbitMQ → bot-notifier → bot_outbox → sender → emulator). ` +
        `The sender paces with a margin (${SENDER_PACING.globalWindowMs} ms windows, ${SENDER_PACING.chatIntervalMs} ms per chat) so network jitter cannot push arrivals over Telegram's limits: its own floor is ≈ ${fmt(pacedSec, 1)} s for ${fmt(d.reminders)}. ` +
        `ReminderDue lateness (firedAt − due) p50 ${fmt(Number(dues.p50))} · p99 ${fmt(Number(dues.p99))} · max ${fmt(Number(dues.max))} ms; ReminderDelivered.latenessMs p50 ${fmt(Number(deliveredEv.p50))} · max ${fmt(Number(deliveredEv.max))} ms; ` +
        `outbox rows ${rows.n} (${rows.sent} sent, ${rows.retried} sent more than once); emulator 429s to sendMessage: ${stats.errors.sendMessage ?? 0}. CPU in % of one core from the due to the last delivery: ${cpuText(cpuRun)}.`,
    ],
    json: {
      reminders: d.reminders,
      globalRate: d.globalRate,
      due: new Date(due).toISOString(),
      leadMs: due - setupStart,
      readyBeforeDueMs: due - ready,
      durationSec: round(durationSec, 2),
      firstDeliveredSec: round((firstAt - due) / 1000, 3),
      ceilingSec,
      targetSec: round(ceilingSec * TARGETS.deliverySlack, 1),
      senderFloorSec: round(pacedSec, 1),
      upstreamDoneSec: round(upstreamSec, 2),
      reminderDueDoneSec: round(dueLastSec, 2),
      reminderDue: { n: Number(dues.n), distinct: Number(dues.distinct), latenessMs: { p50: Number(dues.p50), p99: Number(dues.p99), max: Number(dues.max) } },
      reminderDelivered: { n: deliveredN, distinct: deliveredDistinct, latenessMs: { p50: Number(deliveredEv.p50), max: Number(deliveredEv.max) } },
      chats: once,
      violations: violations.length,
      violationsSeen: violations.slice(0, 5).map((v) => ({ kind: v.kind, method: v.method, chatId: v.chatId, inWindow: v.inWindow, limit: v.limit })),
      emulator429s: stats.errors.sendMessage ?? 0,
      maxPerChatIn1s: chatRate.maxInWindow,
      maxOverallIn1s: globalMax,
      outbox: { rows: Number(rows.n), sent: Number(rows.sent), retried: Number(rows.retried) },
      cpu: cpuRun,
      pass: passTime && passExact && passLimits,
    },
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function measure(t: TestContext, s: Settings, args: Args, svc: Services) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const machine = machineInfo();
  const config = loadConfig({});
  progress(`machine: ${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`);
  progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
  const n = names(t.prefix);
  for (const consumer of ['inference', 'reminders', 'projector-pg', 'bot-notifier']) {
    trackQueues(
      t.prefix,
      n.queue(consumer),
      n.parked(consumer),
      ...retryDelays(config.CONSUMER_MAX_ATTEMPTS, config.CONSUMER_RETRY_BASE_MS).map((x) => n.retry(consumer, x)),
    );
  }
  await migrate(t.pool, t.schema, BOT_MIGRATIONS);

  const childEnv: Record<string, string> = {
    ...t.env,
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    OTEL_ENABLED: 'false',
    LLM_ENABLED: 'false',
    INFERENCE_PORT: '0',
  };
  let diedReject: (err: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => (diedReject = reject));
  died.catch(() => undefined);
  const watch = (c: Service, name: string) => {
    c.proc.once('exit', (code, sig) => {
      if (!c.stopping) diedReject(new Error(`${name} exited (code ${code}, signal ${sig}); last output:\n${c.lines.slice(-10).join('\n')}`));
    });
  };
  const guard = <T>(p: Promise<T>) => Promise.race([p, died]);
  const start = async (name: keyof Services, entry: string, env: Record<string, string>, ready: RegExp, argv: string[] = []) => {
    const profile = args.profile && name !== 'emulator' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(args.profile, name)}`] : [];
    const c: Service = runTs(entry, { ...childEnv, SERVICE_NAME: `bench-${name}`, ...env }, argv, profile);
    svc[name] = c;
    watch(c, name);
    await guard(c.waitFor(ready, 90_000));
    return c;
  };
  let botRate = 0;
  const startBot = async (globalRate: number) => {
    botRate = globalRate;
    const c = await start('bot', 'bot/src/main.ts', { TELEGRAM_GLOBAL_RATE: String(globalRate) }, /"msg":"bot started"/);
    progress(`bot (pid ${c.proc.pid}) started, TELEGRAM_GLOBAL_RATE=${globalRate}`);
    return c;
  };
  const started = performance.now();
  progress('starting the Bot API emulator, relay, inference, projector (postgres, scheduler)');
  // The emulator is a process of its own, as Telegram is not in the bot's or the bench's loop.
  const emuLine = await start('emulator', 'bot/src/emulator/main.ts', {}, /Bot API emulator on http:\/\/\S+/, ['--port', '0']);
  const emu = { url: /on (http:\/\/\S+)/.exec(emuLine.lines.find((l) => /Bot API emulator on/.test(l))!)![1]! };
  childEnv.TELEGRAM_API_ROOT = emu.url;
  const tg = new EmulatorControl(emu.url);
  progress(`emulator (pid ${emuLine.proc.pid}) on ${emu.url}`);
  await Promise.all([
    start('relay', 'core/src/bin/relay.ts', {}, /relay is the leader/),
    start('inference', 'inference/src/main.ts', {}, /"msg":"inference started"/),
    start('projector', 'projector/src/main.ts', { PROJECTOR_COMPONENTS: 'postgres,scheduler' }, /"msg":"projector started"/),
  ]);
  if (args.only?.length === 1 && args.only[0] === 'conversation') {
    await tg.setRateLimits({ globalPerSecond: s.conversation.globalRate });
    await startBot(s.conversation.globalRate);
  }
  const startSeconds = round((performance.now() - started) / 1000, 1);
  progress(`services up after ${startSeconds} s`);
  const ctx: Ctx = {
    t,
    s,
    emu,
    tg,
    svc,
    childEnv,
    guard,
    startBot,
    botRate: () => botRate,
    pids: () => {
      const p: Record<number, string> = { [process.pid]: 'bench' };
      for (const [k, c] of Object.entries(svc)) if (c?.proc.pid) p[c.proc.pid] = k;
      return p;
    },
  };
  const results: Partial<Record<SectionName, SectionResult>> = {};
  for (const name of SECTION_NAMES) {
    if (args.only && !args.only.includes(name)) continue;
    progress(`section ${name}`);
    results[name] = await (name === 'conversation' ? conversation(ctx) : delivery(ctx));
  }
  const logs = Object.values(svc)
    .flatMap((c) => c?.lines ?? [])
    .filter((l) => /"level":(50|60)/.test(l));
  return { date, machine, startSeconds, results, errorLogs: logs.length, firstErrorLog: logs[0]?.slice(0, 300) ?? null };
}

function stopChildMarked(c: Service | null, name: string) {
  if (c) c.stopping = true;
  return stopChild(c, name, progress);
}

type Result = Awaited<ReturnType<typeof measure>> & { settings: Settings; seconds: number; pass: boolean; warnings: string[] };

function markdown(r: Result): string {
  const m = r.machine;
  const sections = Object.values(r.results);
  return [
    `## ${r.date} — bench:bot, ${r.settings.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')} (${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(' / ')} at the end); shared with other work, figures may be noisy`,
    `- Services: relay, inference (parse worker), projector (postgres + scheduler) and bot (ingress; the conversation: reminders decider and replies in one consumer; notifier; sender), each a child process (node --import tsx), same-machine PostgreSQL and RabbitMQ; the Bot API emulator a process of its own; started in ${r.startSeconds} s; run took ${r.seconds} s`,
    ...sections.flatMap((x) => x!.notes.map((n) => `- ${n}`)),
    '',
    '| Measure | Result | Target | Ceiling / baseline (same run) | |',
    '|---|---:|---:|---:|---|',
    ...sections.flatMap((x) => x!.rows.map((y) => `| ${y.measure} | ${y.result} | ${y.target} | ${y.ceiling} | ${y.pass === undefined ? '' : pf(y.pass)} |`)),
    '',
    `Overall: ${r.pass ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
  ].join('\n');
}

async function deleteLeftoverQueues(prefix: string): Promise<string[]> {
  // The management API (enabled by scripts/services.sh) lists what the services declared.
  const u = new URL(TEST_AMQP_URL);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(u.username || 'guest')}:${decodeURIComponent(u.password || 'guest')}`).toString('base64')}`;
  const base = `http://${u.hostname}:15672/api`;
  try {
    const res = await fetch(`${base}/queues?columns=name,vhost`, { headers: { authorization: auth }, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return [];
    const queues = ((await res.json()) as Array<{ name: string; vhost: string }>).filter((x) => x.name.startsWith(prefix));
    for (const x of queues)
      await fetch(`${base}/queues/${encodeURIComponent(x.vhost)}/${encodeURIComponent(x.name)}`, { method: 'DELETE', headers: { authorization: auth } }).catch(
        () => undefined,
      );
    return queues.map((x) => x.name);
  } catch {
    return [];
  }
}

async function main(): Promise<number> {
  let args: Args;
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
  const s = settingsFor(args);
  const began = performance.now();
  const fail = (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ benchmark: 'bot', ok: false, error: (err as Error).message ?? String(err) })}\n`);
    return 1;
  };
  let t: TestContext;
  try {
    t = await createTestContext({ poolMax: 12 });
  } catch (err) {
    progress(`cannot run: ${(err as Error).message}`);
    return fail(err);
  }
  const svc: Services = { emulator: null, relay: null, inference: null, projector: null, bot: null };
  process.on('exit', () => {
    for (const c of Object.values(svc)) if (c && c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  });
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      aborted = true;
      for (const k of ['bot', 'projector', 'inference', 'relay', 'emulator'] as const) await stopChildMarked(svc[k], k).catch(() => undefined);
      await dropSchemaRetrying(t.pool, t.schema, progress);
      await t.cleanup().catch((err: Error) => void progress(`cleanup failed: ${err.message}`));
      const left = await deleteLeftoverQueues(t.prefix);
      if (left.length) progress(`deleted ${left.length} more queues of ${t.prefix}: ${left.join(', ')}`);
    })());
  const interrupted = exitOnInterrupt({ what: `${t.schema} and ${t.prefix}*`, abort: () => (aborted = true), cleanup, fail, progress });

  let measured: Awaited<ReturnType<typeof measure>>;
  try {
    measured = await measure(t, s, args, svc);
  } catch (err) {
    if (interrupted()) return new Promise<number>(() => undefined);
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    const lines = Object.values(svc)
      .flatMap((c) => c?.lines ?? [])
      .filter((l) => /"level":(40|50|60)/.test(l));
    if (lines.length) progress(`service warnings/errors:\n${lines.slice(-15).join('\n')}`);
    await cleanup();
    return fail(err);
  }
  await cleanup();
  const seconds = round((performance.now() - began) / 1000, 1);
  progress(`done in ${seconds} s; removed ${t.schema} and ${t.prefix}*`);
  const sections = Object.values(measured.results);
  const warnings = sections.flatMap((x) => x!.warnings);
  if (measured.errorLogs) warnings.push(`${measured.errorLogs} error log lines from the services (first: ${measured.firstErrorLog})`);
  const pass = sections.every((x) => x!.rows.every((y) => y.pass !== false));
  const result: Result = { ...measured, settings: s, seconds, pass, warnings };
  const md = markdown(result);
  const doc = args.docs ? appendBenchmarkSection(md) : null;
  process.stdout.write(`${md}\n\n`);
  if (doc) process.stdout.write(`(appended to ${doc})\n\n`);
  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'bot',
      ok: true,
      date: result.date,
      mode: s.mode,
      machine: result.machine,
      settings: s,
      targets: TARGETS,
      startSeconds: result.startSeconds,
      seconds,
      sections: Object.fromEntries(Object.entries(measured.results).map(([k, v]) => [k, v!.json])),
      pass,
      warnings,
      docs: doc,
    })}\n`,
  );
  return args.strict && !pass ? 1 : 0;
}

process.exitCode = await main();
// Sockets of closed clients may linger a moment: the result is out, do not wait for them.
setTimeout(() => process.exit(), 500).unref();
