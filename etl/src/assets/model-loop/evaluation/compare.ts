import { z } from 'zod';

/** What inference/src/eval/evaluate-model.ts prints for one model. */
export const modelEvaluationSchema = z.object({
  version: z.string(),
  corpora: z.record(
    z.object({
      n: z.number(),
      intent_acc: z.number().nullable(),
      due_acc: z.number().nullable(),
      rrule_acc: z.number().nullable(),
      text_f1: z.number().nullable(),
      exact: z.number().nullable(),
      errors: z.number(),
    }),
  ),
  latency: z.object({ n: z.number(), p50_ms: z.number().nullable(), p99_ms: z.number().nullable() }),
  rss_mb: z.number(),
  load_ms: z.number(),
});
export type ModelEvaluation = z.infer<typeof modelEvaluationSchema>;

export const QUALITY_METRICS = ['intent_acc', 'due_acc', 'rrule_acc', 'text_f1'] as const;
type QualityMetric = (typeof QUALITY_METRICS)[number];

/**
 * The tolerances of "not worse": a quality figure may be lower by one example's worth of its
 * corpus or 1 point, whichever is larger (small corpora are noisy); "better" needs the same
 * margin upwards. Latency and memory are measured on a shared 2-core machine: p50 may be 25 %
 * (+0.05 ms) and p99 50 % (+0.5 ms) slower, RSS 10 % (+16 MiB) larger. Only quality can make a
 * candidate better: a faster model that understands no more is not worth a rollout.
 */
export const TOLERANCE = { qualityPoints: 0.01, p50: { ratio: 1.25, ms: 0.05 }, p99: { ratio: 1.5, ms: 0.5 }, rss: { ratio: 1.1, mb: 16 } } as const;

export interface Finding {
  metric: string;
  candidate: number;
  active: number;
  limit: number;
}

export interface Comparison {
  verdict: 'promote' | 'not-better' | 'inferior';
  worse: Finding[];
  better: Finding[];
}

const margin = (n: number) => Math.max(TOLERANCE.qualityPoints, n > 0 ? 1 / n : 1);

/** Non-inferior on every metric (within TOLERANCE) and better on at least one quality metric. */
export function compareModels(candidate: ModelEvaluation, active: ModelEvaluation): Comparison {
  const worse: Finding[] = [];
  const better: Finding[] = [];
  for (const [corpus, a] of Object.entries(active.corpora)) {
    const c = candidate.corpora[corpus];
    if (!c) {
      worse.push({ metric: `${corpus}.missing`, candidate: 0, active: a.n, limit: a.n });
      continue;
    }
    for (const m of QUALITY_METRICS as readonly QualityMetric[]) {
      const [cv, av] = [c[m], a[m]];
      if (cv === null || av === null) continue;
      const tol = margin(a.n);
      if (cv < av - tol - 1e-9) worse.push({ metric: `${corpus}.${m}`, candidate: cv, active: av, limit: av - tol });
      else if (cv >= av + tol - 1e-9) better.push({ metric: `${corpus}.${m}`, candidate: cv, active: av, limit: av + tol });
    }
  }
  const cost = (metric: string, cv: number | null, av: number | null, ratio: number, plus: number) => {
    if (cv === null || av === null) return;
    const limit = av * ratio + plus;
    if (cv > limit) worse.push({ metric, candidate: cv, active: av, limit });
  };
  cost('latency.p50_ms', candidate.latency.p50_ms, active.latency.p50_ms, TOLERANCE.p50.ratio, TOLERANCE.p50.ms);
  cost('latency.p99_ms', candidate.latency.p99_ms, active.latency.p99_ms, TOLERANCE.p99.ratio, TOLERANCE.p99.ms);
  cost('rss_mb', candidate.rss_mb, active.rss_mb, TOLERANCE.rss.ratio, TOLERANCE.rss.mb);
  const verdict = worse.length > 0 ? 'inferior' : better.length > 0 ? 'promote' : 'not-better';
  return { verdict, worse, better };
}

const fmt = (f: Finding) => `${f.metric} ${f.candidate.toFixed(4)} vs ${f.active.toFixed(4)}`;

/** One line for the run's log and the check: why it is promoted or refused. */
export function describeComparison(c: Comparison): string {
  switch (c.verdict) {
    case 'promote':
      return `not worse on any metric; better on ${c.better.map(fmt).join(', ')}`;
    case 'not-better':
      return 'not worse on any metric, but better on none';
    case 'inferior':
      return `worse on ${c.worse.map(fmt).join(', ')}`;
  }
}
