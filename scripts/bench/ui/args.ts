import type { BenchArgs } from '../common/args';

/** The command line and settings of bench:ui. */
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
  --strict       accepted as by every bench; here a missed target always exits 1
  --help         this text

Progress on stderr; the table and, as the very last line, one JSON object ("pass") on stdout.
Exit status: 0 when every page met its targets, 1 when one missed or the run failed (PostgreSQL
unreachable, a page errored), 2 on a usage error. Run with node --expose-gc (pnpm bench:ui does)
so a garbage collection precedes each page.`;

export const SPEC = { requests: 'int', regenerate: 'flag' } as const;
export type Args = BenchArgs<typeof SPEC>;

export const requestsOf = (a: Args) => a.requests ?? (a.quick ? 20 : 60);
