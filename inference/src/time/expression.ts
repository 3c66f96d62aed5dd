/**
 * What the time grammar finds: a span of tokens [start, end) — prepositions and articles that
 * belong to the expression included, so the caller can cut it out of the reminder text — and
 * its meaning. The resolver (resolve.ts) turns a message's meanings into `due` and an RRULE.
 */

/** 1 = Monday … 7 = Sunday (ISO, as Luxon's `weekday`). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Clock markers as written; the English "a.m."/"p.m." are read as am/pm. */
export type Marker = 'am' | 'pm' | 'утра' | 'дня' | 'вечера' | 'ночи';

export type PartOfDay = 'morning' | 'afternoon' | 'afterLunch' | 'evening' | 'night' | 'noon' | 'midnight';

export type Freq = 'YEARLY' | 'MONTHLY' | 'WEEKLY' | 'DAILY' | 'HOURLY' | 'MINUTELY';

/** A duration. Minutes (hours included) are exact; days and longer are calendar units. */
export interface OffsetMeaning {
  kind: 'offset';
  minutes: number;
  days: number;
  weeks: number;
  months: number;
  years: number;
  /**
   * Said with no "через"/"in"/"after" ("snooze 1 hour", "for 20 minutes"): read only when the
   * message names no other time ("бегать 30 минут в 7" is a run at 7).
   */
  bare: boolean;
}

export interface ClockMeaning {
  kind: 'clock';
  hour: number;
  minute: number;
  marker: Marker | null;
  /**
   * True when rule 4 applies to the hour (a bare hour, words, colloquial forms, English H:MM);
   * false for the Russian 24-hour H:MM / H.MM, taken as written.
   */
  bare: boolean;
}

export interface PartOfDayMeaning {
  kind: 'partOfDay';
  part: PartOfDay;
}

export interface DayWordMeaning {
  kind: 'dayWord';
  /** 0 today, 1 tomorrow, 2 the day after. */
  days: 0 | 1 | 2;
  /** "tonight", "this morning": the day word carries a part of day. */
  part: PartOfDay | null;
}

export interface WeekdayMeaning {
  kind: 'weekday';
  day: Weekday;
  /** "this friday"; "next friday" (as plain: strictly after today); "friday next week" (in next ISO week). */
  modifier: 'this' | 'next' | 'nextWeek' | null;
}

export interface DateMeaning {
  kind: 'date';
  day: number;
  /** 1–12; null for "15-го", "the 15th", "1 числа" (a day of some month). */
  month: number | null;
  year: number | null;
}

export interface RecurrenceMeaning {
  kind: 'recurrence';
  freq: Freq;
  interval: number;
  byday: Weekday[];
  bymonthday: number[];
  bymonth: number[];
  /** "каждое утро", "every evening": the part of day the occurrences fall in. */
  part: PartOfDay | null;
  /** Rule 18: "the first monday of the month" is BYDAY=1MO (-1 the last), with `byday` one day. */
  nth?: number;
}

export interface ZoneMeaning {
  kind: 'zone';
  /** An IANA name, or null with `offsetMinutes` for "UTC+3", "GMT-5", "UTC". */
  iana: string | null;
  offsetMinutes: number | null;
}

/** "на этой неделе", "next week" (rule 20): a whole week, a period of a list request; no due of its own. */
export interface WeekMeaning {
  kind: 'week';
  /** false: this week (today to Sunday); true: next Monday to Sunday. */
  next: boolean;
}

/** "на выходных", "this weekend" (rule 17): the first Saturday or Sunday still ahead; a day named for rule 4. */
export interface WeekendMeaning {
  kind: 'weekend';
}

/** "за час до", "2 days before" (rule 14): the due is the rest of the message's instant minus this. */
export interface BeforeMeaning {
  kind: 'before';
  offset: OffsetMeaning;
}

/** "в ночь с пятницы на субботу", "the night of Friday" (rule 17): 23:00 on that day, read as "this". */
export interface NightMeaning {
  kind: 'night';
  day: Weekday;
}

/**
 * "до 20 декабря", "until march 20", "до пятницы", "until fri" (rule 19): with a recurrence its
 * UNTIL (the end of that day, inclusive); alone, the date or weekday itself.
 */
export interface UntilMeaning {
  kind: 'until';
  date: DateMeaning | WeekdayMeaning | PeriodEnd;
}
/** "до конца недели/месяца/года", "until the end of the month": the last day of the current one (today counts). */
export interface PeriodEnd {
  kind: 'periodEnd';
  unit: 'week' | 'month' | 'year';
}

/** "5 раз", "5 times", "в течение недели", "for 2 weeks" (rule 19): how long a recurrence runs. */
export interface CountMeaning {
  kind: 'count';
  /** "5 раз": that many occurrences; null for a duration. */
  times: number | null;
  /** The duration in days ("for 2 weeks" = 14), when `times` is null. */
  days: number;
}

/** "через несколько минут", "in a few days" (rule 13): a duration of no exact size; a create with it asks. */
export interface VagueMeaning {
  kind: 'vague';
}

export type Meaning =
  | OffsetMeaning
  | ClockMeaning
  | PartOfDayMeaning
  | DayWordMeaning
  | WeekdayMeaning
  | DateMeaning
  | RecurrenceMeaning
  | ZoneMeaning
  | WeekMeaning
  | WeekendMeaning
  | BeforeMeaning
  | NightMeaning
  | UntilMeaning
  | CountMeaning
  | VagueMeaning;

export type MeaningKind = Meaning['kind'];

export interface Expression<M extends Meaning = Meaning> {
  /** Token span [start, end) in the featurised word list. */
  start: number;
  end: number;
  meaning: M;
}

export const offset = (d: Partial<Omit<OffsetMeaning, 'kind'>>): OffsetMeaning => ({
  kind: 'offset',
  minutes: d.minutes ?? 0,
  days: d.days ?? 0,
  weeks: d.weeks ?? 0,
  months: d.months ?? 0,
  years: d.years ?? 0,
  bare: d.bare ?? false,
});

export const recurrence = (freq: Freq, d: Partial<Omit<RecurrenceMeaning, 'kind' | 'freq'>> = {}): RecurrenceMeaning => ({
  kind: 'recurrence',
  freq,
  interval: d.interval ?? 1,
  byday: d.byday ?? [],
  bymonthday: d.bymonthday ?? [],
  bymonth: d.bymonth ?? [],
  part: d.part ?? null,
});
