import { cpuDelta, cpuMsOf, cpuSnapshot } from '../../../core/src/bench/cpu';
import { progress, sleep } from '../common/progress';
import { round } from '../common/stats';
import { SYSTEM } from './args';
import type { GeneratedText } from './lib';
import { inject, mark, waitForAnswers } from './load';
import { fmt, type Ctx } from './section';
import { statementCounts, statementsPerMessage, statementsText } from './statements';
import { traces } from './traces';

export interface LoadSpec {
  /** Names the load in the progress lines. */
  label: string;
  total: number;
  rate: number;
  chatFor: (i: number) => number;
  /** No new answer for this long: the rest are lost. */
  stallMs: number;
  /** Longest wait for the answers after the load ended. */
  drainMs: number;
}

/**
 * A load of user messages and what it cost: CPU of the system's processes and Postgres statements
 * per message from the first message in to the last answer out, the emulator's actions and the
 * messages' traces. The conversation's load and the history section's loads are this.
 */
export async function measureLoad(ctx: Ctx, gen: () => GeneratedText, l: LoadSpec) {
  progress(`${l.label}: ${fmt(l.total)} messages at ${l.rate}/s`);
  const from = await mark(ctx);
  const violationsBefore = (await ctx.tg.violations()).length;
  const statements0 = await statementCounts(ctx.processes());
  const cpu0 = cpuSnapshot(ctx.pids());
  const injected = await ctx.guard(inject(ctx, l.total, l.rate, l.chatFor, gen));
  const cpu = cpuDelta(cpu0, cpuSnapshot(ctx.pids()));
  progress(`${l.label}: injected at ${injected.achievedRate}/s (≤ ${injected.maxInFlight} in flight); waiting for the answers`);
  const answers = await waitForAnswers(ctx, from.sent, l.total, l.stallMs, l.label, l.drainMs);
  const cpu1 = cpuSnapshot(ctx.pids());
  const systemMs = cpuMsOf(cpu0, cpu1, SYSTEM);
  const cpuPerMessage = systemMs === null ? NaN : round(systemMs / l.total, 1);
  const cpuPerMessageBy = Object.fromEntries(SYSTEM.map((g) => [g, round((cpuMsOf(cpu0, cpu1, [g]) ?? NaN) / l.total, 2)])) as Record<
    (typeof SYSTEM)[number],
    number
  >;
  const statements = statementsPerMessage(statements0, await statementCounts(ctx.processes()), l.total);
  progress(`${l.label}: per message ${cpuPerMessage} ms CPU in the system's processes; Postgres statements ${statementsText(statements)}`);
  await sleep(1000); // anything late or doubled
  const actions = await ctx.tg.actions({ after: from.seq, methods: ['sendMessage'] });
  const lt = await traces(ctx, injected.injected, actions);
  const violations = (await ctx.tg.violations()).slice(violationsBefore);
  return { total: l.total, injected, cpu, answers, cpuPerMessage, cpuPerMessageBy, statements, actions, lt, violations };
}
export type Load = Awaited<ReturnType<typeof measureLoad>>;
