import { defineAsset, type PartitionsDefinition } from '../../framework';
import type { EtlResources } from '../../resources';
import { replaceDay } from '../shared/replace-partition';
import { qualityRows } from './figures';
import { outcomeCounts, parsedFigures } from './queries';
import { chTime } from '../shared/ch-time';
import { eventsFingerprint } from '../shared/events-fingerprint';

/**
 * `parse_quality` (daily): how the parser did that day, per model version — messages, intent and
 * language mix, clarification / failure / LLM / rules rates, ✏️ feedback, corrections after
 * delivery, implicit errors (cancelled or edited within 5 minutes), confidence and latency
 * quantiles — into ClickHouse `etl_parse_quality`, one day replaced at a time.
 */
export function parseQualityAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'parse_quality',
    description: "the day's parse-quality figures per model version (ClickHouse etl_parse_quality)",
    partitions,
    codeVersion: '1',
    retry: { maxAttempts: 3, backoffMs: 10_000 },
    timeoutMs: 10 * 60_000,
    // Late events (a redelivery, a catch-up) change the day: the fingerprint sees them.
    observe: (ctx) => eventsFingerprint(ctx.resources.ch, { from: ctx.window!.start, to: ctx.window!.end }),
    materialize: async (ctx) => {
      const { ch } = ctx.resources;
      const w = { from: ctx.window!.start, to: ctx.window!.end };
      const rows = qualityRows(ctx.partition!, await parsedFigures(ch, w), await outcomeCounts(ch, w));
      const stamp = chTime(new Date());
      await replaceDay(
        ch,
        'etl_parse_quality',
        ctx.partition!,
        rows.map((r) => ({ ...r, run_id: ctx.runId, materialized_at: stamp })),
        ctx.signal,
      );
      const all = rows.find((r) => r.model_version === '*')!;
      ctx.log('info', `parse_quality ${ctx.partition}: ${all.attempts} parses, ${rows.length - 1} model version(s)`);
      return {
        metadata: {
          rows: rows.length,
          messages: all.messages,
          attempts: all.attempts,
          model_versions: rows.length - 1,
          failure_rate: all.failure_rate,
          clarification_rate: all.clarification_rate,
          llm_rate: all.llm_rate,
          wrong_feedback_rate: all.wrong_feedback_rate,
          implicit_error_rate: all.implicit_error_rate,
          latency_p99_ms: all.latency_ms_q[2] ?? null,
        },
      };
    },
    checks: [
      {
        name: 'has_parses_when_bot_ran',
        severity: 'error',
        description: 'a day on which users wrote has parses (else the parser was down)',
        evaluate: async (_ctx, m) => {
          const messages = Number(m.metadata.messages ?? 0);
          const attempts = Number(m.metadata.attempts ?? 0);
          if (messages === 0) return { passed: true, description: 'no messages that day: nothing to parse', metadata: { messages, attempts } };
          return { passed: attempts > 0, description: `${messages} messages, ${attempts} parses`, metadata: { messages, attempts } };
        },
      },
      {
        name: 'parse_coverage',
        severity: 'warn',
        description: 'at least 95 % of text messages were parsed',
        evaluate: async (_ctx, m) => {
          const messages = Number(m.metadata.messages ?? 0);
          const attempts = Number(m.metadata.attempts ?? 0);
          const coverage = messages > 0 ? attempts / messages : 1;
          return { passed: coverage >= 0.95, description: `coverage ${(coverage * 100).toFixed(1)} %`, metadata: { coverage } };
        },
      },
    ],
  });
}
