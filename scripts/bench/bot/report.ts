import os from 'node:os';
import type { machineInfo } from '../../../core/src/bench/report';
import { pf } from '../common/progress';
import { round } from '../common/stats';
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
  const m = r.machine;
  return [
    `## ${r.date} — bench:bot, ${r.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')} (${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(' / ')} at the end); shared with other work, figures may be noisy`,
    `- Services: relay, inference (parse worker), projector (postgres + scheduler) and bot (ingress; the conversation: reminders decider and replies in one consumer; notifier; sender), each a child process (node --import tsx), same-machine PostgreSQL and RabbitMQ; the Bot API emulator a process of its own; started in ${r.startSeconds} s; run took ${r.seconds} s`,
    ...r.results.flatMap((x) => x.notes.map((n) => `- ${n}`)),
    '',
    '| Measure | Result | Target | Ceiling / baseline (same run) | |',
    '|---|---:|---:|---:|---|',
    ...r.results.flatMap((x) => x.rows.map((y) => `| ${y.measure} | ${y.result} | ${y.target} | ${y.ceiling} | ${y.pass === undefined ? '' : pf(y.pass)} |`)),
    '',
    `Overall: ${r.pass ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
  ].join('\n');
}
