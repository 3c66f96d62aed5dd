/**
 * Benchmark of the bot (issue 6): every service a real process (relay, inference, projector with
 * the Postgres projection and the scheduler, bot) against the Telegram Bot API emulator (a process
 * too), which enforces Telegram's limits and records what the bot did.
 *
 *   pnpm bench:bot [--quick] [--strict] [--no-docs] [--only conversation,delivery] [--profile DIR] [--help]
 *
 * Sections:
 *   conversation  200 user messages/s from 1,000 chats through the emulator: update taken →
 *                 the confirmation sent, p99 ≤ 500 ms. Telegram lets a bot send 30 messages/s
 *                 (1,000/s with paid broadcasts), so this section runs the bot with
 *                 TELEGRAM_GLOBAL_RATE=1000 and the emulator's global limit at 1,000/s; 1/s per
 *                 chat stays. Ceilings from the same run: the emulator's sendMessage round trip
 *                 and the whole pipeline at 1 message/s.
 *   history       the same load on chats of 3,000 events each and on fresh chats: within 1.2×.
 *   delivery      3,000 reminders due at the same instant in 3,000 chats, fired by the real
 *                 scheduler from the read model the real projection wrote: delivered within 5 %
 *                 of the 100 s 30 messages/s allow, none lost or duplicated, no chat above 1/s,
 *                 no flood-limit violation, 3,000 distinct ReminderDelivered.
 *
 * Everything runs in an isolated Postgres schema and AMQP prefix (createTestContext), removed at
 * the end, also after an error or Ctrl-C; the children are always stopped. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 *
 * Files: args (options, settings, targets), setup (the processes), load (injection), traces,
 * conversation (+ -report), delivery (+ -report), report (markdown), lib and statements (pure).
 */
import type { TestContext } from '../../../core/src/testing/context';
import { machineInfo } from '../../../core/src/bench/report';
import { runCli } from '../common/args';
import { loggedAtLeast } from '../common/log-level';
import { progress } from '../common/progress';
import { exitSoon, publishResult, runDate } from '../common/result';
import { inTestContext } from '../common/run';
import { Services } from '../common/services';
import { round } from '../common/stats';
import { checkArgs, sectionsOf, settingsFor, SPEC, TARGETS, USAGE, type Args, type SectionName, type Settings } from './args';
import { conversation } from './conversation';
import { delivery } from './delivery';
import { history } from './history';
import { deleteLeftoverQueues } from './queues';
import { markdown } from './report';
import type { Ctx, SectionResult } from './section';
import { startSystem } from './setup';

const SECTIONS: Record<SectionName, (ctx: Ctx) => Promise<SectionResult>> = { delivery, conversation, history };
/** Stopped in this order: the bot first, so nothing it still sends meets a stopped emulator. */
const STOP_ORDER = ['bot', 'projector', 'inference', 'relay', 'emulator'];

async function measure(t: TestContext, s: Settings, args: Args, services: Services, aborted: () => boolean) {
  const date = runDate();
  const machine = machineInfo();
  progress(`machine: ${machine.cpuModel}, ${machine.cores} cores; load ${machine.loadAverageAtStart.join(' ')}; commit ${machine.commit}; ${s.mode} run`);
  const { ctx, startSeconds } = await startSystem(t, s, args, services, aborted);
  const results: Partial<Record<SectionName, SectionResult>> = {};
  for (const name of sectionsOf(args)) {
    progress(`section ${name}`);
    results[name] = await SECTIONS[name](ctx);
  }
  const logs = services
    .list()
    .flatMap(([, c]) => c.lines)
    .filter((l) => loggedAtLeast(l, 'error'));
  return { date, machine, startSeconds, results, errorLogs: logs.length, firstErrorLog: logs[0]?.slice(0, 300) ?? null };
}

async function main(args: Args): Promise<number> {
  const s = settingsFor(args);
  const began = performance.now();
  const services = new Services();
  let aborted = false;
  const outcome = await inTestContext({
    benchmark: 'bot',
    poolMax: 12,
    began,
    abort: () => (aborted = true),
    stop: async () => {
      for (const name of STOP_ORDER) await services.stop(name).catch(() => undefined);
    },
    measure: (t) => measure(t, s, args, services, () => aborted),
    onFailure: () => {
      const lines = services.warnings();
      if (lines.length) progress(`service warnings/errors:\n${lines.slice(-15).join('\n')}`);
    },
    afterCleanup: async (t) => {
      const left = await deleteLeftoverQueues(t.prefix);
      if (left.length) progress(`deleted ${left.length} more queues of ${t.prefix}: ${left.join(', ')}`);
    },
  });
  if (outcome.kind === 'failed') return outcome.code;
  const m = outcome.result;
  const seconds = round((performance.now() - began) / 1000, 1);
  const sections = Object.values(m.results);
  const warnings = sections.flatMap((x) => x.warnings);
  if (m.errorLogs) warnings.push(`${m.errorLogs} error log lines from the services (first: ${m.firstErrorLog})`);
  const pass = sections.every((x) => x.rows.every((y) => y.pass !== false));
  const md = markdown({ date: m.date, mode: s.mode, machine: m.machine, startSeconds: m.startSeconds, seconds, results: sections, pass, warnings });
  publishResult(md, args.docs, (docs) => ({
    benchmark: 'bot',
    ok: true,
    date: m.date,
    mode: s.mode,
    machine: m.machine,
    settings: s,
    targets: TARGETS,
    startSeconds: m.startSeconds,
    seconds,
    sections: Object.fromEntries(Object.entries(m.results).map(([k, v]) => [k, v.json])),
    pass,
    warnings,
    docs,
  }));
  return args.strict && !pass ? 1 : 0;
}

exitSoon(await runCli({ usage: USAGE, spec: SPEC, check: checkArgs, run: main }));
