import { cpuText, type cpuDelta } from '../../../core/src/bench/cpu';
import { SENDER_PACING } from '../../../bot/src/notifier/sender';
import { progress } from '../common/progress';
import { round } from '../common/stats';
import { TARGETS, type Settings } from './args';
import { exactlyOnce, maxInWindow, perKeyRate } from './lib';
import { fmt, q, type Ctx, type Row, type SectionResult } from './section';

/** The delivery section's figures: what the emulator saw, the events and outbox rows; report rows, notes and JSON. */
type Delivery = Settings['delivery'];

/** ReminderDue lateness (firedAt − due) and the last one's recorded_at. */
const DUES_SQL = (schema: string) => `select count(*) as n, count(distinct data->>'reminderId') as distinct,
              percentile_disc(0.5) within group (order by extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000) as p50,
              percentile_disc(0.99) within group (order by extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000) as p99,
              max(extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000) as max,
              max(recorded_at) as last
       from ${schema}.events where type = 'ReminderDue' and data->>'reminderId' like 'bench-%'`;

/** The events and outbox rows of the bench's reminders. */
async function stored(ctx: Ctx) {
  const { t } = ctx;
  const dues = (await t.pool.query<{ n: string; distinct: string; p50: number; p99: number; max: number; last: Date | null }>(DUES_SQL(q(t)))).rows[0]!;
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
       from ${q(t)}.bot_outbox where kind = 'reminder' and reminder_id like 'bench-%'`,
    )
  ).rows[0]!;
  return { dues, deliveredEv, rows };
}

/** What the emulator recorded for the bench's chats, and what the store says. */
export async function deliveryFigures(ctx: Ctx, chats: number[], due: number) {
  const { tg } = ctx;
  const actions = await tg.actions({ methods: ['sendMessage'] });
  const mine = actions.filter((a) => a.chat_id! >= 5_000_000 && a.chat_id! < 5_000_000 + chats.length);
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
  const durationSec = ((times.at(-1) ?? NaN) - due) / 1000;
  const s = await stored(ctx);
  const upstreamSec = s.rows.last_created ? (s.rows.last_created.getTime() - due) / 1000 : NaN;
  const dueLastSec = s.dues.last ? (s.dues.last.getTime() - due) / 1000 : NaN;
  return { ...s, once, violations, stats, chatRate, globalMax, firstAt, durationSec, upstreamSec, dueLastSec };
}

type Figures = Awaited<ReturnType<typeof deliveryFigures>> & { due: number; setupStart: number; ready: number; cpu: ReturnType<typeof cpuDelta> };

function rows(d: Delivery, f: Figures, pass: { time: boolean; exact: boolean; limits: boolean }): Row[] {
  const ceilingSec = d.reminders / d.globalRate;
  return [
    {
      measure: `Delivery burst: ${fmt(d.reminders)} reminders due at the same instant in ${fmt(d.reminders)} chats → the last delivered (emulator enforcing ${d.globalRate}/s and 1/s per chat; bot TELEGRAM_GLOBAL_RATE=${d.globalRate})`,
      result: `${fmt(f.durationSec, 1)} s (first after ${fmt((f.firstAt - f.due) / 1000, 2)} s)`,
      target: `≤ ${fmt(ceilingSec * TARGETS.deliverySlack, 1)} s`,
      ceiling: `${fmt(ceilingSec, 1)} s at ${d.globalRate}/s; all in the outbox ${fmt(f.upstreamSec, 1)} s after the due (ReminderDue all fired ${fmt(f.dueLastSec, 1)} s after)`,
      pass: pass.time,
    },
    {
      measure: 'Delivery: chats with exactly one reminder message · missing · twice; ReminderDelivered events · distinct',
      result: `${fmt(f.once.once)} · ${f.once.missing} · ${f.once.duplicated}; ${fmt(Number(f.deliveredEv.n))} · ${fmt(Number(f.deliveredEv.distinct))}`,
      target: `${fmt(d.reminders)} · 0 · 0; ${fmt(d.reminders)} · ${fmt(d.reminders)}`,
      ceiling: '',
      pass: pass.exact,
    },
    {
      measure: 'Delivery: flood-limit violations recorded by the emulator · most messages to one chat in 1 s · most overall in 1 s',
      result: `${f.violations.length} · ${f.chatRate.maxInWindow} · ${f.globalMax}`,
      target: `0 · ≤ 1 · ≤ ${d.globalRate}`,
      ceiling: '',
      pass: pass.limits && f.globalMax <= d.globalRate,
    },
  ];
}

/** The pacer lets its first `globalRate` go at once, then one window per `globalRate` more. */
const pacedSec = (d: Delivery) => (Math.max(0, d.reminders - d.globalRate) / d.globalRate) * ((SENDER_PACING.globalWindowMs ?? 1000) / 1000);

function note(d: Delivery, f: Figures): string {
  const { dues, deliveredEv } = f;
  return (
    `Delivery: the reminders are ReminderScheduled events (what the decider writes) appended ${fmt((f.due - f.setupStart) / 1000, 1)} s before the due, with their confirmations recorded as sent back then (an outbox row each), ` +
    `projected into the read model by the real projection (projector-pg) and fired by the real scheduler; from ReminderDue on it is the production path (relay → RabbitMQ → bot-notifier → bot_outbox → sender → emulator). ` +
    `The sender paces with a margin (${SENDER_PACING.globalWindowMs} ms windows, ${SENDER_PACING.chatIntervalMs} ms per chat) so network jitter cannot push arrivals over Telegram's limits: its own floor is ≈ ${fmt(pacedSec(d), 1)} s for ${fmt(d.reminders)}. ` +
    `ReminderDue lateness (firedAt − due) p50 ${fmt(Number(dues.p50))} · p99 ${fmt(Number(dues.p99))} · max ${fmt(Number(dues.max))} ms; ReminderDelivered.latenessMs p50 ${fmt(Number(deliveredEv.p50))} · max ${fmt(Number(deliveredEv.max))} ms; ` +
    `outbox rows ${f.rows.n} (${f.rows.sent} sent, ${f.rows.retried} sent more than once); emulator 429s to sendMessage: ${f.stats.errors.sendMessage ?? 0}. CPU in % of one core from the due to the last delivery: ${cpuText(f.cpu)}.`
  );
}

