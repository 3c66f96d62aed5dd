import { chatStream } from '@napominalka/domain';
import type { BotAction } from '../../../bot/src/emulator/types';
import type { Trace } from './lib';
import type { Injected } from './load';
import { q, type Ctx } from './section';

/** Each injected message's way through the system, read back from the emulator, the events and bot_outbox. */
interface Decision {
  parsed?: number;
  decided?: number;
  decisionId?: string;
  decisionType?: string;
}

/** MessageReceived by update id, and what followed it by correlation id (the first of each). */
async function eventSteps(ctx: Ctx, chats: number[], since: Date) {
  const { t } = ctx;
  const ev = (
    await t.pool.query<{ id: string; type: string; update_id: string | null; corr: string | null; recorded_at: Date }>(
      `select id, type, data->>'updateId' as update_id, metadata->>'correlationId' as corr, recorded_at from ${q(t)}.events
       where type = any($1) and stream_id = any($2) and recorded_at >= $3 order by global_position`,
      [['MessageReceived', 'MessageParsed', 'ParseFailed', 'ReminderScheduled', 'ClarificationRequested'], chats.map(chatStream), since],
    )
  ).rows;
  const received = new Map<number, { at: number; corr: string | null }>();
  const byCorr = new Map<string, Decision>();
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
  return { received, byCorr };
}

/** The reply rows of bot_outbox by the event they answer. */
async function replyRows(ctx: Ctx, chats: number[]) {
  const { t } = ctx;
  const rows = await t.pool.query<{ event_id: string; chat_id: string; created_at: Date; sent_message_id: string | null; state: string; attempts: number }>(
    `select event_id, chat_id, created_at, sent_message_id, state, attempts from ${q(t)}.bot_outbox where kind = 'reply' and chat_id = any($1) and seq = 0`,
    [chats],
  );
  return new Map(rows.rows.map((r) => [r.event_id, r]));
}

/** Every step of each injected message, from the emulator's records and the events' recorded_at. */
export async function traces(ctx: Ctx, msgs: Injected[], actions: BotAction[]) {
  const first = msgs[0]!.updateId;
  const taken = new Map((await ctx.tg.handedOut({ after: first - 1 })).map((h) => [h.update_id, h.at]));
  const chats = [...new Set(msgs.map((m) => m.chatId))];
  // Only what was recorded since the first injection: a long chat's history is no part of it.
  const since = new Date(Math.min(...msgs.map((m) => m.injected)) - 1000);
  const { received, byCorr } = await eventSteps(ctx, chats, since);
  const outbox = await replyRows(ctx, chats);
  const actionAt = new Map(actions.map((a) => [`${a.chat_id}:${a.message_id}`, a]));
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

/** The traces answered (taken and sent both known) and their update taken → sent durations. */
export const answered = <T extends Trace>(ts: T[]) => ts.filter((x) => x.taken !== null && x.sent !== null);
export const takenToSent = (ts: Trace[]) => answered(ts).map((x) => x.sent! - x.taken!);
