import os from 'node:os';
import type { machineInfo } from '../../../core/src/bench/report';
import { pf } from '../common/progress';
import { round } from '../common/stats';
import type { SectionResult } from './section';

/** The docs/benchmarks.md section of a bench:reminders run. */
export function markdown(r: {
  date: string;
  mode: string;
  machine: ReturnType<typeof machineInfo>;
  postgres: string;
  clickhouse: string;
  seconds: number;
  results: Record<string, SectionResult>;
  pass: boolean;
}): string {
  const machine = r.machine;
  return [
    `## ${r.date} — bench:reminders, ${r.mode} run, ${machine.commit}`,
    '',
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM; Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' / ')} (${os
      .loadavg()
      .map((l) => round(l, 2))
      .join(' / ')} at the end)`,
    `- Services (same machine): PostgreSQL ${r.postgres}; ClickHouse ${r.clickhouse} embedded (chdb); node flags ${process.execArgv.filter((f) => f.startsWith('--max')).join(' ') || 'none'}; run took ${r.seconds} s`,
    ...Object.values(r.results).flatMap((x) => x.notes.map((n) => `- ${n}`)),
    '',
    '| Measure | Result | Target | Ceiling (same run) | |',
    '|---|---:|---:|---:|---|',
    ...Object.values(r.results).flatMap((x) =>
      x.rows.map((row) => `| ${row.measure} | ${row.result} | ${row.target} | ${row.ceiling} | ${row.pass === undefined ? '' : pf(row.pass)} |`),
    ),
    '',
    `Overall: ${r.pass ? 'all targets met' : 'targets missed'}.`,
  ].join('\n');
}
