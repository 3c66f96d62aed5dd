import type { outcomeCounts, ParseRow } from './queries';

/** One row of etl_parse_quality: the day's figures of one model version (or `*`, all of them). */
export interface QualityRow {
  day: string;
  model_version: string;
  messages: number;
  attempts: number;
  parsed: number;
  failed: number;
  clarifications: number;
  intent_share: Record<string, number>;
  lang_share: Record<string, number>;
  clarification_rate: number | null;
  failure_rate: number | null;
  llm_rate: number | null;
  rules_rate: number | null;
  wrong_feedback_rate: number | null;
  corrections_after_delivery: number;
  reminders_created: number;
  implicit_error_rate: number | null;
  intent_confidence_q: number[];
  slot_confidence_q: number[];
  latency_ms_q: number[];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const shares = (c: Record<string, number>, total: number): Record<string, number> =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, total > 0 ? v / total : 0]));

/** Pure: the query results → one row per model version seen that day, and the `*` row. */
export function qualityRows(day: string, parsed: ParseRow[], o: Awaited<ReturnType<typeof outcomeCounts>>): QualityRow[] {
  const versions = new Set<string>(['*', ...parsed.map((p) => p.model_version), ...o.failed.keys()]);
  return [...versions].sort().map((mv) => {
    const p = parsed.find((x) => x.model_version === mv);
    const nParsed = p?.parsed ?? 0;
    const failed = o.failed.get(mv) ?? 0;
    const attempts = nParsed + failed;
    const created = o.created.get(mv) ?? 0;
    return {
      day,
      model_version: mv,
      messages: mv === '*' ? o.messages : attempts,
      attempts,
      parsed: nParsed,
      failed,
      clarifications: o.clarifications.get(mv) ?? 0,
      intent_share: shares(p?.intents ?? {}, nParsed),
      lang_share: shares(p?.langs ?? {}, nParsed),
      clarification_rate: ratio(o.clarifications.get(mv) ?? 0, attempts),
      failure_rate: ratio(failed, attempts),
      llm_rate: ratio(p?.llm ?? 0, nParsed),
      rules_rate: ratio(p?.rules ?? 0, nParsed),
      wrong_feedback_rate: ratio(o.wrong.get(mv) ?? 0, nParsed),
      corrections_after_delivery: o.afterDelivery.get(mv) ?? 0,
      reminders_created: created,
      implicit_error_rate: ratio(o.implicit.get(mv) ?? 0, created),
      intent_confidence_q: nParsed > 0 ? p!.intent_q : [],
      slot_confidence_q: nParsed > 0 ? p!.slot_q : [],
      latency_ms_q: nParsed > 0 ? p!.latency_q : [],
    };
  });
}

/**
 * Thresholds an operator is alerted on when a figure is worse for two days running (alerts asset).
 * Chosen from what the current model does on the dev and challenge corpora with room for real
 * traffic; `higher` says which way is worse.
 */
export const QUALITY_THRESHOLDS = {
  failure_rate: { max: 0.05 },
  clarification_rate: { max: 0.25 },
  llm_rate: { max: 0.3 },
  wrong_feedback_rate: { max: 0.05 },
  implicit_error_rate: { max: 0.1 },
} as const satisfies Partial<Record<keyof QualityRow, { max: number }>>;
export type QualityMetric = keyof typeof QUALITY_THRESHOLDS;

/** The figures of a `*` row past their threshold. */
export function breaches(row: Pick<QualityRow, QualityMetric>): QualityMetric[] {
  return (Object.keys(QUALITY_THRESHOLDS) as QualityMetric[]).filter((m) => {
    const v = row[m];
    return v !== null && v > QUALITY_THRESHOLDS[m].max;
  });
}
