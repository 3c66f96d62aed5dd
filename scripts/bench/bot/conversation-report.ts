import { cpuText } from '../../../core/src/bench/cpu';
import { summarise, type Summary } from '../common/stats';
import { SYSTEM, TARGETS, type Settings } from './args';
import type { Baseline, SweepPoint } from './conversation';
import type { Load } from './measured-load';
import { HOPS, hopBreakdown, maxInWindow, perKeyRate } from './lib';
import { fmt, ms, type Row, type SectionResult } from './section';
import { statementsText } from './statements';
import { answered, takenToSent } from './traces';

/** The conversation section's figures, report rows, notes and JSON. Pure. */
type Conv = Settings['conversation'];

/** What the load's traces and the emulator's actions say: latency, losses, per-chat counts, rates, hops. */
export function loadFigures(m: Load) {
  const complete = answered(m.lt.traces);
  const sentPerChat = new Map<number, number>();
  for (const a of m.actions) sentPerChat.set(a.chat_id!, (sentPerChat.get(a.chat_id!) ?? 0) + 1);
  const askedPerChat = new Map<number, number>();
  for (const x of m.injected.injected) askedPerChat.set(x.chatId, (askedPerChat.get(x.chatId) ?? 0) + 1);
  let chatsShort = 0;
  let chatsOver = 0;
  for (const [chat, n] of askedPerChat) {
    const got = sentPerChat.get(chat) ?? 0;
    if (got < n) chatsShort++;
    if (got > n) chatsOver++;
  }
  return {
    latency: summarise(takenToSent(m.lt.traces)),
    lost: m.lt.traces.length - complete.length,
    chatsShort,
    chatsOver,
    chatRate: perKeyRate(
      m.actions.map((a) => ({ key: a.chat_id!, at: a.at })),
      1000,
    ),
    globalMax: maxInWindow(
      m.actions.map((a) => a.at),
      1000,
    ),
    hops: hopBreakdown(complete),
    injectToTaken: summarise(m.lt.traces.filter((x) => x.taken !== null).map((x) => x.taken! - x.injected)),
  };
}

interface Figures {
  roundTrip: Summary;
  base: Baseline;
  swept: SweepPoint[];
  sustained: number | null;
  measured: Load;
  f: ReturnType<typeof loadFigures>;
}

function rows(c: Conv, r: Figures): Row[] {
  const { f, measured: m, base } = r;
  return [
    {
      measure: `Conversation: update taken → confirmation sent, ${fmt(m.total)} messages at ${c.rate}/s for ${c.seconds} s from ${fmt(c.chats)} chats (bot at TELEGRAM_GLOBAL_RATE=${c.globalRate}, paid broadcasts; emulator global limit ${c.globalRate}/s, 1/s per chat)`,
      result: ms(f.latency),
      target: `p99 ≤ ${TARGETS.conversationP99Ms} ms`,
      ceiling: `same pipeline at 1 msg/s: ${ms(base.latency)}; emulator sendMessage round trip p50 ${fmt(r.roundTrip.p50, 1)} · p99 ${fmt(r.roundTrip.p99, 1)} ms`,
      pass: f.latency.p99 <= TARGETS.conversationP99Ms,
    },
    {
      measure: 'Conversation: messages without an answer · chats answered more often than they wrote · flood-limit violations',
      result: `${f.lost} · ${f.chatsOver} · ${m.violations.length}`,
      target: '0 · 0 · 0',
      ceiling: '',
      pass: f.lost === 0 && f.chatsOver === 0 && m.violations.length === 0,
    },
    {
      measure: `Cost per message at ${c.rate}/s: Postgres statements (round trips) in all services, from their napominalka_pg_statements_total counters, by hop`,
      result: statementsText(m.statements),
      target: `≤ ${TARGETS.statementsPerMessage}`,
      ceiling: `at 1 msg/s: ${statementsText(base.statements)}`,
      pass: m.statements.total <= TARGETS.statementsPerMessage,
    },
    {
      measure: `Cost per message at ${c.rate}/s: CPU of the system's processes (${SYSTEM.join(', ')}) from the first message in to the last answer out, ÷ messages`,
      result: `${fmt(m.cpuPerMessage, 1)} ms`,
      target: `≤ ${TARGETS.cpuMsPerMessage} ms`,
      ceiling: '',
      pass: m.cpuPerMessage <= TARGETS.cpuMsPerMessage,
    },
    ...r.swept.map((x) => ({
      measure: `Capacity: ${fmt(x.rate * c.sweepSeconds)} messages at ${x.rate}/s (machine CPU busy ${x.cpuBusy} % of one core, ${x.cpuMsPerMessage} ms CPU per message in all processes)`,
      result: `${ms(x.latencyMs)}; lost ${x.lost}`,
      target: `p99 ≤ ${TARGETS.conversationP99Ms} ms`,
      ceiling: '',
      pass: x.latencyMs.p99 <= TARGETS.conversationP99Ms && x.lost === 0,
    })),
    ...HOPS.map((h) => ({
      measure: `Hop ${h.name}: ${h.what}`,
      result: ms(f.hops[h.name]),
      target: '',
      ceiling: `at 1 msg/s: p50 ${fmt(base.hops[h.name].p50)} · max ${fmt(base.hops[h.name].max)} ms`,
      pass: undefined,
    })),
  ];
}

