import { percentile, round } from '../common/stats';

/**
 * How bench:ui judges a page (pure): its p95 time, its ratio to its own queries' time (or, where
 * those take a few milliseconds, its fixed overhead), and search pages on the search target.
 */

export const TARGETS = { pageP95Ms: 300, pageToQueries: 1.5, searchP95Ms: 200, fixedCostMs: 5 } as const;

/** Which rule judged the page's cost beside its queries. */
export type OverheadRule = 'ratio' | 'fixed-cost' | 'no-queries';

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
