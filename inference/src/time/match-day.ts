import type { DateMeaning, PartOfDay, WeekdayMeaning } from './expression';
import { isDigits, ordinal, type Parsed, type Words } from './numbers';
import { isLatin, skip, type Ctx, type Match } from './match';
import { DAY_WORD, MONTH, ORDINAL, PART_NOUN, RU_PART_ADVERB, WEEKDAY, set } from './vocab';

/** Days: "завтра", "tomorrow", "в пятницу", "next friday", "15 марта", "the 15th of March", "10.07", and parts of day. */

const DAY_PREP = set('в', 'во', 'на', 'к', 'до', 'с', 'со', 'on', 'by', 'until', 'till', 'for', 'to', 'from');
const THE = set('the');
// The genitive forms serve an end date: "до этой пятницы", "до следующего вторника", "до ближайшей среды".
const THIS = set('эту', 'этот', 'это', 'этой', 'этого', 'this');
const NEXT = set('следующую', 'следующий', 'следующее', 'следующей', 'следующего', 'next');
const NEAREST = set('ближайшую', 'ближайший', 'ближайшее', 'ближайшей', 'ближайшего', 'coming', 'upcoming');
const RU_DAY_SUFFIX = set('го', 'ого', 'его', 'е', 'ое');
const NUMBER_WORD = set('числа', 'число');
const YEAR_WORD = set('года', 'год', 'г', 'year');
/** "неделе" (the corrector reads it as "недели"). */
const WEEK_PREP_CASE = set('неделе', 'недели');

/** Index after the preposition of a day: "в", "on", "начиная с", "starting from". */
function dayPrep(w: Words, i: number): number {
  const j = w[i] === 'начиная' || w[i] === 'starting' ? i + 1 : i;
  const k = skip(w, j, DAY_PREP);
  return k > j || j === i || w[i] === 'starting' ? k : i;
}

// ---------------------------------------------------------------- dates

const date = (day: number, month: number | null, year: number | null): DateMeaning => ({ kind: 'date', day, month, year });

function year(w: Words, j: number): Parsed<number> | null {
  const k = w[j] === ',' ? j + 1 : j;
  const y = w[k];
  if (!isDigits(y) || y.length !== 4) return null;
  const value = Number(y);
  if (value < 1990 || value > 2200) return null;
  let end = k + 1;
  if (YEAR_WORD.has(w[end] ?? '')) end += w[end] === 'г' && w[end + 1] === '.' ? 2 : 1;
  return { value, end };
}

/** "15.03", "15.03.2027", "15/03/27", "2026-03-15". */
function numericDate(w: Words, j: number): Parsed<DateMeaning> | null {
  const a = w[j];
  const sep = w[j + 1];
  const b = w[j + 2];
  if (isDigits(a) && a.length === 4 && sep === '-' && isDigits(b) && w[j + 3] === '-' && isDigits(w[j + 4])) {
    return { value: date(Number(w[j + 4]), Number(b), Number(a)), end: j + 5 };
  }
  if (!isDigits(a) || a.length > 2 || (sep !== '.' && sep !== '/') || !isDigits(b) || b.length > 2) return null;
  const day = Number(a);
  const month = Number(b);
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  const y = w[j + 4];
  if (w[j + 3] === sep && isDigits(y) && (y.length === 2 || y.length === 4)) {
    return { value: date(day, month, y.length === 2 ? 2000 + Number(y) : Number(y)), end: j + 5 };
  }
  return { value: date(day, month, null), end: j + 3 };
}

/**
 * The date itself, prepositions aside: "15 марта [2027 года]", "15-го марта", "the 15th of March",
 * "March 15[th][, 2027]", numeric dates, and a day of some month: "1 числа", "15-го", "the 15th".
 * `article` says a "the" was read before it ("the first of every month").
 */
