/**
 * The baseline the real parser is compared with: chrono-node, used as it comes (casual ru / en
 * parsers, forwardDate), with no rules of our own. It knows dates and times only: the intent is
 * `create` when it finds a date, else `other`; it never gives a recurrence.
 *
 * Zones: chrono takes a fixed UTC offset as the reference zone, so it is given the offset of
 * `now` in the user's zone. A wall-clock result (a day, a time of day, "in 3 days") is then
 * placed in the user's IANA zone, so that a date past a DST change keeps its wall-clock time;
 * results chrono pins to an instant itself ("in 2 hours", or a zone named in the text) are kept
 * as they are. chrono's own arithmetic uses the process's zone in places: run-eval sets TZ=UTC.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Parser, ParserInput, ParserOutput } from './parser-registry';

const CYRILLIC = /\p{Script=Cyrillic}/u;

function formatInZone(dt: DateTime): string {
  return dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

export function parseWithChrono(input: ParserInput): ParserOutput {
  const { text, timezone, now } = input;
  const ref = DateTime.fromISO(now, { setZone: true });
  if (!ref.isValid) throw new Error(`chrono baseline: invalid now ${JSON.stringify(now)}`);
  const lang = input.lang ?? (CYRILLIC.test(text) ? 'ru' : 'en');
  const locale = lang === 'ru' ? chrono.ru : chrono.en;
  const results = locale.parse(text, { instant: ref.toJSDate(), timezone: ref.offset }, { forwardDate: true });
  const first = results[0];
  if (!first) {
    return { intent: 'other', due: null, rrule: null, reminderText: text.trim() || null };
  }
  const start = first.start;
  let due: DateTime;
  if (start.isCertain('timezoneOffset') || start.tags().has('result/relativeDateAndTime')) {
    due = DateTime.fromJSDate(start.date()).setZone(timezone);
  } else {
    due = DateTime.fromObject(
      {
        year: start.get('year') ?? undefined,
        month: start.get('month') ?? undefined,
        day: start.get('day') ?? undefined,
        hour: start.get('hour') ?? 0,
        minute: start.get('minute') ?? 0,
        second: start.get('second') ?? 0,
      },
      { zone: timezone },
    );
    if (!due.isValid) due = DateTime.fromJSDate(start.date()).setZone(timezone);
  }
  const rest = (text.slice(0, first.index) + ' ' + text.slice(first.index + first.text.length)).replace(/\s+/gu, ' ').trim();
  return {
    intent: 'create',
    due: due.isValid ? formatInZone(due) : null,
    rrule: null,
    reminderText: rest || null,
  };
}

export function createChronoBaseline(): Parser {
  return { name: 'chrono', parse: parseWithChrono };
}
