import { describe, expect, it } from 'vitest';
import { formatSeconds, progressLine } from './progress';

describe('progress line', () => {
  it('shows the share done, the rate and the time left', () => {
    expect(progressLine({ done: 600_000, total: 1_000_000 }, 30_000, 10)).toBe('[██████░░░░] 60% 600,000/1,000,000 events · 20,000 events/s · ETA 20 s');
  });
  it('has no ETA before anything is done, and is full at the end', () => {
    expect(progressLine({ done: 0, total: 10 }, 0, 4)).toBe('[░░░░] 0% 0/10 events · 0 events/s · ETA –');
    expect(progressLine({ done: 10, total: 10 }, 1000, 4)).toBe('[████] 100% 10/10 events · 10 events/s · ETA 0 s');
  });
  it('writes long waits in minutes and hours', () => {
    expect([formatSeconds(0.2), formatSeconds(75), formatSeconds(3 * 3600 + 120)]).toEqual(['1 s', '1 min 15 s', '3 h 2 min']);
  });
});
