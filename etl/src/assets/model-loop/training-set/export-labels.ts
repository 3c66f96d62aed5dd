import type { ClickHouse } from '@napominalka/core/clickhouse';
import { isEvaluationLabel } from '../shared/feedback-split';

/**
 * The feedback labels (use = label) up to and including `day`, the latest version of each id — a
 * reminder corrected twice on two days is one label, as of its last correction — on one side of
 * the split (shared/feedback-split.ts): the ones trained on, or the evaluation quarter.
 */
export async function labelsUpTo(ch: ClickHouse, day: string, opts: { side: 'training' | 'evaluation'; fromDay?: string }): Promise<string[]> {
  const rows = await ch.query<{ id: string; label: string }>(
    `SELECT id, label FROM ${ch.table('etl_feedback_labels')}
     WHERE day <= {day:Date} AND day >= {from:Date} AND use = 'label'
     ORDER BY id, day DESC LIMIT 1 BY id`,
    { day, from: opts.fromDay ?? '1970-01-01' },
  );
  return rows.filter((r) => isEvaluationLabel(r.id) === (opts.side === 'evaluation')).map((r) => r.label);
}
