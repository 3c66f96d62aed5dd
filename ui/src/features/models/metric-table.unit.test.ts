import { describe, expect, it } from 'vitest';
import { flattenMetrics, metricTable } from './metric-table';

describe('metricTable', () => {
  it('flattens nested groups and marks the best per row (lower for latencies, none for counts and ties)', () => {
    expect([...flattenMetrics({ dev: { n: 3, acc: 0.9 } }).keys()]).toEqual(['dev.n', 'dev.acc']);
    const rows = metricTable([
      { dev: { n: 128, intent_accuracy: 0.9, same: 1 }, ort: { latencyMs20Tokens: { p50: 0.2 } } },
      { dev: { n: 64, intent_accuracy: 0.95, same: 1 }, ort: { latencyMs20Tokens: { p50: 0.1 } } },
      null,
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(by['dev.intent_accuracy']).toEqual({ name: 'dev.intent_accuracy', values: [0.9, 0.95, null], best: 1 });
    expect(by['ort.latencyMs20Tokens.p50']!.best).toBe(1);
    expect(by['dev.n']!.best).toBeNull();
    expect(by['dev.same']!.best).toBeNull();
  });
});
