/**
 * History independence of the conversation's chat reads (issue 14), in one run on the real
 * Postgres: a message's work in the services that fold the chat — the inference worker's read of
 * the chat's settings, the conversation (read, decide, append, the replies' outbox rows) — timed
 * and its Postgres round trips counted, for fresh chats and for chats that already hold 3,000
 * events each. The first message of a long chat has no snapshot yet: it folds the whole stream,
 * which is what every message cost before snapshots (the baseline, measured in the same run).
 *
 *   pnpm bench:chat-history [--quick] [--no-docs] [--help]
 */
import { chatStateKind, chatStream, handlerContext, readState, type BatchHandler, type HandlerContext, type NewEvent } from '../core/src/index';
import { appendBenchmarkSection, machineInfo } from '../core/src/bench/report';
import { createLogger } from '../core/src/observability/logger';
import { seededRandom } from '../core/src/random/seeded-random';
import { historyEvents, randomChatHistory } from '../core/src/store/snapshots/random-chat-history';
import { migrate } from '../core/src/store/migrations';
import { createTestContext, type TestContext } from '../core/src/testing/context';
import { BOT_MIGRATIONS } from '../bot/src/notifier/outbox';
import { conversationHandler } from '../bot/src/replies/conversation-handler';
import { busyHistory, createParsed, dailyHistory, HISTORY_ZONE as ZONE } from './bench/common/chat-histories';
import { percentile, round } from './bench/common/stats';

const USAGE = `Usage: pnpm bench:chat-history [--quick] [--no-docs] [--help]

Per message, the chat reads of the conversation (inference settings read; decider and replies):
time and Postgres round trips for fresh chats and for chats holding 3,000 events each, and the
first message of a long chat (no snapshot yet: the whole-stream fold every message paid before).
Long chats: one daily reminder for years; hundreds of reminders made and done; every kind of
event at random (ending with ~280 live reminders, reported, not judged).
Target: long ÷ fresh ≤ 1.2 (time per message, median). --quick: fewer chats and 1,000 events.`;