export function dateCore(w: Words, j: number, article: boolean): Parsed<DateMeaning> | null {
  const num = numericDate(w, j);
  if (num) return num;
  const d = ordinal(w, j, true);
  if (d && d.value >= 1 && d.value <= 31) {
    let k = skip(w, d.end, set('of'));
    const month = MONTH.get(w[k] ?? '');
    if (month !== undefined) {
      // "3 мар.", "3rd of Mar.": the abbreviation's dot goes with it.
      k += w[k + 1] === '.' && (w[k] ?? '').length <= 4 ? 2 : 1;
      const y = year(w, k);
      return { value: date(d.value, month, y?.value ?? null), end: y?.end ?? k };
    }
    if (NUMBER_WORD.has(w[d.end] ?? '')) return { value: date(d.value, null, null), end: d.end + 1 };
    const suffixed = isDigits(w[j]) && d.end > j + 1;
    const suffix = w[d.end - 1] ?? '';
    if (suffixed && (isLatin(suffix) || RU_DAY_SUFFIX.has(suffix))) return { value: date(d.value, null, null), end: d.end };
    if (!isDigits(w[j]) && article && ORDINAL.has(w[d.end - 1] ?? '')) return { value: date(d.value, null, null), end: d.end };
  }
  const month = MONTH.get(w[j] ?? '');
  if (month !== undefined && isLatin(w[j])) {
    const k = skip(w, w[j + 1] === '.' ? j + 2 : j + 1, THE);
    const day = ordinal(w, k, true);
    if (day && day.value >= 1 && day.value <= 31 && w[day.end] !== ':') {
      const y = year(w, day.end);
      return { value: date(day.value, month, y?.value ?? null), end: y?.end ?? day.end };
    }
  }
  return null;
}

export function matchDate(c: Ctx, i: number): Match | null {
  const { w } = c;
  const afterPrep = dayPrep(w, i);
  const j = skip(w, afterPrep, THE);
  const article = j > afterPrep;
  const d = dateCore(w, j, article);
  if (!d) return null;
  if (d.value.month === null && afterPrep === i && w[d.end] !== 'of' && !NUMBER_WORD.has(w[d.end - 1] ?? '')) {
    // "the first" alone is no date; "on the first", "the first of …" are. "5th avenue" is none either.
    if (!isDigits(w[j]) || (isLatin(w[d.end - 1]) && !article)) return null;
  }
  return { end: d.end, meaning: d.value };
}

// ---------------------------------------------------------------- weekdays

/** Abbreviations that are also ordinary words (rule 16): a weekday only where a time word stands. */
const AMBIGUOUS_ABBR = set('sun', 'sat', 'wed');
const CLOCK_LEAD = set('at', 'by', 'в', 'во', 'к', '@');

/** Right before or after a clock time, a date number or another time word: "sun at 10", "sat 9am", "10am sat". */
function timeBeside(w: Words, j: number): boolean {
  const n = w[j + 1] === '.' ? j + 2 : j + 1;
  const next = w[n] ?? '';
  const prev = w[j - 1] ?? '';
  const timeWord = (x: string) => DAY_WORD.has(x) || PART_NOUN.has(x) || RU_PART_ADVERB.has(x) || x === 'am' || x === 'pm' || x === 'noon';
  return isDigits(next) || (CLOCK_LEAD.has(next) && isDigits(w[n + 1])) || timeWord(next) || isDigits(prev) || timeWord(prev);
}

export function matchWeekday(c: Ctx, i: number): Match | null {
  const { w } = c;
  let j = dayPrep(w, i);
  let modifier: WeekdayMeaning['modifier'] = null;
  const named = j > i;
  if (THIS.has(w[j] ?? '')) {
    modifier = 'this';
    j = skip(w, j + 1, NEAREST);
  } else if (NEXT.has(w[j] ?? '')) {
    modifier = 'next';
    j++;
  } else if (NEAREST.has(w[j] ?? '')) {
    j++;
  }
  const word = WEEKDAY.get(w[j] ?? '');
  if (!word || word.plural) return null;
  if (word.abbr && !named && j === i && AMBIGUOUS_ABBR.has(w[j]!) && !timeBeside(w, j)) return null;
  // "thurs.", "пт.": the abbreviation's dot goes with it.
  let end = word.abbr && w[j + 1] === '.' ? j + 2 : j + 1;
  if ((w[end] === 'на' && w[end + 1] === 'этой' && WEEK_PREP_CASE.has(w[end + 2] ?? '')) || (w[end] === 'this' && w[end + 1] === 'week')) {
    modifier = 'this';
    end += w[end] === 'на' ? 3 : 2;
  } else if ((w[end] === 'на' && w[end + 1] === 'следующей' && WEEK_PREP_CASE.has(w[end + 2] ?? '')) || (w[end] === 'next' && w[end + 1] === 'week')) {
    modifier = 'nextWeek';
    end += w[end] === 'на' ? 3 : 2;
  }
  return { end, meaning: { kind: 'weekday', day: word.day, modifier } };
}

// ---------------------------------------------------------------- day words

const PART_AFTER_THIS = set('morning', 'afternoon', 'evening');

