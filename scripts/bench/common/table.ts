import os from 'node:os';
import type { machineInfo } from '../../../core/src/bench/report';
import { pf } from './progress';
import { round } from './stats';

/** Pieces of the docs/benchmarks.md sections the benches write: the machine line and the table of measures. */

/** A row of a report's table: a measure beside its target and a ceiling measured in the same run. */
export interface Row {
  measure: string;
  result: string;
  target: string;
  ceiling: string;
  /** undefined: informational. */
  pass?: boolean;
}

/** What a section of a bench returns: its rows of the table, its notes (list items above it) and its JSON. */
export interface SectionResult {
  rows: Row[];
  notes: string[];
  json: Record<string, unknown>;
}

/** The table: its header (the ceiling column named `ceilingHeader`), the alignment line and one line a row. */
export function measuresTable(rows: Row[], ceilingHeader: string): string[] {
  return [
    `| Measure | Result | Target | ${ceilingHeader} | |`,
    '|---|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.result} | ${r.target} | ${r.ceiling} | ${r.pass === undefined ? '' : pf(r.pass)} |`),
  ];
}

/** "- Machine: …": CPU, memory and Node of the run, the load average at its start and at the end. */
export function machineLine(m: ReturnType<typeof machineInfo>): string {
  const end = os
    .loadavg()
    .map((l) => round(l, 2))
    .join(' / ');
  return `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')} (${end} at the end)`;
}
