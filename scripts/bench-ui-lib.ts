import { percentile, round } from './bench/common/stats';

export class UsageError extends Error {}

export const USAGE = `Usage: pnpm bench:ui [--quick] [--requests N] [--regenerate] [--no-docs] [--help]

Server time of each web UI page and of its filtered variants (app.request() on the real app,
Postgres and embedded ClickHouse), beside the time its own queries took in the same request (the
ceiling: the union of the intervals its Postgres and ClickHouse queries were in flight). Data:
10,000,000 events_raw rows (marts filled by their views) and 1,000,000 parses in Postgres
(--quick: about 400,000 and 100,000). The ClickHouse dataset is kept in .data/bench-ui-chdb and reused
(--regenerate makes it again); the Postgres schema is made for the run and dropped after.
Targets: page p95 ≤ 300 ms, page ÷ queries ≤ 1.5 (p95 over p95), history search p95 ≤ 200 ms.
A page whose queries take a few milliseconds is held to its overhead instead of the ratio: page
p95 over the requests of (page − its queries) ≤ 5 ms (the fixed cost of a request — Request/Response objects, session,
layout — is 1–3 ms, which alone is a ratio over 1.5 there); the table says which rule judged.

Options:
  --quick        a smaller dataset and fewer requests (under 60 s once the dataset exists)
  --requests N   measured requests per page (default 60, quick 20; 5× that for a page answered
                 within 20 ms), after 3 warm-ups and a garbage collection
  --regenerate   make the ClickHouse dataset again
  --no-docs      do not append to docs/benchmarks.md
  --help         this text`;

export function parseArgs(argv: readonly string[]) {
  const a = { quick: false, requests: 0, regenerate: false, docs: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--quick') a.quick = true;
    else if (x === '--regenerate') a.regenerate = true;
    else if (x === '--no-docs') a.docs = false;
    else if (x === '--help' || x === '-h') a.help = true;
    else if (x === '--requests') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new UsageError('--requests needs a positive integer');
      a.requests = n;
    } else throw new UsageError(`unknown argument ${x}`);
  }
  return a;
}
export type Args = ReturnType<typeof parseArgs>;

export const TARGETS = { pageP95Ms: 300, pageToQueries: 1.5, searchP95Ms: 200, fixedCostMs: 5 } as const;

/** Which rule judged the page's cost beside its queries. */
export type OverheadRule = 'ratio' | 'fixed-cost' | 'no-queries';

/**
 * The time queries were in flight during one request: the union of their intervals, so two
 * queries run at once count once (the page cannot be faster than that).
 */
export class QueryClock {
  private intervals: Array<[number, number]> = [];
  private open = 0;
  reset(): void {
    this.intervals = [];
  }
  async time<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    this.open++;
    try {
      return await run();
    } finally {
      this.open--;
      this.intervals.push([start, performance.now()]);
    }
  }
  count(): number {
    return this.intervals.length;
  }
  busyMs(): number {
    const xs = [...this.intervals].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let cur: [number, number] | null = null;
    for (const [s, e] of xs) {
      if (!cur || s > cur[1]) {
        if (cur) total += cur[1] - cur[0];
        cur = [s, e];
      } else cur[1] = Math.max(cur[1], e);
    }
    if (cur) total += cur[1] - cur[0];
    return total;
  }
}

export interface PageSample {
  name: string;
  path: string;
  /** Search pages are held to the search target too. */
  search: boolean;
  pageMs: number[];
  queryMs: number[];
  queries: number;
  status: number;
}

export interface PageResult {
  name: string;
  path: string;
  search: boolean;
  status: number;
  queries: number;
  pageP50: number;
  pageP95: number;
  queryP95: number;
  ratio: number | null;
  /** p95 over the requests of (page − its queries). */
  overheadMs: number;
  rule: OverheadRule;
  pass: boolean;
}

export function analyse(s: PageSample): PageResult {
  const page = [...s.pageMs].sort((a, b) => a - b);
  const q = [...s.queryMs].sort((a, b) => a - b);
  const pageP95 = percentile(page, 95);
  const queryP95 = percentile(q, 95);
  // Below a millisecond of queries the ratio measures rendering against nothing: judged on time alone.
  const ratio = queryP95 >= 1 ? pageP95 / queryP95 : null;
  // Per request, so a slow query in one request and a GC pause in another do not add up.
  const overheadMs = percentile(
    s.pageMs.map((ms, i) => ms - (s.queryMs[i] ?? 0)).sort((a, b) => a - b),
    95,
  );
  const rule: OverheadRule = ratio === null ? 'no-queries' : ratio <= TARGETS.pageToQueries || overheadMs > TARGETS.fixedCostMs ? 'ratio' : 'fixed-cost';
  const overheadOk = rule !== 'ratio' || ratio! <= TARGETS.pageToQueries;
  const pass = s.status === 200 && pageP95 <= TARGETS.pageP95Ms && overheadOk && (!s.search || pageP95 <= TARGETS.searchP95Ms);
  return {
    name: s.name,
    path: s.path,
    search: s.search,
    status: s.status,
    queries: s.queries,
    pageP50: round(percentile(page, 50), 1),
    pageP95: round(pageP95, 1),
    queryP95: round(queryP95, 1),
    ratio: ratio === null ? null : round(ratio, 2),
    overheadMs: round(overheadMs, 1),
    rule,
    pass,
  };
}

export function markdown(o: { mode: string; machine: Record<string, unknown>; data: Record<string, number>; results: PageResult[]; requests: number }): string {
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