export function matchDayWord(c: Ctx, i: number): Match | null {
  const { w } = c;
  let j = dayPrep(w, i);
  j = skip(w, j, THE);
  if (w[j] === 'day' && w[j + 1] === 'after' && DAY_WORD.get(w[j + 2] ?? '') === 1) {
    return { end: j + 3, meaning: { kind: 'dayWord', days: 2, part: null } };
  }
  if (w[j] === 'tonight' || w[j] === 'tonite') return { end: j + 1, meaning: { kind: 'dayWord', days: 0, part: 'evening' } };
  if (w[j] === 'this' && PART_AFTER_THIS.has(w[j + 1] ?? '')) {
    return { end: j + 2, meaning: { kind: 'dayWord', days: 0, part: PART_NOUN.get(w[j + 1]!)! } };
  }
  const days = DAY_WORD.get(w[j] ?? '');
  if (days === undefined) return null;
  return { end: j + 1, meaning: { kind: 'dayWord', days, part: null } };
}

// ---------------------------------------------------------------- parts of day

const RU_PART_PHRASES: ReadonlyArray<[string[], PartOfDay]> = [
  [['с', 'утра'], 'morning'],
  [['к', 'утру'], 'morning'],
  [['рано', 'утром'], 'morning'],
  [['к', 'вечеру'], 'evening'],
  [['к', 'обеду'], 'afternoon'],
  [['во', 'время', 'обеда'], 'afternoon'],
  [['под', 'вечер'], 'evening'],
  [['поздно', 'вечером'], 'evening'],
  [['в', 'обед'], 'afternoon'],
  [['в', 'обеденное', 'время'], 'afternoon'],
  [['после', 'обеда'], 'afterLunch'],
  [['в', 'полдень'], 'noon'],
  [['к', 'полудню'], 'noon'],
  [['в', 'полночь'], 'midnight'],
  [['к', 'полуночи'], 'midnight'],
  [['in', 'the', 'morning'], 'morning'],
  [['in', 'the', 'afternoon'], 'afternoon'],
  [['in', 'the', 'evening'], 'evening'],
  [['at', 'night'], 'night'],
  [['at', 'noon'], 'noon'],
  [['at', 'midday'], 'noon'],
  [['at', 'midnight'], 'midnight'],
  [['by', 'noon'], 'noon'],
  [['by', 'midnight'], 'midnight'],
  [['at', 'lunch'], 'afternoon'],
  [['at', 'lunchtime'], 'afternoon'],
  [['by', 'lunch'], 'afternoon'],
  [['by', 'lunchtime'], 'afternoon'],
  [['after', 'lunch'], 'afterLunch'],
  [['noon'], 'noon'],
  [['midday'], 'noon'],
  [['midnight'], 'midnight'],
];

/** Each phrase word with its typo-corrected form: the corrector reads "вечеру" as "вечер", "обеду" as "обеда". */
const PART_PHRASES: ReadonlyArray<[ReadonlySet<string>[], PartOfDay]> = RU_PART_PHRASES.map(([phrase, part]) => [phrase.map((p) => set(p)), part]);

/** A bare "morning", "evening" reads as a part of day right after a day: "tomorrow morning", "friday night". */
function afterDay(w: Words, i: number): boolean {
  const prev = w[i - 1] ?? '';
  return DAY_WORD.has(prev) || (WEEKDAY.has(prev) && !WEEKDAY.get(prev)!.plural) || (MONTH.has(w[i - 2] ?? '') && isDigits(prev));
}

/**
 * Rule 15: a bare "evening", "morning", "afternoon" with no day is a part of day where a time
 * word stands — right after "remind me", before "to", or closing the message — and no "good
 * morning" or "morning run".
 */
function bareEnglishPart(w: Words, i: number): boolean {
  if (w[i] === 'night' || w[i - 1] === 'good' || w[i - 1] === 'the' || w[i - 1] === 'this') return false;
  const next = w[i + 1];
  return w[i - 1] === 'me' || next === 'to' || next === undefined || next === ',' || next === '.' || next === '!';
}

export function matchPartOfDay(c: Ctx, i: number): Match | null {
  const { w } = c;
  for (const [phrase, part] of PART_PHRASES) {
    if (phrase.every((p, k) => p.has(w[i + k] ?? ''))) return { end: i + phrase.length, meaning: { kind: 'partOfDay', part } };
  }
  const adverb = RU_PART_ADVERB.get(w[i] ?? '');
  if (adverb) {
    // "с днем рождения" is no afternoon.
    if (w[i] === 'днем' && (w[i - 1] === 'с' || w[i - 1] === 'со' || w[i + 1] === 'рождения' || w[i + 1] === 'варенья')) return null;
    return { end: i + 1, meaning: { kind: 'partOfDay', part: adverb } };
  }
  const noun = PART_NOUN.get(w[i] ?? '');
  if (noun && isLatin(w[i]) && (afterDay(w, i) || bareEnglishPart(w, i))) return { end: i + 1, meaning: { kind: 'partOfDay', part: noun } };
  return null;
}
