import { defineAsset, type PartitionsDefinition } from '../../../framework';
import type { EtlResources } from '../../../resources';
import { chTime } from '../../shared/ch-time';
import { replaceDay } from '../../shared/replace-partition';
import { labelsOf } from './derive';
import { OUTCOME_TYPES, reminderHistories } from './histories';
import { eventsFingerprint } from '../../shared/events-fingerprint';
import { LABEL_SOURCES, type FeedbackLabel, type SkipReason } from './label';

/**
 * `feedback_labels` (daily): labelled examples from the day's production outcomes — a ✏️
 * correction or an edit of the message gives the right time/text for it, a delivered reminder
 * marked ✅ without edits is a weaker positive, a cancel within 5 minutes is a suspected error
 * (kept apart) — in the corpus format with provenance, into ClickHouse `etl_feedback_labels`.
 */
export function feedbackLabelsAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'feedback_labels',
    description: "the day's labelled examples from corrections, edits, ✅ and quick cancels (ClickHouse etl_feedback_labels)",
    partitions,
    codeVersion: '1',
    retry: { maxAttempts: 3, backoffMs: 10_000 },
    timeoutMs: 10 * 60_000,
    observe: (ctx) => eventsFingerprint(ctx.resources.ch, { from: ctx.window!.start, to: ctx.window!.end }, OUTCOME_TYPES),
    materialize: async (ctx) => {
      const { ch } = ctx.resources;
      const day = ctx.partition!;
      const histories = await reminderHistories(ch, ctx.window!);
      const labels: FeedbackLabel[] = [];
      const skipped: Partial<Record<SkipReason, number>> = {};
      for (const h of histories) {
        const d = labelsOf(h, day, ctx.window!);
        labels.push(...d.labels);
        if (d.skipped) skipped[d.skipped] = (skipped[d.skipped] ?? 0) + 1;
      }
      const stamp = chTime(new Date());
      const rows = labels.map((l) => ({
        day,
        id: l.id,
        source: l.source,
        use: l.use,
        lang: l.lang,
        model_version: l.model_version,
        chat_id: l.chat_id,
        label: JSON.stringify(l),
        run_id: ctx.runId,
        materialized_at: stamp,
      }));
      await replaceDay(ch, 'etl_feedback_labels', day, rows, ctx.signal);
      const bySource = Object.fromEntries(LABEL_SOURCES.map((s) => [s, labels.filter((l) => l.source === s).length]));
      ctx.log(
        'info',
        `feedback_labels ${day}: ${labels.length} labels from ${histories.length} reminders (${LABEL_SOURCES.map((s) => `${s} ${bySource[s]}`).join(', ')})`,
      );
      return {
        metadata: {
          labels: labels.filter((l) => l.use === 'label').length,
          suspected: bySource.suspected ?? 0,
          reminders: histories.length,
          ...Object.fromEntries(LABEL_SOURCES.map((s) => [`source_${s}`, bySource[s] ?? 0])),
          ...Object.fromEntries(Object.entries(skipped).map(([k, v]) => [`skipped_${k.replaceAll('-', '_')}`, v])),
        },
      };
    },
    checks: [
      {
        name: 'labels_have_provenance',
        severity: 'error',
        description: 'every label names the events it was read from, and its due is in its own zone',
        evaluate: async (ctx) => {
          const [r] = await ctx.resources.ch.query<{ bad: string; n: string }>(
            `SELECT countIf(JSONLength(label, 'event_ids') < 3 OR JSONExtractString(label, 'due') = '') AS bad, count() AS n
             FROM ${ctx.resources.ch.table('etl_feedback_labels')} WHERE day = {day:Date}`,
            { day: ctx.partition! },
          );
          const bad = Number(r?.bad ?? 0);
          return { passed: bad === 0, description: `${bad} of ${r?.n ?? 0} labels without provenance or due`, metadata: { bad } };
        },
      },
    ],
  });
}