const TARGET = 1.2;
const progress = (m: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** Counts the statements a transaction sends. */
type Client = HandlerContext['tx'];

function counted(tx: Client): { tx: Client; count: () => number } {
  let n = 0;
  const wrapped = new Proxy(tx, {
    get: (t, k, r) => (k === 'query' ? (...a: unknown[]) => (n++, (t.query as (...x: unknown[]) => unknown).apply(t, a)) : Reflect.get(t, k, r)),
  });
  return { tx: wrapped, count: () => n };
}

/** One handler call in a consumer-like transaction: its time and round trips (begin/commit included). */
async function inTx(t: TestContext, run: (ctx: HandlerContext) => Promise<unknown>): Promise<{ ms: number; trips: number }> {
  const client = await t.pool.connect();
  const c = counted(client);
  const log = createLogger({ service: 'bench', level: 'warn' });
  const t0 = performance.now();
  try {
    await c.tx.query('begin');
    await run(handlerContext(t.store, c.tx, log));
    await c.tx.query('commit');
    return { ms: performance.now() - t0, trips: c.count() };
  } finally {
    client.release();
  }
}

interface Cost {
  ms: number;
  trips: number;
  /** Time of each part: the worker's read, the conversation (decision and its replies). */
  parts: [number, number];
}

async function oneMessage(t: TestContext, chatId: number, i: number, conversation: BatchHandler): Promise<Cost> {
  const stream = chatStream(chatId);
  const kind = chatStateKind(ZONE);
  const got = await t.store.append(stream, [
    {
      type: 'MessageReceived',
      data: { chatId, updateId: 9_000_000 + i, messageId: 9_000_000 + i, text: `напомни через час ${i}`, sentAt: new Date().toISOString() },
    },
  ]);
  const worker = await inTx(t, (ctx) => readState(ctx.store, kind, stream, { to: got.firstStreamPosition - 1, client: ctx.tx }));
  const [received] = await t.store.readStream(stream, { from: got.firstStreamPosition, limit: 1 });
  const due = new Date(Date.now() + 3_600_000).toISOString();
  const parsed = await t.store.append(stream, [{ type: 'MessageParsed', data: createParsed(chatId, due, `дело ${i}`) }], {
    metadata: { causationId: received!.id },
  });
  const [parseEvent] = await t.store.readStream(stream, { from: parsed.firstStreamPosition, limit: 1 });
  const decide = await inTx(t, (ctx) => conversation([parseEvent!], ctx));
  const [scheduled] = await t.store.readStream(stream, { from: parsed.firstStreamPosition + 1, limit: 1 });
  if (scheduled?.type !== 'ReminderScheduled') throw new Error(`chat ${chatId}: the decider scheduled nothing for message ${i}`);
  return { ms: worker.ms + decide.ms, trips: worker.trips + decide.trips, parts: [worker.ms, decide.ms] };
}

/**
 * A long chat's history. `random`: every kind of event at random (reminders made ~15 % of the
 * time: hundreds of them, the state grows with them). `daily`: one daily reminder delivered and
 * moved to the next day, a /list now and then — the user the issue names.
 */
function historyOf(shape: Shape, chatId: number, events: number): NewEvent[] {
  if (shape === 'random') return historyEvents(randomChatHistory(seededRandom(chatId), chatId, events));
  return shape === 'busy' ? busyHistory(chatId, events) : dailyHistory(chatId, events);
}

type Shape = 'daily' | 'busy' | 'random';
const SHAPES: readonly Shape[] = ['daily', 'busy', 'random'];
/** The shapes the target is about: history. `random` ends with ~280 live reminders — a big state, not a long history. */
const JUDGED: readonly Shape[] = ['daily', 'busy'];

async function seedHistory(t: TestContext, shape: Shape, chatId: number, events: number): Promise<void> {
  const all = historyOf(shape, chatId, events);
  const stream = chatStream(chatId);
  for (let i = 0; i < all.length; i += 100) await t.store.append(stream, all.slice(i, i + 100));
  // The random history may leave a question open or the chat paused: a new request is then not a create.
  await t.store.append(stream, [
    { type: 'ClarificationRequested', data: { chatId, question: '?', options: [], kind: 'no-match', candidates: [] } },
    { type: 'ChatSettingsChanged', data: { chatId, active: true } },
  ]);
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => !['--quick', '--no-docs'].includes(a));
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]}\n\n${USAGE}`);
  const quick = argv.includes('--quick');
  const [chats, history, perChat] = quick ? [6, 1_000, 10] : [20, 3_000, 20];
  const machine = machineInfo();
  const t = await createTestContext();
  try {
    await migrate(t.pool, t.schema, BOT_MIGRATIONS);
    const conversation = conversationHandler({ schema: t.schema, defaultTimezone: ZONE });
    const chatOf = (k: number, c: number) => 1_000 * (k + 1) + c;
    for (const [k, shape] of SHAPES.entries()) for (let c = 0; c < chats; c++) await seedHistory(t, shape, chatOf(k, c), history);
    progress(`${chats} chats of ${history.toLocaleString('en-US')} events of each shape`);
    const fresh: Cost[] = [];
    const long: Record<Shape, Cost[]> = { daily: [], busy: [], random: [] };
    const first: Record<Shape, Cost[]> = { daily: [], busy: [], random: [] };
    for (let i = 0; i < perChat; i++) {
      for (let c = 0; c < chats; c++) {
        fresh.push(await oneMessage(t, 100_000 + c, i * chats + c, conversation));
        for (const [k, shape] of SHAPES.entries()) (i === 0 ? first : long)[shape].push(await oneMessage(t, chatOf(k, c), i * chats + c, conversation));
      }
      progress(`message ${i + 1}/${perChat} of every chat`);
    }
    const sum = (xs: Cost[]) => ({
      msMedian: round(median(xs.map((x) => x.ms)), 2),
      msP95: round(
        percentile(
          xs.map((x) => x.ms).sort((a, b) => a - b),
          95,
        ),
        2,
      ),
      trips: round(median(xs.map((x) => x.trips)), 1),
      parts: [0, 1].map((k) => round(median(xs.map((x) => x.parts[k]!)), 2)),
    });
    const n = history.toLocaleString('en-US');
    const rows = [
      { name: 'fresh', x: sum(fresh) },
      ...SHAPES.flatMap((shape) => [
        { name: `${shape}, ${n} events, snapshot`, x: sum(long[shape]) },
        { name: `${shape}, ${n} events, first message (no snapshot: the whole fold, as before)`, x: sum(first[shape]) },
      ]),
    ];
    const ratios = Object.fromEntries(SHAPES.map((shape) => [shape, round(sum(long[shape]).msMedian / sum(fresh).msMedian, 2)])) as Record<Shape, number>;
    const baseline = (shape: Shape) => round(sum(first[shape]).msMedian / sum(long[shape]).msMedian, 1);
    const pass = JUDGED.every((shape) => ratios[shape] <= TARGET);
    const md = [
      `## bench:chat-history (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`,
      '',
      `Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; commit ${machine.commit}. ${chats} chats of each kind × ${perChat} messages; long chats hold ${n} events: "daily" one daily reminder delivered for years, "busy" ${Math.floor(history / 6)} reminders asked for, delivered and done, "random" every kind of event at random (it ends with ~280 live reminders: a big state, not only a long history).`,
      `Per message: the inference worker's settings read, and the conversation's decision with its replies (each in its own transaction, as in the services). Target long ÷ fresh ≤ ${TARGET} (median time) for daily and busy.`,
      '',
      '| chats | time median ms | time p95 ms | worker / conversation ms (medians) | round trips (median) |',
      '|---|---|---|---|---|',
      ...rows.map(({ name, x }) => `| ${name} | ${x.msMedian} | ${x.msP95} | ${x.parts.join(' / ')} | ${x.trips} |`),
      '',
      `long ÷ fresh: ${SHAPES.map((shape) => `${shape} ${ratios[shape]}`).join(', ')} (${pass ? 'pass' : 'FAIL'}); the whole fold ÷ snapshot: ${SHAPES.map((shape) => `${shape} ${baseline(shape)}`).join(', ')}.`,
    ].join('\n');
    console.log(md);
    if (!argv.includes('--no-docs')) progress(`appended to ${appendBenchmarkSection(md)}`);
    console.log(
      JSON.stringify({
        bench: 'chat-history',
        mode: quick ? 'quick' : 'full',
        pass,
        ratios,
        target: TARGET,
        rows: rows.map(({ name, x }) => ({ name, ...x })),
        machine,
      }),
    );
    return pass ? 0 : 1;
  } finally {
    await t.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
