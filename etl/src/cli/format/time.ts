import { DateTime } from 'luxon';

/** A duration the way an operator reads it: 340 ms, 12.3 s, 4 min 05 s, 2 h 05 min, 3 d 4 h. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const two = (n: number) => String(n).padStart(2, '0');
  const unit = (big: number, bigName: string, small: number, smallName: string, pad: boolean) =>
    small === 0 ? `${big} ${bigName}` : `${big} ${bigName} ${pad ? two(small) : small} ${smallName}`;
  if (s < 3600) return unit(Math.floor(s / 60), 'min', s % 60, 's', true);
  if (s < 86_400) return unit(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min', true);
  return unit(Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3600), 'h', false);
}

/**
 * An instant in `zone`, as short as is unambiguous next to `now`: the time alone on the same
 * day, the date and minute otherwise.
 */
export function formatTime(at: Date | string | null | undefined, zone: string, now: Date): string {
  if (at === null || at === undefined) return '-';
  const t = DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone });
  if (!t.isValid) return '-';
  const today = DateTime.fromJSDate(now, { zone });
  return t.hasSame(today, 'day') ? t.toFormat('HH:mm:ss') : t.toFormat('yyyy-MM-dd HH:mm');
}

/** An instant in full, to the millisecond, with its zone's offset. */
export function formatInstant(at: Date | string, zone: string): string {
  const t = DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone });
  return t.isValid ? t.toFormat('yyyy-MM-dd HH:mm:ss.SSS ZZ') : '-';
}

/** The wall-clock part, to the millisecond (a timeline under a dated header). */
export function formatClock(at: Date | string, zone: string): string {
  const t = DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone });
  return t.isValid ? t.toFormat('HH:mm:ss.SSS') : '-';
}

/** Offset of an event from the first one: +0 ms, +1.2 s, +4 min 05 s. */
export const formatOffset = (ms: number): string => `+${formatDuration(ms)}`;
