import { progressBar, sleep } from '../common/progress';
import { round, summarise, type Summary } from '../common/stats';
import type { GeneratedText } from './lib';
import type { Ctx } from './section';

/** The conversation's load: user messages injected through the emulator, the bot's answers awaited. */
export interface Injected {
  chatId: number;
  updateId: number;
  text: string;
  lang: 'ru' | 'en';
  injected: number;
}

/** Injects messages at `rate`/s (not waiting for one to answer before the next is due). */
export async function inject(ctx: Ctx, count: number, rate: number, chatFor: (i: number) => number, gen: () => GeneratedText) {
  const out: Injected[] = [];
  const pending = new Set<Promise<void>>();
  let maxInFlight = 0;
  const errors: string[] = [];
  const interval = 1000 / rate;
  const t0 = performance.now();
  for (let i = 0; i < count && !ctx.aborted(); i++) {
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
export async function waitForAnswers(ctx: Ctx, from: number, expected: number, stallMs: number, label: string, maxWaitMs = Number.POSITIVE_INFINITY) {
  const bar = progressBar(label);
  const t0 = performance.now();
  const until = t0 + maxWaitMs;
  let first: number | null = null;
  let last = -1;
  let lastChange = performance.now();
  for (;;) {
    const sent = (await ctx.tg.stats()).messages_sent - from;
    first ??= sent;
    if (sent !== last) {
      last = sent;
      lastChange = performance.now();
    }
    // The rate of answers since the wait began (the first look is its zero).
    const elapsed = (performance.now() - t0) / 1000;
    bar(sent, expected, elapsed > 0.5 ? (sent - first) / elapsed : 0);
    if (sent >= expected || performance.now() - lastChange > stallMs || performance.now() > until || ctx.aborted()) return sent;
    await ctx.guard(sleep(250));
  }
}

/** The emulator's count of messages sent so far and the seq of its last sendMessage: where a measurement starts. */
export async function mark(ctx: Ctx): Promise<{ sent: number; seq: number }> {
  const sent = (await ctx.tg.stats()).messages_sent;
  const seq = (await ctx.tg.actions({ methods: ['sendMessage'] })).at(-1)?.seq ?? 0;
  return { sent, seq };
}

/** sendMessage to the emulator from here, one at a time, as another bot: the emulator's own round trip. */
export async function emulatorRoundTrip(ctx: Ctx, calls: number): Promise<Summary> {
  const token = '1999999999:BENCH-round-trip-token-xyz';
  const tg = ctx.tg.forBot(token);
  await tg.addChats(Array.from({ length: calls }, (_, i) => ({ user: { id: 9_000_000 + i } })));
  const out: number[] = [];
  for (let i = 0; i < calls && !ctx.aborted(); i++) {
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

/** The emulator's limits for a section (1/s per chat always) and the bot restarted at that TELEGRAM_GLOBAL_RATE if it runs at another. */
export async function useBotRate(ctx: Ctx, globalRate: number): Promise<void> {
  await ctx.tg.setRateLimits({ enforce: true, perChatPerSecond: 1, globalPerSecond: globalRate });
  if (ctx.botRate() === globalRate) return;
  await ctx.stopBot();
  await ctx.startBot(globalRate);
}
