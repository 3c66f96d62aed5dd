import type { machineInfo } from '../../../core/src/bench/report';
import { TARGETS, type PageResult } from './verdict';

/** The docs/benchmarks.md section of a bench:ui run: how it ran, the targets and a row a page. */
export function markdown(o: {
  mode: string;
  machine: ReturnType<typeof machineInfo>;
  data: Record<string, number>;
  results: PageResult[];
  requests: number;
}): string {
  const m = o.machine;
  const lines = [
    `## bench:ui (${o.mode}) — ${new Date().toISOString()}`,
    '',
    `Machine: ${String(m.cpuModel)}, ${String(m.cores)} cores, ${String(m.memoryGiB)} GiB, Node ${String(m.node)}, load ${JSON.stringify(m.loadAverageAtStart)}; commit ${String(m.commit)}.`,
    `Data: ${Object.entries(o.data)
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ')}; ${o.requests} measured requests per page (${o.requests * 5} for a page answered within 20 ms), a garbage collection before each page.`,
    `Targets: page p95 ≤ ${TARGETS.pageP95Ms} ms, page ÷ queries ≤ ${TARGETS.pageToQueries}, history search p95 ≤ ${TARGETS.searchP95Ms} ms; where the ratio is over ${TARGETS.pageToQueries} only because the queries take a few ms, the overhead (p95 of page − its queries, per request) ≤ ${TARGETS.fixedCostMs} ms instead (rule "fixed-cost").`,
    '',
    '| page | path | queries | page p50 ms | page p95 ms | queries p95 ms | page ÷ queries | overhead ms | rule | pass |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...o.results.map(
      (r) =>
        `| ${r.name} | \`${r.path}\` | ${r.queries} | ${r.pageP50} | ${r.pageP95} | ${r.queryP95} | ${r.ratio ?? '—'} | ${r.overheadMs} | ${r.rule} | ${r.pass ? 'yes' : 'NO'} |`,
    ),
  ];
  return lines.join('\n');
}
