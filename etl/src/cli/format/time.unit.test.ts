import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatInstant, formatOffset, formatTime } from './time';

describe('durations and times', () => {
  it('durations read at a glance', () => {
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(-1)).toBe('-');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(340.4)).toBe('340 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(9999)).toBe('9.9 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(15 * 60_000)).toBe('15 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 05 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatOffset(1500)).toBe('+1.5 s');
  });

  it('times: the clock on the same day in the zone, else the date and minute', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(formatTime(new Date('2026-12-02T06:48:05.9Z'), 'UTC', now)).toBe('06:48:05');
    expect(formatTime('2026-12-01T23:30:00Z', 'UTC', now)).toBe('2026-12-01 23:30');
    // The same instant is today in Moscow.
    expect(formatTime('2026-12-01T23:30:00Z', 'Europe/Moscow', now)).toBe('02:30:00');
    expect(formatTime(null, 'UTC', now)).toBe('-');
    expect(formatInstant('2026-12-02T06:48:05.123Z', 'Europe/Moscow')).toBe('2026-12-02 09:48:05.123 +03:00');
    expect(formatClock('2026-12-02T06:48:05.123Z', 'UTC')).toBe('06:48:05.123');
  });
});
