import { cpuDelta, cpuSnapshot } from '../../../core/src/bench/cpu';
import { chatStream, newEventId } from '@napominalka/domain';
import { withTransaction } from '../../../core/src/store/sql';
import { progress, progressBar, sleep } from '../common/progress';
import { deliveryFigures, deliveryResult } from './delivery-report';
import { fmt, q, type Ctx, type SectionResult } from './section';

/**
 * The delivery section: reminders due at the same instant in as many chats, fired by the real
 * scheduler from the read model the real projection wrote, delivered through the bot at 30/s.
 */
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

/**
 * What the decider would have written when each user asked: ReminderScheduled due at `due`. The
 * confirmation of each was sent back then: its outbox row is recorded as sent in the same
 * transaction, so the bot does not confirm them now (the replies consumer meets the row's key).
 */
async function seed(ctx: Ctx, chats: number[], due: number): Promise<void> {
  const { t } = ctx;
  let next = 0;
  const writer = async () => {
    while (next < chats.length) {
      const part = chats.slice(next, next + 50);
      next += 50;
      await withTransaction(t.pool, async (tx) => {
        for (const chatId of part) {
          const id = newEventId();
          const data = {
            chatId,
            reminderId: `bench-${chatId}`,
            text: `${TASKS[chatId % TASKS.length]} #${chatId}`,
            due: new Date(due).toISOString(),
            rrule: null,
            timezone: 'Europe/Moscow',
          };
          await t.store.append(chatStream(chatId), [{ id, type: 'ReminderScheduled', data }], {
            client: tx,
            idempotencyKey: `bench-seed:${chatId}`,
            metadata: { correlationId: `bench-seed:${chatId}` },
          });
          await tx.query(
            `insert into ${q(t)}.bot_outbox (kind, chat_id, event_id, seq, text, state, attempts, sent_at) values ('reply', $1, $2, 0, 'confirmed before the benchmark', 'sent', 1, now())`,
            [chatId, id],
          );
        }
      });
      t.store.notifyAppended();
    }
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}

/** Pending bench reminders in the read model (0 while the projection has not made its table). */
async function projected(ctx: Ctx): Promise<number> {
  const { t } = ctx;
  const res = await t.pool
    .query<{ n: string }>(`select count(*) as n from ${q(t)}.reminders where id like 'bench-%' and status = 'pending'`)
    .catch(() => ({ rows: [{ n: '0' }] }));
  return Number(res.rows[0]!.n);
}

/** Waits until every reminder was delivered, nothing new came for `stallMs` after the due, or the deadline. */
async function waitDelivered(ctx: Ctx, due: number): Promise<void> {
  const { t } = ctx;
  const d = ctx.s.delivery;
  const bar = progressBar('delivered');
  const delivered = async () =>
    Number(
      (await t.pool.query<{ n: string }>(`select count(*) as n from ${q(t)}.events where type = 'ReminderDelivered' and data->>'reminderId' like 'bench-%'`))
        .rows[0]!.n,
    );
  const deadline = due + (d.reminders / d.globalRate) * 1500 + 30_000;
  let n = 0;
  let last = -1;
  let lastChange = Date.now();
  while (n < d.reminders && Date.now() < deadline && !ctx.aborted()) {
    await ctx.guard(sleep(1000));
    n = await delivered();
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    }
    const secs = (Date.now() - due) / 1000;
    bar(n, d.reminders, secs > 0 ? n / secs : 0);
    if (Date.now() > due && Date.now() - lastChange > d.stallMs) break;
  }
}

export async function delivery(ctx: Ctx): Promise<SectionResult> {
  const d = ctx.s.delivery;
  const { tg } = ctx;
  const warnings: string[] = [];
  const setupStart = Date.now();
  const due = Math.ceil((setupStart + d.leadMs) / 1000) * 1000;
  // A bot at Telegram's rate, an emulator with Telegram's limits and nothing from before.
  await ctx.stopBot();
  await tg.reset();
  await tg.setRateLimits({ enforce: true, perChatPerSecond: 1, globalPerSecond: d.globalRate });
  const chats = Array.from({ length: d.reminders }, (_, i) => 5_000_000 + i);
  for (let i = 0; i < chats.length; i += 1000) await tg.addChats(chats.slice(i, i + 1000).map((id) => ({ user: { id, language_code: id % 3 ? 'ru' : 'en' } })));
  const botStarted = ctx.startBot(d.globalRate);
  botStarted.catch(() => undefined);
  progress(`delivery: ${fmt(d.reminders)} reminders due at ${new Date(due).toISOString()} (${fmt((due - Date.now()) / 1000, 1)} s from now)`);
  await seed(ctx, chats, due);
  const seeded = Date.now();
  await ctx.guard(botStarted);
  const botUp = Date.now();
  while ((await projected(ctx)) < d.reminders && Date.now() < due + 30_000) await ctx.guard(sleep(100));
  const ready = Date.now();
  progress(
    `delivery: seeded in ${fmt((seeded - setupStart) / 1000, 1)} s, bot up after ${fmt((botUp - setupStart) / 1000, 1)} s, projected ${fmt((ready - setupStart) / 1000, 1)} s after the start; due in ${fmt((due - ready) / 1000, 1)} s`,
  );
  if (ready > due) warnings.push(`the setup ended ${ready - due} ms after the due: the figure includes that`);
  const cpu0 = cpuSnapshot(ctx.pids());
  await waitDelivered(ctx, due);
  const cpu = cpuDelta(cpu0, cpuSnapshot(ctx.pids()));
  await sleep(1500); // a late duplicate would show now
  const f = await deliveryFigures(ctx, chats, due);
  return deliveryResult(d, { ...f, due, setupStart, ready, cpu }, warnings);
}
