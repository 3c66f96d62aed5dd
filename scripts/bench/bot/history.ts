import { progress } from '../common/progress';
import { round } from '../common/stats';
import { requestTexts, type GeneratedText } from './lib';
import { useBotRate } from './load';
import { measureLoad, type Load } from './measured-load';
import { historyResult } from './history-report';
import { seedHistories } from './history-seed';
import { fmt, type Ctx, type SectionResult } from './section';

/**
 * History independence (issue 14): the same load on chats that hold thousands of events each
 * (years of one daily reminder) and on fresh chats, in one run against the same store, so only
 * the chats' histories differ. Each kind of chat first gets one message each (a fresh chat is
 * made; a long chat's first fold has no snapshot yet: the whole stream, measured apart), then the
 * measured load.
 */
export async function history(ctx: Ctx): Promise<SectionResult> {
  const h = ctx.s.history;
  await useBotRate(ctx, h.globalRate);
  const gen: () => GeneratedText = requestTexts(ctx.s.seed + 1);
  const ids = (first: number) => Array.from({ length: h.chats }, (_, k) => first + k);
  const [fresh, long] = [ids(5_000_000), ids(6_000_000)];
  const run = (label: string, chats: number[], total: number, first = false): Promise<Load> =>
    measureLoad(ctx, gen, {
      label,
      total,
      rate: h.rate,
      chatFor: (i) => chats[i % chats.length]!,
      // Awaited to the end, so the measured loads start on an idle system.
      stallMs: first ? h.firstStallMs : h.stallMs,
      drainMs: first ? h.firstDrainMs : h.drainMs,
    });
  // First, so the relay has a checkpoint the seeded history can lie below.
  const freshFirst = await run('history, fresh chats: first message', fresh, h.chats, true);
  progress(`history: seeding ${fmt(h.chats)} chats with ${fmt(h.events)} events each`);
  const seeded = await seedHistories(ctx, long, h.events);
  progress(`history: ${fmt(seeded.rows)} events seeded in ${round(seeded.seconds, 1)} s`);
  const longFirst = await run(`history, ${fmt(h.events)}-event chats: first message`, long, h.chats, true);
  const total = h.rate * h.seconds;
  const freshLoad = await run('history, fresh chats', fresh, total);
  const longLoad = await run(`history, ${fmt(h.events)}-event chats`, long, total);
  return historyResult(h, { seeded, freshFirst, longFirst, freshLoad, longLoad });
}