function note(c: Conv, r: Figures): string {
  const { f, measured: m } = r;
  const slowest = HOPS.map((h) => ({ h, v: f.hops[h.name].p99 })).sort((a, b) => b.v - a.v)[0]!;
  return (
    `Conversation: Telegram's global limit of 30 messages/s makes 200 confirmations/s impossible for any bot; bots with paid broadcasts may send up to 1,000/s, so this section runs the bot with TELEGRAM_GLOBAL_RATE=${c.globalRate} and the emulator's global limit at ${c.globalRate}/s (1/s per chat enforced as always). ` +
    `Load: ${fmt(m.total)} varied ru/en "remind me …" texts injected through the emulator's control API at ${m.injected.achievedRate}/s, round robin over ${fmt(c.chats)} chats (one message per chat every ${fmt(c.chats / c.rate, 1)} s); ` +
    `answers: ${m.lt.confirmations} confirmations, ${m.lt.questions} questions; ${m.lt.retried} sent more than once; max per chat in 1 s ${f.chatRate.maxInWindow} (smallest gap ${f.chatRate.minGapMs ?? '–'} ms); max overall in 1 s ${f.globalMax}. ` +
    `"Taken" is when the emulator first handed the update out in a getUpdates answer (GET /_emulator/handed-out); "sent" is the emulator's time of the sendMessage. Inject → taken ${ms(f.injectToTaken)}. Slowest hop at p99: ${slowest.h.name}. ` +
    `CPU in % of one core during the load: ${cpuText(m.cpu)}.` +
    (r.swept.length ? ` Highest swept rate within the target on this machine: ${r.sustained === null ? 'none' : `${r.sustained}/s`}.` : '')
  );
}

function json(c: Conv, r: Figures, pass: boolean): Record<string, unknown> {
  const { f, measured: m, base } = r;
  return {
    globalRate: c.globalRate,
    rate: c.rate,
    seconds: c.seconds,
    chats: c.chats,
    messages: m.total,
    achievedRate: m.injected.achievedRate,
    maxInjectsInFlight: m.injected.maxInFlight,
    latencyMs: f.latency,
    lost: f.lost,
    chatsShort: f.chatsShort,
    chatsOver: f.chatsOver,
    violations: m.violations.length,
    confirmations: m.lt.confirmations,
    questions: m.lt.questions,
    retried: m.lt.retried,
    maxPerChatIn1s: f.chatRate.maxInWindow,
    minGapPerChatMs: f.chatRate.minGapMs,
    maxOverallIn1s: f.globalMax,
    hopsMs: f.hops,
    injectToTakenMs: f.injectToTaken,
    baseline: { messages: c.baseline, latencyMs: base.latency, hopsMs: base.hops, statementsPerMessage: base.statements },
    statementsPerMessage: m.statements,
    cpuMsPerMessage: m.cpuPerMessage,
    emulatorRoundTripMs: r.roundTrip,
    cpu: m.cpu,
    sweep: r.swept,
    sustainedRate: r.sustained,
    pass,
  };
}

export function conversationResult(c: Conv, r: Figures): SectionResult {
  const { f, measured: m } = r;
  const pass =
    f.latency.p99 <= TARGETS.conversationP99Ms &&
    f.lost === 0 &&
    f.chatsOver === 0 &&
    m.violations.length === 0 &&
    m.statements.total <= TARGETS.statementsPerMessage &&
    m.cpuPerMessage <= TARGETS.cpuMsPerMessage;
  const warnings: string[] = [];
  if (m.injected.achievedRate < c.rate * 0.95) warnings.push(`injections reached only ${m.injected.achievedRate}/s of ${c.rate}/s`);
  if (m.answers < m.total)
    warnings.push(
      `${m.total - m.answers} of ${m.total} messages had no answer ${fmt(c.drainMs / 1000)} s after the load ended (counted as lost; the percentiles are over the answered ones)`,
    );
  return { rows: rows(c, r), notes: [note(c, r)], json: json(c, r, pass), warnings };
}
