import { quoteIdent } from '@napominalka/core';
import { defineAsset, previousDay, type PartitionsDefinition } from '../../framework';
import { etlMetrics } from '../../framework/execution/metrics';
import type { EtlResources } from '../../resources';
import { eventsFingerprint } from '../shared/events-fingerprint';
import { replaceDay } from '../shared/replace-partition';
import { driftReportHtml } from './html';
import { previousDaysReference, previousDaysWindow, WINDOW_CAP } from './reference';
import { buildDriftReport, type Reference } from './report';
import { reportPath, saveReport } from './reports-table';
import { activeModelVersion, trainingReference } from './training-reference';
import { featureWindow } from './window-query';
import { chTime } from '../shared/ch-time';

/**
 * `drift_report` (daily): the day's parses against a reference — the active model's training
 * profile (ETL_DRIFT_REFERENCE=training, the default; the previous 28 days where the model has no
 * profile) or the previous 28 days — per feature with Evidently's default test, dataset drift, and
 * text drift by a domain classifier against the previous 28 days' texts. Writes the JSON report
 * and a self-contained HTML page (Postgres etl_reports, served by the UI) and a summary row
 * (ClickHouse etl_drift_summary).
 */
export function driftReportAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'drift_report',
    description: "the day's drift against the reference: per-feature tests, dataset drift, text drift (report + ClickHouse etl_drift_summary)",
    partitions,
    codeVersion: '1',
    retry: { maxAttempts: 3, backoffMs: 10_000 },
    timeoutMs: 15 * 60_000,
    observe: async (ctx) => {
      const { ch, config } = ctx.resources;
      const w = previousDaysWindow(ctx.partition!, partitions.kind === 'daily' ? partitions.timezone : 'UTC');
      const source = await eventsFingerprint(ch, { from: w.from, to: ctx.window!.end }, ['MessageParsed', 'MessageReceived', 'ChatSettingsChanged']);
      return `${config.ETL_DRIFT_REFERENCE}:${await activeModelVersion(ctx.resources)}:${source}`;
    },
    materialize: async (ctx) => {
      const { ch, config, pool, store } = ctx.resources;
      const zone = partitions.kind === 'daily' ? partitions.timezone : 'UTC';
      const day = ctx.partition!;
      const current = await featureWindow(ch, { from: ctx.window!.start, to: ctx.window!.end, cap: WINDOW_CAP, defaultZone: config.DEFAULT_TIMEZONE });
      const rolling = await previousDaysReference(ch, day, zone, config.DEFAULT_TIMEZONE);
      // The configured reference first (its verdict is the report's), the other beside it when it exists.
      const training = await trainingReference(ctx.resources);
      if (config.ETL_DRIFT_REFERENCE === 'training' && !training)
        ctx.log('warn', 'the active model has no training profile: comparing with the previous 28 days');
      const references: Reference[] = config.ETL_DRIFT_REFERENCE === 'training' && training ? [training, rolling] : training ? [rolling, training] : [rolling];
      const reference = references[0]!;
      const rollingTexts = rolling.window.texts ?? [];
      const report = buildDriftReport(day, references, current, rollingTexts.length > 0 ? rollingTexts : null);
      const s = quoteIdent(store.schema);
      await saveReport(pool, s, { asset: 'drift_report', partition: day, format: 'json', body: JSON.stringify(report), runId: ctx.runId });
      await saveReport(pool, s, { asset: 'drift_report', partition: day, format: 'html', body: driftReportHtml(report), runId: ctx.runId });
      const text = report.text.status === 'computed' ? report.text : null;
      const share = report.dataset.status === 'measured' ? report.dataset.share : 0;
      await replaceDay(
        ch,
        'etl_drift_summary',
        day,
        [
          {
            day,
            reference: reference.kind,
            reference_rows: reference.window.rows,
            current_rows: current.rows,
            features: report.comparisons[0]!.features.length,
            drifted_features: report.drifted.filter((f) => f !== 'text').length,
            drift_share: share,
            dataset_drift: report.dataset.drifted ? 1 : 0,
            text_drift: text ? (text.drifted ? 1 : 0) : null,
            text_roc_auc: text?.rocAuc ?? null,
            drifted: report.drifted,
            run_id: ctx.runId,
            materialized_at: chTime(new Date()),
          },
        ],
        ctx.signal,
      );
      if (day === previousDay(partitions, ctx.now)) etlMetrics.datasetDrift.set(report.dataset.drifted ? 1 : 0);
      ctx.log('info', `drift_report ${day}: ${report.dataset.drifted ? 'dataset drift' : 'no dataset drift'}; drifted: ${report.drifted.join(', ') || 'none'}`);
      return {
        metadata: {
          dataset_drift: report.dataset.drifted,
          drift_share: share,
          drifted: report.drifted.join(','),
          text_roc_auc: text?.rocAuc ?? null,
          reference: reference.label,
          reference_rows: reference.window.rows,
          current_rows: current.rows,
          report_html: reportPath('drift_report', day, 'html'),
          report_json: reportPath('drift_report', day, 'json'),
        },
      };
    },
    checks: [
      {
        name: 'enough_rows',
        severity: 'warn',
        description: 'at least 200 parses on the day and 1,000 in the reference, so the verdict means something',
        evaluate: async (_ctx, m) => {
          const cur = Number(m.metadata.current_rows ?? 0);
          const ref = Number(m.metadata.reference_rows ?? 0);
          return {
            passed: cur >= 200 && ref >= 1000,
            description: `${cur} parses on the day, ${ref} in the reference`,
            metadata: { current_rows: cur, reference_rows: ref },
          };
        },
      },
    ],
  });
}
