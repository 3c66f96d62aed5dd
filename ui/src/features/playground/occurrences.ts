import { DateTime } from 'luxon';
import * as rruleModule from 'rrule';

// rrule ships CommonJS to Node (named exports only under bundlers): take either shape.
const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;

/**
 * The next n occurrences of an RRULE from a due instant, in the user's zone. rrule works on
 * "floating" UTC dates, so the wall-clock time in the zone is fed as if UTC and read back in the zone.
 */
export function nextOccurrences(rrule: string, due: string, zone: string, n = 5): string[] {
  const start = DateTime.fromISO(due, { setZone: true }).setZone(zone);
  if (!start.isValid) return [];
  const floating = new Date(Date.UTC(start.year, start.month - 1, start.day, start.hour, start.minute, start.second));
  const rule = new RRule({ ...RRule.parseString(rrule.replace(/^RRULE:/, '')), dtstart: floating });
  return rule
    .all((_, i) => i < n)
    .map((d) =>
      DateTime.fromObject(
        {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
        },
        { zone },
      ).toISO()!,
    );
}

export function inUtc(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toUTC().toISO() ?? iso;
}
