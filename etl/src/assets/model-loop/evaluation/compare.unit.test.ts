import { describe, expect, it } from 'vitest';
import { compareModels, describeComparison, type ModelEvaluation } from './compare';

const evaluation = (over: { dev?: Partial<ModelEvaluation['corpora'][string]>; p99?: number; rss?: number } = {}): ModelEvaluation => ({
  version: 'v',
  corpora: {
    dev: { n: 200, intent_acc: 0.95, due_acc: 0.9, rrule_acc: 0.98, text_f1: 0.92, exact: 0.85, errors: 0, ...over.dev },
    feedback: { n: 20, intent_acc: 1, due_acc: 0.8, rrule_acc: 1, text_f1: 0.9, exact: 0.7, errors: 0 },
  },
  latency: { n: 220, p50_ms: 1, p99_ms: over.p99 ?? 5 },
  rss_mb: over.rss ?? 180,
  load_ms: 200,
});

describe('candidate vs active model', () => {
  it('promotes a candidate better on one metric and not worse on any', () => {
    const c = compareModels(evaluation({ dev: { due_acc: 0.93 } }), evaluation());
    expect(c.verdict).toBe('promote');
    expect(c.better.map((f) => f.metric)).toEqual(['dev.due_acc']);
    expect(describeComparison(c)).toContain('better on dev.due_acc 0.9300 vs 0.9000');
  });

  it('refuses one worse beyond the tolerance anywhere, even if better elsewhere', () => {
    const c = compareModels(evaluation({ dev: { due_acc: 0.95, text_f1: 0.9 } }), evaluation());
    expect(c.verdict).toBe('inferior');
    expect(c.worse.map((f) => f.metric)).toEqual(['dev.text_f1']);
  });

  it('tolerates one example of noise (or a point) but calls an equal model not better', () => {
    // 1/200 = 0.5 point < 1 point: the point is the margin.
    expect(compareModels(evaluation({ dev: { due_acc: 0.891 } }), evaluation()).verdict).toBe('not-better');
    expect(compareModels(evaluation(), evaluation()).verdict).toBe('not-better');
  });

  it('refuses a much slower or bigger model', () => {
    expect(compareModels(evaluation({ dev: { due_acc: 0.95 }, p99: 9 }), evaluation()).worse.map((f) => f.metric)).toEqual(['latency.p99_ms']);
    expect(compareModels(evaluation({ dev: { due_acc: 0.95 }, rss: 260 }), evaluation()).worse.map((f) => f.metric)).toEqual(['rss_mb']);
    expect(compareModels(evaluation({ dev: { due_acc: 0.95 }, p99: 7 }), evaluation()).verdict).toBe('promote');
  });
});
