import type { machineInfo } from '../../../core/src/bench/report';
import { machineLine, measuresTable } from '../common/table';
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
    machineLine(machine),
    `- Services (same machine): PostgreSQL ${r.postgres}; ClickHouse ${r.clickhouse} embedded (chdb); node flags ${process.execArgv.filter((f) => f.startsWith('--max')).join(' ') || 'none'}; run took ${r.seconds} s`,
    ...Object.values(r.results).flatMap((x) => x.notes.map((n) => `- ${n}`)),
    '',
    ...measuresTable(
      Object.values(r.results).flatMap((x) => x.rows),
      'Ceiling (same run)',
    ),
    '',
    `Overall: ${r.pass ? 'all targets met' : 'targets missed'}.`,
  ].join('\n');
}
