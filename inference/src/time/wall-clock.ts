import { DateTime, type Zone } from 'luxon';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * The instant a wall-clock time names in `zone`, as RFC 5545 reads local times: a time that
 * happens twice (the hour repeated when clocks go back) is its first occurrence; a time that
 * does not exist (skipped when clocks go forward) moves forward by the gap (Luxon's reading).
 */
export function wallClock(t: WallClock, zone: Zone): DateTime {
  const dt = DateTime.fromObject({ ...t, second: 0, millisecond: 0 }, { zone });
  if (!dt.isValid) return dt;
  return dt.getPossibleOffsets().reduce((a, b) => (b < a ? b : a), dt);
}
