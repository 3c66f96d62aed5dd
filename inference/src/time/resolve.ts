import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import type {
  ClockMeaning,
  CountMeaning,
  DateMeaning,
  DayWordMeaning,
  Expression,
  Meaning,
  MeaningKind,
  OffsetMeaning,
  PartOfDay,
  PeriodEnd,
  RecurrenceMeaning,
  WeekdayMeaning,
  ZoneMeaning,
} from './expression';
import { offset } from './expression';
import { firstOccurrence, formatRRule } from './rrule';
import { recurrenceEnds } from './recurrence-ends';
import { NINE, timeOfDay, type TimeOfDay } from './time-of-day';
// The wall clock alone: the core index would load the services' runtime (metrics, OTel) into the parser.
import { wallClock } from '@napominalka/core/wall-clock';
import type { ResolveFailure } from '@napominalka/core';

/**
 * From the expressions of one message to `due` and `rrule` (CONVENTIONS rules 1–10). All zone
 * and DST arithmetic is Luxon's: wall-clock values are set in a zone and Luxon finds the instant.
 */

export interface ResolveOptions {
  /** The instant the message was received, ISO 8601 with offset. */
  now: string;
  /** The user's IANA zone. */
  timezone: string;
  intent: string;
}

export interface Resolution {
  /** ISO 8601 in the user's zone, or null (ask the user). */
  due: string | null;
  rrule: string | null;
  /** Why `due` is null. */
  reason?: ResolveFailure;
}

type Of<K extends MeaningKind> = Extract<Meaning, { kind: K }>;
const first = <K extends MeaningKind>(ms: readonly Meaning[], kind: K): Of<K> | null => (ms.find((m) => m.kind === kind) as Of<K> | undefined) ?? null;
const all = <K extends MeaningKind>(ms: readonly Meaning[], kind: K): Of<K>[] => ms.filter((m) => m.kind === kind) as Of<K>[];

export const formatDue = (d: DateTime, zone: string): string => d.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");

function zoneOf(z: ZoneMeaning): Zone | null {
  if (z.iana) {
    const zone = IANAZone.create(z.iana);
    return zone.isValid ? zone : null;
  }
  return FixedOffsetZone.instance(z.offsetMinutes ?? 0);
}

/** Wall-clock `tod` on the calendar day of `day`, in `zone`. */
function at(day: DateTime, tod: TimeOfDay, zone: Zone): DateTime {
  const d = tod.endsDay ? day.plus({ days: 1 }) : day;
  return wallClock({ year: d.year, month: d.month, day: d.day, hour: tod.hour, minute: tod.minute }, zone);
}

/** Several recurrence phrases of one message make one rule ("каждый понедельник и каждую среду"). */
function mergeRecurrences(rs: RecurrenceMeaning[]): RecurrenceMeaning | null {
  const [head, ...rest] = rs;
  if (!head) return null;
  const r = { ...head, byday: [...head.byday], bymonthday: [...head.bymonthday], bymonth: [...head.bymonth] };
  for (const o of rest) {
    if (o.freq === 'WEEKLY' && r.freq === 'WEEKLY') r.byday = [...new Set([...r.byday, ...o.byday])];
    if ((o.freq === 'MONTHLY' || o.freq === 'YEARLY') && r.freq !== 'HOURLY' && r.freq !== 'MINUTELY' && !r.bymonthday.length) {
      r.freq = o.freq;
      r.bymonthday = o.bymonthday;
      r.bymonth = o.bymonth;
    }
    r.part ??= o.part;
  }
  return r;
}

interface Frame {
  zone: Zone;
  now: DateTime;
  offset: OffsetMeaning | null;
  clock: ClockMeaning | null;
  part: PartOfDay | null;
  date: DateMeaning | null;
  weekday: WeekdayMeaning | null;
  dayWord: DayWordMeaning | null;
  recurrence: RecurrenceMeaning | null;
  /** Rule 14: subtracted from the instant the rest of the message names. */
  before: OffsetMeaning | null;
  /** Rule 17: one weekend named. */
  weekend: boolean;
  /** Rule 19: the end of the recurrence (a date, or a count or duration). */
  until: DateMeaning | WeekdayMeaning | PeriodEnd | null;
  count: CountMeaning | null;
}

