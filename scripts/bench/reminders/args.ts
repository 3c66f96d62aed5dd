import { TEST_DATABASE_URL } from '../../../core/src/testing/context';
import type { BenchArgs } from '../common/args';
import { fmtInt } from '../common/progress';

/** The command line, settings and targets of bench:reminders. */
export const SECTION_NAMES = ['ch-rebuild', 'ch-marts', 'pg-rebuild', 'scheduler'] as const;

export const USAGE = `Usage: pnpm bench:reminders [options]

Measures the projections of issue 5 against their targets, each beside a ceiling measured in the
same run:
  ch-rebuild  ClickHouse projection rebuilt from a synthetic ${fmtInt(1_000_000)}-event store: >= 20,000 events/s
              (ceilings: raw Postgres page reads; plain INSERT ... SELECT into events_raw in the engine)
  ch-marts    every mart query over ${fmtInt(10_000_000)} events_raw rows: p95 <= 100 ms
              (ceiling: SELECT 1 round trip; reference: the mart aggregated at query time)
  pg-rebuild  Postgres read model rebuilt from the same store: >= 20,000 events/s
              (ceiling: raw Postgres page reads)
  scheduler   ${fmtInt(100_000)} reminders due within the same 10 minutes, two scheduler processes:
              ReminderDue lateness p99 <= 1 s (ceiling: ReminderDue appends/s alone)

Options:
  --quick           smaller run (100,000 events, 1,000,000 rows, 2,000 reminders over 8 s; under 60 s
                    with the stores of an earlier quick run)
  --only a,b        run only these sections (${'ch-rebuild, ch-marts, pg-rebuild, scheduler'})
  --reminders N     pending reminders of the scheduler section
  --window S        seconds over which they fall due
  --events N        events in the synthetic store
  --raw-rows N      rows of events_raw for the mart queries
  --runs N          timed runs of each mart query per range (default 30)
  --regenerate      rebuild the scratch store and ClickHouse data even if present
  --strict          exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs         do not append the result to docs/benchmarks.md
  --help            this text

Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}). The scratch schema
bench_reminders_<events> and .data/bench-reminders/ are kept for the next run.`;

export const SPEC = {
  only: 'list',
  reminders: 'int',
  window: 'int',
  events: 'int',
  'raw-rows': 'int',
  runs: 'int',
  regenerate: 'flag',
} as const;
export type Args = BenchArgs<typeof SPEC>;

export const TARGETS = { rebuildEventsPerSec: 20_000, martP95Ms: 100, lateP99Ms: 1000 } as const;

export function settingsFor(a: Args) {
  return {
    mode: a.quick ? 'quick' : 'full',
    events: a.events ?? (a.quick ? 100_000 : 1_000_000),
    rawRows: a.rawRows ?? (a.quick ? 1_000_000 : 10_000_000),
    pageSize: 20_000,
    insertRowsPerBatch: 5_000,
    runs: a.runs ?? 30,
    warmups: 3,
    /** History covered by the generated events_raw rows. */
    rawDays: 365,
    reminders: a.reminders ?? (a.quick ? 2_000 : 100_000),
    windowSec: a.window ?? (a.quick ? 8 : 600),
    schedulers: 2,
  };
}
export type Settings = ReturnType<typeof settingsFor>;
