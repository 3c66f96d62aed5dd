import type { ClickHouse } from '@napominalka/core/clickhouse';

/**
 * The feedback labels up to and including `day` (use = label), the latest version of each id:
 * a reminder corrected twice on two days is one label, as of its last correction.
 */
export async function labelsUpTo(ch: ClickHouse, day: string, opts: { fromDay?: string; use?: 'label' | 'suspected' } = {}): Promise<string[]> {
  const rows = await ch.query<{ label: string }>(
    `SELECT label FROM ${ch.table('etl_feedback_labels')}
     WHERE day <= {day:Date} AND day >= {from:Date} AND use = {use:String}
     ORDER BY id, day DESC LIMIT 1 BY id`,
    { day, from: opts.fromDay ?? '1970-01-01', use: opts.use ?? 'label' },
  );
  return rows.map((r) => r.label);
}
