import { cpuDelta, cpuSnapshot } from '../../../core/src/bench/cpu';
import { progress } from '../common/progress';
import { round, summarise, type Summary } from '../common/stats';
import { TARGETS } from './args';
import { conversationResult, loadFigures } from './conversation-report';
import { chatOf, HOPS, hopBreakdown, requestTexts, type GeneratedText } from './lib';
import { emulatorRoundTrip, inject, mark, useBotRate, waitForAnswers } from './load';
import { measureLoad, type Load } from './measured-load';
import { fmt, ms, type Ctx, type SectionResult } from './section';
import { statementCounts, statementsPerMessage, statementsText } from './statements';
import { answered, takenToSent, traces } from './traces';

/**
 * The conversation section: user messages through the emulator, update taken → the bot's
 * confirmation sent, beside the emulator's round trip and the same pipeline at 1 message/s.
 */
type Gen = () => GeneratedText;

export interface SweepPoint {
  rate: number;
  latencyMs: Summary;
  lost: number;
  cpuBusy: number;
  cpuMsPerMessage: number;
}

/** Warm-up (not measured): the first messages of a process compile code paths and fill pools. */
async function warmUp(ctx: Ctx, gen: Gen): Promise<void> {
  const warmFrom = (await ctx.tg.stats()).messages_sent;
  await ctx.guard(inject(ctx, 10, 5, (i) => 8_000_000 + i, gen));
  await waitForAnswers(ctx, warmFrom, 10, ctx.s.conversation.stallMs, 'warm-up');
}

/** The same pipeline at 1 message/s: the ceiling of the latency and the statements. */
async function baseline(ctx: Ctx, gen: Gen) {
  const c = ctx.s.conversation;
  progress(`baseline: ${c.baseline} messages at 1/s`);
  const from = await mark(ctx);
  const statements0 = await statementCounts(ctx.processes());
  const base = await ctx.guard(inject(ctx, c.baseline, 1, (i) => 7_000_000 + i, gen));
  await waitForAnswers(ctx, from.sent, c.baseline, c.stallMs, 'baseline');
  const statements = statementsPerMessage(statements0, await statementCounts(ctx.processes()), c.baseline);
  progress(`baseline: Postgres statements per message ${statementsText(statements)}`);
  const bt = await traces(ctx, base.injected, await ctx.tg.actions({ after: from.seq, methods: ['sendMessage'] }));
  const latency = summarise(takenToSent(bt.traces));
  progress(`baseline: taken → sent ${ms(latency)}`);
  return { latency, statements, hops: hopBreakdown(answered(bt.traces)) };
}
export type Baseline = Awaited<ReturnType<typeof baseline>>;

/** Capacity: the same load at lower rates (other chats), each answered before the next. */
async function sweep(ctx: Ctx, gen: Gen): Promise<SweepPoint[]> {
  const c = ctx.s.conversation;
  const out: SweepPoint[] = [];
  for (const [k, rate] of c.sweep.entries()) {
    const n = rate * c.sweepSeconds;
    const from = await mark(ctx);
    const cpu0 = cpuSnapshot(ctx.pids());
    const load = await ctx.guard(inject(ctx, n, rate, (i) => 2_000_000 + k * 100_000 + (i % c.chats), gen));
    const cpu = cpuDelta(cpu0, cpuSnapshot(ctx.pids()));
    await waitForAnswers(ctx, from.sent, n, c.stallMs, `sweep ${rate}/s`, c.drainMs);
    const st = await traces(ctx, load.injected, await ctx.tg.actions({ after: from.seq, methods: ['sendMessage'] }));
    const busy = cpu?.busy ?? NaN;
    // busy is % of one core over the injection; × 10 ms per % per second ÷ messages per second = CPU ms per message.
    out.push({
      rate,
      latencyMs: summarise(takenToSent(st.traces)),
      lost: st.traces.length - answered(st.traces).length,
      cpuBusy: busy,
      cpuMsPerMessage: round((busy * 10) / rate, 1),
    });
    progress(`sweep ${rate}/s: taken → sent ${ms(out.at(-1)!.latencyMs)}; CPU busy ${busy} % of one core`);
    // Higher rates only miss by more: stop at the first miss.
    if (out.at(-1)!.latencyMs.p99 > TARGETS.conversationP99Ms || out.at(-1)!.lost > 0) break;
  }
  return out;
}

/** The load at the section's rate: what it cost (CPU, statements) and what the emulator saw. */
function load(ctx: Ctx, gen: Gen): Promise<Load> {
  const c = ctx.s.conversation;
  const total = c.rate * c.seconds;
  progress(`load: from ${fmt(c.chats)} chats for ${c.seconds} s (each chat every ${fmt(c.chats / c.rate, 1)} s)`);
  return measureLoad(ctx, gen, { label: 'load', total, rate: c.rate, chatFor: (i) => chatOf(i, c.chats, 1_000_000), stallMs: c.stallMs, drainMs: c.drainMs });
}

export async function conversation(ctx: Ctx): Promise<SectionResult> {
  const c = ctx.s.conversation;
  await useBotRate(ctx, c.globalRate);
  const gen = requestTexts(ctx.s.seed);
  progress(`ceiling: ${c.roundTrips} sendMessage round trips to the emulator`);
  const roundTrip = await ctx.guard(emulatorRoundTrip(ctx, c.roundTrips));
  progress(`ceiling: emulator round trip ${ms(roundTrip)}`);
  await warmUp(ctx, gen);
  const base = await baseline(ctx, gen);
  const swept = await sweep(ctx, gen);
  const measured = await load(ctx, gen);
  const f = loadFigures(measured);
  progress(`load: taken → sent ${ms(f.latency)}; lost ${f.lost}; hops p99 ${HOPS.map((h) => `${h.name} ${fmt(f.hops[h.name].p99)}`).join(' · ')} ms`);
  const sustained = swept.filter((x) => x.latencyMs.p99 <= TARGETS.conversationP99Ms && x.lost === 0).at(-1)?.rate ?? null;
  return conversationResult(c, { roundTrip, base, swept, sustained, measured, f });
}
