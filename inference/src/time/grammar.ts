import type { Expression } from './expression';
import type { Words } from './numbers';
import type { Ctx, Lang, Matcher } from './match';
import { matchClock } from './match-clock';
import { matchDate, matchDayWord, matchPartOfDay, matchWeekday } from './match-day';
import { matchOffset } from './match-offset';
import { matchRecurrence } from './match-recurrence';
import { matchBefore } from './match-before';
import { matchMonthlyWeekday } from './match-monthly-weekday';
import { matchNight } from './match-night';
import { matchRecurrenceEnd } from './match-recurrence-end';
import { matchVague } from './match-vague';
import { matchWeek } from './match-week';
import { matchWeekend } from './match-weekend';
import { matchZone } from './match-zone';

/**
 * Matchers in order of preference when two read equally many tokens from the same place: a
 * clock before a date ("в 19.30" is a time; "10.07" with no preposition is read as a date
 * because the clock declines it).
 */
const MATCHERS: readonly Matcher[] = [
  matchBefore,
  matchRecurrenceEnd,
  matchNight,
  matchMonthlyWeekday,
  matchRecurrence,
  matchOffset,
  matchClock,
  matchDate,
  matchWeekday,
  matchDayWord,
  matchPartOfDay,
  matchZone,
  matchWeek,
  matchWeekend,
  matchVague,
];

/**
 * Every time, date, offset, recurrence and zone expression in the message, left to right; at
 * each token the longest reading wins, and scanning resumes after it. `words` are featurize()'s
 * lower-case, typo-corrected words.
 */
export function findTimeExpressions(words: Words, lang: Lang): Expression[] {
  const c: Ctx = { w: words, lang };
  const found: Expression[] = [];
  let i = 0;
  while (i < words.length) {
    let best: Expression | null = null;
    for (const m of MATCHERS) {
      const r = m(c, i);
      if (r && r.end > i && (!best || r.end > best.end)) best = { start: i, end: r.end, meaning: r.meaning };
    }
    if (best) {
      found.push(best);
      i = best.end;
    } else i++;
  }
  // "бегать 30 минут в 7 утра": an offset said with no "через"/"in" is no time when another time is named.
  const named = found.some((e) => e.meaning.kind !== 'offset' && e.meaning.kind !== 'zone' && e.meaning.kind !== 'count');
  // "сделать 20 раз отжимания": a count ends a recurrence, with none it is the text's.
  const recurs = found.some((e) => e.meaning.kind === 'recurrence');
  // "сдать отчёт до конца месяца": with no recurrence an end of a period is no time (the text keeps it).
  const kept = recurs
    ? found
    : found.filter((e) => !(e.meaning.kind === 'count' && e.meaning.times !== null) && !(e.meaning.kind === 'until' && e.meaning.date.kind === 'periodEnd'));
  return named ? kept.filter((e) => !(e.meaning.kind === 'offset' && e.meaning.bare)) : kept;
}