function sumOffsets(os: OffsetMeaning[]): OffsetMeaning | null {
  if (!os.length) return null;
  return os.reduce((a, o) => ({
    ...a,
    minutes: a.minutes + o.minutes,
    days: a.days + o.days,
    weeks: a.weeks + o.weeks,
    months: a.months + o.months,
    years: a.years + o.years,
  }));
}

const hasCalendar = (o: OffsetMeaning | null): boolean => !!o && (o.days !== 0 || o.weeks !== 0 || o.months !== 0 || o.years !== 0);

function frame(ms: readonly Meaning[], zone: Zone, now: DateTime): Frame {
  let count = first(ms, 'count');
  const recurs = ms.some((m) => m.kind === 'recurrence');
  // With no recurrence, a duration "for 2 days" is the bare offset it was ("snooze for 2 days").
  const offsets = [...all(ms, 'offset'), ...(count && !recurs && count.days ? [offset({ days: count.days, bare: true })] : [])];
  if (!recurs) count = null;
  const others = ms.some((m) => m.kind !== 'offset' && m.kind !== 'zone' && m.kind !== 'count');
  const firm = offsets.filter((o) => !o.bare);
  const dayWord = first(ms, 'dayWord');
  let recurrence = mergeRecurrences(all(ms, 'recurrence'));
  const until = first(ms, 'until');
  const night = first(ms, 'night');
  // With no recurrence, "до 20 декабря" / "до пятницы" is that day itself ("сдать отчёт до пятницы").
  const untilDay = recurrence ? null : (until?.date ?? null);
  let date = first(ms, 'date') ?? (untilDay?.kind === 'date' ? untilDay : null);
  // "в ночь с пятницы на субботу": that Friday read as "this", at night (rule 17).
  let weekday =
    first(ms, 'weekday') ??
    (night ? { kind: 'weekday' as const, day: night.day, modifier: 'this' as const } : null) ??
    (untilDay?.kind === 'weekday' ? untilDay : null);
  if (recurrence && date) {
    // "каждый год 5 мая", "1 числа каждого месяца": the date fills the rule.
    if (recurrence.freq === 'YEARLY' && date.month !== null && !recurrence.bymonth.length) {
      recurrence = { ...recurrence, bymonthday: [date.day], bymonth: [date.month] };
      date = null;
    } else if (recurrence.freq === 'MONTHLY' && !recurrence.bymonthday.length) {
      recurrence = { ...recurrence, bymonthday: [date.day] };
      date = null;
    }
  }
  if (recurrence && weekday && recurrence.freq === 'WEEKLY' && !recurrence.byday.length) {
    recurrence = { ...recurrence, byday: [weekday.day] };
    weekday = null;
  }
  return {
    zone,
    now,
    offset: sumOffsets(firm.length || others ? firm : offsets),
    clock: first(ms, 'clock'),
    part: first(ms, 'partOfDay')?.part ?? dayWord?.part ?? recurrence?.part ?? (night ? 'night' : null),
    date,
    weekday,
    dayWord,
    recurrence,
    before: first(ms, 'before')?.offset ?? null,
    weekend: ms.some((m) => m.kind === 'weekend'),
    until: recurrence ? (until?.date ?? null) : null,
    count,
  };
}

const dayNamed = (f: Frame): boolean =>
  !!(
    f.date ||
    f.weekday ||
    f.dayWord ||
    f.weekend ||
    hasCalendar(f.offset) ||
    (f.recurrence && f.recurrence.freq !== 'HOURLY' && f.recurrence.freq !== 'MINUTELY')
  );

type Outcome = DateTime | ResolveFailure;

