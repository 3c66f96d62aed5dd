import type { machineInfo } from '../../../core/src/bench/report';
import { machineLine, measuresTable } from '../common/table';
import type { SectionResult } from './section';

/** The docs/benchmarks.md section of a bench:bot run. */
export function markdown(r: {
  date: string;
  mode: string;
  machine: ReturnType<typeof machineInfo>;
  startSeconds: number;
  seconds: number;
  results: SectionResult[];
  pass: boolean;
  warnings: string[];
}): string {
  return [
    `## ${r.date} — bench:bot, ${r.mode} run, ${r.machine.commit}`,
    '',
    `${machineLine(r.machine)}; shared with other work, figures may be noisy`,
    `- Services: relay, inference (parse worker), projector (postgres + scheduler) and bot (ingress; the conversation: reminders decider and replies in one consumer; notifier; sender), each a child process (node --import tsx), same-machine PostgreSQL and RabbitMQ; the Bot API emulator a process of its own; started in ${r.startSeconds} s; run took ${r.seconds} s`,
    ...r.results.flatMap((x) => x.notes.map((n) => `- ${n}`)),
    '',
    ...measuresTable(
      r.results.flatMap((x) => x.rows),
      'Ceiling / baseline (same run)',
    ),
    '',
    `Overall: ${r.pass ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
  ].join('\n');
}
