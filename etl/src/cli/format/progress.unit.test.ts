import { describe, expect, it } from 'vitest';
import { eta, progressLine } from './progress';

describe('progress line', () => {
  it('ETA from the pace of the finished runs, none before the first or after the last', () => {
    expect(eta({ total: 10, done: 0, elapsedMs: 5000 })).toBeNull();
    expect(eta({ total: 10, done: 4, elapsedMs: 8000 })).toBe(12_000);
    expect(eta({ total: 4, done: 4, elapsedMs: 8000 })).toBeNull();
  });

  it('bar, runs done of the total, failures, the running step, elapsed and ETA', () => {
    const p = { total: 10, done: 4, failed: 1, current: ['parse_quality 2026-11-10'], elapsedMs: 8000 };
    expect(progressLine(p, { columns: 200, unicode: false, color: false })).toBe(
      '[########------------] 4/10 runs · 1 failed · parse_quality 2026-11-10 · 8.0 s · ETA 12 s',
    );
    expect(progressLine({ ...p, failed: 0, current: ['a 1', 'b 2', 'c 3'] }, { columns: 200, unicode: true, color: false, barWidth: 4 })).toBe(
      '[██░░] 4/10 runs · a 1 +2 more · 8.0 s · ETA 12 s',
    );
    expect(progressLine({ total: 1, done: 1, failed: 0, current: [], elapsedMs: 400 }, { columns: 80, unicode: false, color: false })).toBe(
      '[####################] 1/1 run · 400 ms',
    );
  });

  it('the running steps give way to fit the terminal; their text is cleaned', () => {
    const p = { total: 2, done: 0, failed: 0, current: ['an_asset_with_a_long_name 2026-11-10\u001b[2J'], elapsedMs: 100 };
    const line = progressLine(p, { columns: 60, unicode: false, color: false });
    expect([...line].length).toBeLessThanOrEqual(59);
    expect(line).toContain('an_asset');
    expect(line).toContain('…');
    expect(line).not.toContain('\u001b');
    expect(progressLine(p, { columns: 30, unicode: false, color: false })).toBe('[--------------------] 0/2 runs · 100 ms');
  });
});