/** Rule 8: this year if still ahead, else next; a day of no month named: this month or the next that has it. */
function fromDate(f: Frame, d: DateMeaning, tod: TimeOfDay): Outcome {
  const today = f.now.startOf('day');
  if (d.month === null) {
    for (let k = 0; k < 13; k++) {
      const m = today.plus({ months: k });
      const c = DateTime.fromObject({ year: m.year, month: m.month, day: d.day }, { zone: f.zone });
      if (c.isValid && at(c, tod, f.zone) > f.now) return at(c, tod, f.zone);
    }
    return 'no-such-day-of-month';
  }
  const years = d.year !== null ? [d.year] : Array.from({ length: 9 }, (_, k) => today.year + k);
  for (const y of years) {
    const c = DateTime.fromObject({ year: y, month: d.month, day: d.day }, { zone: f.zone });
    if (c.isValid && (d.year !== null || at(c, tod, f.zone) > f.now)) {
      const due = at(c, tod, f.zone);
      return due > f.now ? due : 'date-in-the-past';
    }
  }
  return 'no-such-date';
}

/** Rule 6: the next such day strictly after today; "this": today counts while the time is ahead. */
function fromWeekday(f: Frame, w: WeekdayMeaning, tod: TimeOfDay): Outcome {
  const today = f.now.startOf('day');
  if (w.modifier === 'nextWeek') return at(today.startOf('week').plus({ weeks: 1, days: w.day - 1 }), tod, f.zone);
  for (let k = w.modifier === 'this' ? 0 : 1; k <= 14; k++) {
    const d = today.plus({ days: k });
    if (d.weekday !== w.day) continue;
    const due = at(d, tod, f.zone);
    if (due > f.now) return due;
  }
  return 'no-such-weekday';
}

/** Rule 17: the first Saturday or Sunday whose instant is still ahead. */
function fromWeekend(f: Frame, tod: TimeOfDay): Outcome {
  const today = f.now.startOf('day');
  for (let k = 0; k <= 7; k++) {
    const d = today.plus({ days: k });
    if (d.weekday < 6) continue;
    const due = at(d, tod, f.zone);
    if (due > f.now) return due;
  }
  return 'no-such-weekday';
}

/** Rules 1, 5: "сегодня/завтра/послезавтра". */
function fromDayWord(f: Frame, dw: DayWordMeaning, tod: TimeOfDay | null, clockBareHour: number | null): Outcome {
  if (!tod && dw.days === 0) return 'today-with-no-time';
  const d = f.now.startOf('day').plus({ days: dw.days });
  const due = at(d, tod ?? NINE, f.zone);
  if (due > f.now) return due;
  // "сегодня в 8" said at 10:00 can only mean 20:00.
  if (tod && clockBareHour !== null && tod.hour === clockBareHour && clockBareHour < 12) {
    const pm = at(d, { ...tod, hour: tod.hour + 12 }, f.zone);
    if (pm > f.now) return pm;
  }
  return 'time-already-passed-today';
}

/** Rules 2, 4, 5 with no day named: today if still ahead, else tomorrow; a bare hour is the nearest of h and h+12. */
function fromTimeOnly(f: Frame, tod: TimeOfDay): DateTime {
  const today = f.now.startOf('day');
  const candidates = [at(today, tod, f.zone)];
  if (tod.ambiguous) candidates.push(at(today, { ...tod, hour: tod.hour + 12 }, f.zone));
  candidates.push(at(today.plus({ days: 1 }), tod, f.zone));
  return candidates.find((c) => c > f.now)!;
}

/** Rule 7: exact minutes; days and longer keep the wall-clock time (Luxon's calendar arithmetic). */
function fromOffset(f: Frame, o: OffsetMeaning, tod: TimeOfDay | null): DateTime {
  const calendar = f.now.plus({ years: o.years, months: o.months, weeks: o.weeks, days: o.days });
  // A time of day given: it falls on the day the whole offset reaches ("через полторы недели в 10" = 10:00 that day).
  return tod && hasCalendar(o) ? at(calendar.plus({ minutes: o.minutes }), tod, f.zone) : calendar.plus({ minutes: o.minutes });
}

