import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { defineAsset, identity, type PartitionsDefinition } from '../../../framework';
import type { EtlResources } from '../../../resources';
import { activeVersion } from '@napominalka/core/model-registry';
import { labelsUpTo } from '../training-set/export-labels';
import { EVALUATION_CORPORA } from '../shared/paths';
import { compareModels, describeComparison, QUALITY_METRICS, type ModelEvaluation } from './compare';
import { evaluateInSubprocess, pairedLatencyInSubprocess } from './run-evaluation';

/** Feedback labels of this many days before the partition (and its own) make the "recent feedback" corpus. */
export const RECENT_FEEDBACK_DAYS = 28;

const CORPUS_FIELDS = ['id', 'lang', 'tz', 'now', 'text', 'intent', 'due', 'rrule', 'reminder_text', 'tags'] as const;

function figures(prefix: string, e: ModelEvaluation): Record<string, number | null> {
  const out: Record<string, number | null> = { [`${prefix}_p50_ms`]: e.latency.p50_ms, [`${prefix}_p99_ms`]: e.latency.p99_ms, [`${prefix}_rss_mb`]: e.rss_mb };
  for (const [corpus, m] of Object.entries(e.corpora)) for (const k of QUALITY_METRICS) out[`${prefix}_${corpus}_${k}`] = m[k];
  return out;
}

/**
 * `candidate_evaluation` (daily): the candidate and the active model on the same corpora — the
 * dev corpora of shared/eval, the challenge corpus, and the recent feedback labels no model was
 * trained on — intent, due, rrule, text F1, latency p50/p99 and RSS. Its blocking check passes
 * only when the candidate is not worse on any of them and better on one (compare.ts states the
 * tolerances); promotion runs only then.
 */
export function candidateEvaluationAsset(partitions: PartitionsDefinition) {
  return defineAsset<EtlResources>({
    key: 'candidate_evaluation',
    description: 'candidate vs active model on the dev, challenge and recent-feedback corpora; blocks promotion unless not worse anywhere and better somewhere',
    partitions,
    deps: [{ asset: 'candidate_model', mapping: identity() }],
    codeVersion: '1',
    retry: { maxAttempts: 2, backoffMs: 10_000 },
    timeoutMs: 20 * 60_000,
    materialize: async (ctx) => {
      const { ch, modelsDir } = ctx.resources;
      const candidate = String(ctx.upstream.candidate_model?.[0]?.metadata.version ?? '');
      if (!candidate) throw new Error('no candidate model for this day');
      const active = await activeVersion(ctx.resources.store, modelsDir);
      const dir = path.join(modelsDir, 'evaluations', `${ctx.partition}-${candidate}`);
      await mkdir(dir, { recursive: true });
      const from = DateTime.fromISO(ctx.partition!, { zone: 'UTC' }).minus({ days: RECENT_FEEDBACK_DAYS }).toISODate()!;
      const recent = await labelsUpTo(ch, ctx.partition!, { side: 'evaluation', fromDay: from });
      const corpora: Array<{ name: string; file: string }> = [...EVALUATION_CORPORA];
      if (recent.length > 0) {
        const file = path.join(dir, 'feedback.jsonl');
        const rows = recent.map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => Object.fromEntries(CORPUS_FIELDS.map((k) => [k, r[k]])));
        await writeFile(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
        corpora.push({ name: 'feedback', file });
      }
      ctx.log(
        'info',
        `evaluating candidate ${candidate} against ${active ?? 'no active model'} on ${corpora.map((c) => c.name).join(', ')} (${recent.length} feedback labels)`,
      );
      let cand = await evaluateInSubprocess(ctx, candidate, corpora);
      let act = active && active !== candidate ? await evaluateInSubprocess(ctx, active, corpora) : null;
      if (act) {
        // Quality and RSS from each model's own process; latency side by side in one.
        const latency = await pairedLatencyInSubprocess(ctx, [candidate, act.version], corpora);
        cand = { ...cand, latency: latency[candidate] ?? cand.latency };
        act = { ...act, latency: latency[act.version] ?? act.latency };
      }
      const comparison = act ? compareModels(cand, act) : { verdict: 'promote' as const, worse: [], better: [] };
      const summary = act ? describeComparison(comparison) : 'no active model to compare with';
      await writeFile(path.join(dir, 'evaluation.json'), `${JSON.stringify({ candidate: cand, active: act, comparison }, null, 1)}\n`);
      ctx.log(comparison.verdict === 'promote' ? 'info' : 'warn', `${candidate}: ${comparison.verdict}: ${summary}`);
      return {
        metadata: {
          candidate,
          active: active ?? null,
          verdict: comparison.verdict,
          summary: summary.slice(0, 1000),
          worse: comparison.worse.map((f) => f.metric).join(','),
          better: comparison.better.map((f) => f.metric).join(','),
          feedback_labels: recent.length,
          report: path.relative(modelsDir, path.join(dir, 'evaluation.json')),
          ...figures('candidate', cand),
          ...(act ? figures('active', act) : {}),
        },
      };
    },
    checks: [
      {
        name: 'better_and_not_worse',
        severity: 'error',
        description: 'the candidate is not worse than the active model on any metric (within the stated tolerances) and better on at least one',
        evaluate: async (_ctx, m) => ({ passed: m.metadata.verdict === 'promote', description: String(m.metadata.summary ?? '') }),
      },
    ],
  });
}
