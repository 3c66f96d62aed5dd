import { DateTime } from 'luxon';
import type { ListPeriod } from '../list-page';
import { ruPlural, type Lang } from '../text';

/**
 * How a list's period reads, relative to today in the chat's zone: the days the parser named
 * come back as dates (rule 20), and the words are derived from them, so "на эти выходные" and
 * "на субботу и воскресенье" read the same.
 *
 *   today, tomorrow, the day after   На сегодня / На завтра / На послезавтра      Today / Tomorrow / The day after tomorrow
 *   another day                      На пятницу, 11 декабря · На 5 января 2027    Friday, December 11 · January 5, 2027
 *   today to Sunday                  На эту неделю                                This week
 *   next Monday to Sunday            На следующую неделю                          Next week
 *   Saturday and Sunday              На выходные (on the weekend ahead)          This weekend
 *                                    На выходные 12–13 декабря (a later one)      The weekend of December 12–13
 *   other spans                      С 5 по 9 декабря                             December 5–9
 */

const RU_MONTH = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const EN_MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Accusative, as after "на": "на среду", "на пятницу". */
const RU_WEEKDAY = ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'];
const EN_WEEKDAY = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface PeriodWords {
  /** The list's heading: "На завтра", "Tomorrow". */
  title: string;
  /** The period after "nothing": "на завтра", "for tomorrow". */
  none: string;
}

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

/** "5 декабря", "5 января 2027" / "December 5", "January 5, 2027": the year only when it is not today's. */
function date(d: DateTime, today: DateTime, lang: Lang): string {
  const year = d.year !== today.year;
  return lang === 'ru' ? `${d.day} ${RU_MONTH[d.month - 1]}${year ? ` ${d.year}` : ''}` : `${EN_MONTH[d.month - 1]} ${d.day}${year ? `, ${d.year}` : ''}`;
}

/** "12–13 декабря", "31 декабря – 1 января" / "December 12–13", "December 31 – January 1". */
function dates(a: DateTime, b: DateTime, today: DateTime, lang: Lang): string {
  if (a.year !== b.year || a.month !== b.month) return `${date(a, b, lang)} – ${date(b, today, lang)}`;
  return lang === 'ru' ? `${a.day}–${date(b, today, lang)}` : `${EN_MONTH[a.month - 1]} ${a.day}–${b.day}${b.year !== today.year ? `, ${b.year}` : ''}`;
}

function oneDay(d: DateTime, today: DateTime, lang: Lang): PeriodWords {
  const ahead = Math.round(d.diff(today, 'days').days);
  const ru = ['сегодня', 'завтра', 'послезавтра'][ahead];
  const en = ['today', 'tomorrow', 'the day after tomorrow'][ahead];
  if (lang === 'ru') {
    const words = ru ?? (ahead > 0 && ahead < 7 ? `${RU_WEEKDAY[d.weekday - 1]}, ${date(d, today, lang)}` : date(d, today, lang));
    return { title: `На ${words}`, none: `на ${words}` };
  }
  if (en) return { title: en[0]!.toUpperCase() + en.slice(1), none: `for ${en}` };
  const words = ahead > 0 && ahead < 7 ? `${EN_WEEKDAY[d.weekday - 1]}, ${date(d, today, lang)}` : date(d, today, lang);
  return { title: words, none: `for ${words}` };
}

/** The words for `period`, today being `now`'s date in `zone`. */
export function periodWords(period: ListPeriod, now: string, zone: string, lang: Lang): PeriodWords {
  const local = DateTime.fromISO(now, { setZone: true }).setZone(zone);
  // Calendar arithmetic on dates alone (UTC days): DST never makes a day 23 hours long here.
  const today = DateTime.utc(local.year, local.month, local.day);
  const from = day(period.from);
  const to = day(period.to);
  if (period.from === period.to) return oneDay(from, today, lang);
  const monday = today.startOf('week');
  const ru = lang === 'ru';
  if (from.equals(today) && to.equals(monday.plus({ days: 6 })))
    return ru ? { title: 'На эту неделю', none: 'на эту неделю' } : { title: 'This week', none: 'for this week' };
  if (from.equals(monday.plus({ weeks: 1 })) && to.equals(monday.plus({ weeks: 1, days: 6 })))
    return ru ? { title: 'На следующую неделю', none: 'на следующую неделю' } : { title: 'Next week', none: 'for next week' };
  if (from.weekday === 6 && to.equals(from.plus({ days: 1 }))) {
    // The weekend ahead needs no dates; a later one does.
    if (from.diff(today, 'days').days < 7) return ru ? { title: 'На выходные', none: 'на выходные' } : { title: 'This weekend', none: 'for the weekend' };
    const span = dates(from, to, today, lang);
    return ru ? { title: `На выходные ${span}`, none: `на выходные ${span}` } : { title: `The weekend of ${span}`, none: `for the weekend of ${span}` };
  }
  if (ru) {
    const words =
      from.year === to.year && from.month === to.month ? `${from.day} по ${date(to, today, lang)}` : `${date(from, to, lang)} по ${date(to, today, lang)}`;
    return { title: `С ${words}`, none: `с ${words}` };
  }
  const span = dates(from, to, today, lang);
  return { title: span, none: `for ${span}` };
}

/** "2 напоминания" / "2 reminders". */
export function reminderCount(n: number, lang: Lang): string {
  return lang === 'ru' ? `${n} ${ruPlural(n, 'напоминание', 'напоминания', 'напоминаний')}` : `${n} ${n === 1 ? 'reminder' : 'reminders'}`;
}
