import { describe, expect, it } from 'vitest';
import { gate } from './model-gate';

/** One evaluate-model.ts result line: progress lines before it are ignored, as in the workflow. */
function evaluation(version: string, dueAcc: number, p99 = 5): string {
  const corpus = { n: 400, intent_acc: 0.95, due_acc: dueAcc, rrule_acc: 0.9, text_f1: 0.9, exact: 0.7, errors: 0 };
  return `loading…\n${JSON.stringify({ version, corpora: { dev: corpus, challenge: corpus }, latency: { n: 800, p50_ms: 1, p99_ms: p99 }, rss_mb: 200, load_ms: 50 })}\n`;
}

describe('model gate', () => {
  it('keeps a candidate better on a quality metric and not worse elsewhere', () => {
    const g = gate(evaluation('old', 0.8), evaluation('new', 0.85));
    expect(g.exitCode).toBe(0);
    expect(g.summary).toMatch(/^new vs old: promote/);
  });

  it('refuses a worse candidate, naming the metric', () => {
    const g = gate(evaluation('old', 0.85), evaluation('new', 0.8));
    expect(g.exitCode).toBe(1);
    expect(g.summary).toContain('dev.due_acc');
  });

  it('refuses a candidate that is no better, or better but too slow', () => {
    expect(gate(evaluation('old', 0.8), evaluation('new', 0.8))).toMatchObject({ verdict: 'not-better', exitCode: 1 });
    expect(gate(evaluation('old', 0.8), evaluation('new', 0.85, 50)).exitCode).toBe(1);
  });

  it('with acceptEqual keeps a candidate that is as good, never a worse one', () => {
    expect(gate(evaluation('old', 1), evaluation('new', 1), { acceptEqual: true }).exitCode).toBe(0);
    expect(gate(evaluation('old', 0.85), evaluation('new', 0.8), { acceptEqual: true }).exitCode).toBe(1);
    expect(gate(evaluation('old', 0.8), evaluation('new', 0.8, 50), { acceptEqual: true }).exitCode).toBe(1);
  });
});