function single(f: Frame): Outcome {
  const named = dayNamed(f);
  const tod = timeOfDay(f.clock, f.part, named);
  if (f.offset && !hasCalendar(f.offset) && f.offset.minutes > 0) return f.now.plus({ minutes: f.offset.minutes });
  if (f.date) return fromDate(f, f.date, tod ?? NINE);
  if (f.weekday) return fromWeekday(f, f.weekday, tod ?? NINE);
  if (f.weekend) return fromWeekend(f, tod ?? NINE);
  if (f.dayWord) {
    const bare = f.clock && f.clock.bare && !f.clock.marker ? timeOfDay(f.clock, f.part, true)!.hour : null;
    return fromDayWord(f, f.dayWord, tod, bare);
  }
  if (f.offset && hasCalendar(f.offset)) return fromOffset(f, f.offset, tod);
  if (tod) return fromTimeOnly(f, tod);
  return 'no-time-named';
}

/** The anchor minus the duration: minutes exact, days and longer on the wall clock (rule 14). */
const minus = (anchor: DateTime, o: OffsetMeaning): DateTime =>
  anchor.minus({ years: o.years, months: o.months, weeks: o.weeks, days: o.days }).minus({ minutes: o.minutes });

/**
 * Rule 14: the anchor (rules 1–13) minus the duration; when that has passed, the anchor moves
 * to its next instant by its own rule — a date a year on, a weekday a week on, a time of day
 * with no day named to tomorrow — and a day word or an offset cannot move (ask).
 */
function beforeAnchor(f: Frame, before: OffsetMeaning): Outcome {
  const anchor = single(f);
  if (typeof anchor === 'string') return anchor;
  const due = minus(anchor, before);
  if (due > f.now) return due;
  const step = f.date ? { years: 1 } : f.weekday ? { weeks: 1 } : f.dayWord || f.offset || f.weekend ? null : { days: 1 };
  if (!step) return 'time-already-passed-today';
  const moved = minus(anchor.plus(step), before);
  return moved > f.now ? moved : 'time-already-passed-today';
}

function recurring(f: Frame, r: RecurrenceMeaning): Outcome {
  if (r.freq === 'HOURLY' || r.freq === 'MINUTELY') {
    return f.now.plus({ minutes: r.interval * (r.freq === 'HOURLY' ? 60 : 1) });
  }
  const tod = timeOfDay(f.clock, f.part, true) ?? NINE;
  // A day named beside the rule is where it starts ("с завтрашнего дня каждый день").
  let from = f.now.startOf('day');
  const start = f.date || f.weekday || f.dayWord || hasCalendar(f.offset) ? single({ ...f, recurrence: null }) : null;
  if (start instanceof DateTime) from = start.startOf('day');
  // "every other friday", "раз в две недели по субботам": the first is rule 6's day, strictly after today.
  else if (r.freq === 'WEEKLY' && r.interval > 1 && r.byday.length) from = from.plus({ days: 1 });
  return firstOccurrence(r, from, tod, f.zone, f.now) ?? 'rule-never-fires';
}

export function resolve(expressions: readonly Expression[], options: ResolveOptions): Resolution {
  const received = DateTime.fromISO(options.now, { setZone: true });
  const userZone = IANAZone.create(options.timezone);
  if (!received.isValid) return { due: null, rrule: null, reason: 'invalid-now' };
  if (!userZone.isValid) return { due: null, rrule: null, reason: 'invalid-time-zone' };
  const ms = expressions.map((e) => e.meaning);
  const named = first(ms, 'zone');
  const zone = named ? zoneOf(named) : userZone;
  if (!zone) return { due: null, rrule: null, reason: 'unknown-zone' };
  const f = frame(ms, zone, received.setZone(zone));
  // "через несколько минут": no exact time is named, whatever else is (rule 13).
  if (ms.some((m) => m.kind === 'vague')) return { due: null, rrule: null, reason: 'no-time-named' };
  // UNTIL ends the user's local day, whatever zone the wall time was read in (rule 19).
  const rrule = f.recurrence ? formatRRule(f.recurrence) + recurrenceEnds(f.recurrence, f.count, f.until, userZone, f.now) : null;
  const out = f.recurrence ? recurring(f, f.recurrence) : f.before ? beforeAnchor(f, f.before) : single(f);
  if (typeof out === 'string') return { due: null, rrule, reason: out };
  if (!out.isValid) return { due: null, rrule, reason: 'out-of-range' };
  return { due: formatDue(out, options.timezone), rrule };
}
