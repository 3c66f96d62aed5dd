import { DateTime, IANAZone, type Zone } from 'luxon';

/** A local date and time without a zone: "2026-03-12T09:00" (minutes precision). */
export type LocalDateTime = string;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export function parseLocal(local: LocalDateTime): WallClock {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`not a local date-time: ${local}`);
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! };
}

export function formatLocal(t: WallClock): LocalDateTime {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}`;
}

/** The wall clock an instant shows in `zone`. */
export function localOf(instant: string | DateTime, zone: string): LocalDateTime {
  const dt = (typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : instant).setZone(zone);
  return formatLocal(dt);
}

/**
 * The instant a wall-clock time names in `zone`, as RFC 5545 reads local times: a time that
 * happens twice (the hour repeated when clocks go back) is its first occurrence; a time that
 * does not exist (skipped when clocks go forward) moves forward by the gap (Luxon's reading).
 * The one reading for the whole system: the domain's occurrences and the parser's resolver.
 */
export function wallClock(t: WallClock | LocalDateTime, zone: string | Zone): DateTime {
  const w = typeof t === 'string' ? parseLocal(t) : t;
  const dt = DateTime.fromObject({ ...w, second: 0, millisecond: 0 }, { zone });
  if (!dt.isValid) return dt;
  return dt.getPossibleOffsets().reduce((a, b) => (b < a ? b : a), dt);
}

export const isValidZone = (zone: string): boolean => zone.length > 0 && zone.length <= 64 && IANAZone.isValidZone(zone);

/** An instant as written in events: ISO 8601 with the offset of `zone`, milliseconds dropped. */
export const toIso = (dt: DateTime, zone: string): string => dt.setZone(zone).toISO({ suppressMilliseconds: true })!;
