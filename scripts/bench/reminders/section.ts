import type { EventStore } from '../../../core/src/store/event-store';
import type { ClickHouse } from '../../../core/src/clickhouse/index';
import { summaryAt } from '../common/stats';
import type { Row, SectionResult } from '../common/table';
import type { Args, Settings } from './args';

/** What every section of bench:reminders is given and returns: rows of the report table, notes, JSON. */
export type { Row, SectionResult };
export interface Ctx {
  args: Args;
  settings: Settings;
  pool: EventStore['pool'];
  ch: ClickHouse;
}
export interface Section {
  name: string;
  run(ctx: Ctx): Promise<SectionResult>;
}

/** count, p50, p95 and max in ms to two decimals: the section figures. */
export function summarise(ms: number[]) {
  const { mean: _mean, ...s } = summaryAt(ms, [50, 95], 2);
  return s;
}