function json(d: Delivery, f: Figures, pass: boolean): Record<string, unknown> {
  const { dues, deliveredEv, rows: r } = f;
  const ceilingSec = d.reminders / d.globalRate;
  return {
    reminders: d.reminders,
    globalRate: d.globalRate,
    due: new Date(f.due).toISOString(),
    leadMs: f.due - f.setupStart,
    readyBeforeDueMs: f.due - f.ready,
    durationSec: round(f.durationSec, 2),
    firstDeliveredSec: round((f.firstAt - f.due) / 1000, 3),
    ceilingSec,
    targetSec: round(ceilingSec * TARGETS.deliverySlack, 1),
    senderFloorSec: round(pacedSec(d), 1),
    upstreamDoneSec: round(f.upstreamSec, 2),
    reminderDueDoneSec: round(f.dueLastSec, 2),
    reminderDue: { n: Number(dues.n), distinct: Number(dues.distinct), latenessMs: { p50: Number(dues.p50), p99: Number(dues.p99), max: Number(dues.max) } },
    reminderDelivered: {
      n: Number(deliveredEv.n),
      distinct: Number(deliveredEv.distinct),
      latenessMs: { p50: Number(deliveredEv.p50), max: Number(deliveredEv.max) },
    },
    chats: f.once,
    violations: f.violations.length,
    violationsSeen: f.violations.slice(0, 5).map((v) => ({ kind: v.kind, method: v.method, chatId: v.chatId, inWindow: v.inWindow, limit: v.limit })),
    emulator429s: f.stats.errors.sendMessage ?? 0,
    maxPerChatIn1s: f.chatRate.maxInWindow,
    maxOverallIn1s: f.globalMax,
    outbox: { rows: Number(r.n), sent: Number(r.sent), retried: Number(r.retried) },
    cpu: f.cpu,
    pass,
  };
}

export function deliveryResult(d: Delivery, f: Figures, warnings: string[]): SectionResult {
  const deliveredN = Number(f.deliveredEv.n);
  const deliveredDistinct = Number(f.deliveredEv.distinct);
  progress(
    `delivery: last delivered ${fmt(f.durationSec, 1)} s after the due (first ${fmt((f.firstAt - f.due) / 1000, 2)} s); ${f.once.once} chats once, ${f.once.missing} missing, ${f.once.duplicated} twice; ` +
      `${f.violations.length} violations; ${deliveredN} ReminderDelivered (${deliveredDistinct} distinct)`,
  );
  const pass = {
    time: f.durationSec <= (d.reminders / d.globalRate) * TARGETS.deliverySlack,
    exact: f.once.once === d.reminders && f.once.missing === 0 && f.once.duplicated === 0 && deliveredN === d.reminders && deliveredDistinct === d.reminders,
    limits: f.violations.length === 0 && f.chatRate.maxInWindow <= 1,
  };
  return { rows: rows(d, f, pass), notes: [note(d, f)], json: json(d, f, pass.time && pass.exact && pass.limits), warnings };
}
