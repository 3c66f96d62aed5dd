import type { ClockMeaning, Marker } from './expression';
import { cardinal, isDigits, wordCardinal, type Parsed, type Words } from './numbers';
import { isLatin, type Ctx, type Match } from './match';
import { DAY_WORD, HALF_HOUR_WORD, HOUR_GENITIVE, ORDINAL_SUFFIX, RU_MARKER, UNIT, set } from './vocab';

/**
 * Clock times: "в 9", "at 7 pm", "в 18:00", "в 19.30", "9am", "в 9 часов 30 минут", "at seven
 * thirty", "at 8 o'clock", "в 12 ночи", and the colloquial "полдевятого", "в половине девятого",
 * "четверть девятого", "без пятнадцати десять", "half past 8", "quarter to 10".
 */

/** Prepositions after which a bare number is an hour. */
const STRONG_PREP = set('в', 'во', 'к', 'до', 'около', 'at', 'by', 'until', 'till', 'around');
/** Prepositions that belong to a clock only when it is unmistakable (marker, H:MM, o'clock). */
const WEAK_PREP = set('for', 'to', 'на', 'после', 'after', 'from', 'с');
const APPROX = set('примерно', 'around', 'about', 'approximately', 'ровно', 'exactly');
const OCLOCK = set("o'clock", 'oclock', 'o’clock');
const HOUR_UNIT = set('час', 'часа', 'часов', 'ч');
const MINUTE_UNIT = set('минут', 'минуты', 'минуту', 'мин', 'минуток', 'minutes', 'minute', 'mins', 'min');
const NAMED_HOUR: ReadonlyMap<string, number> = new Map([
  ['noon', 12],
  ['midday', 12],
  ['midnight', 0],
]);
/** "3 in the morning", "6 in the evening", "11 at night" (rule 15): the phrase is the hour's marker. */
const EN_PART_PHRASES: readonly (readonly string[])[] = [
  ['in', 'the', 'morning'],
  ['in', 'the', 'afternoon'],
  ['in', 'the', 'evening'],
  ['at', 'night'],
];
/** A number followed by one of these counts things, it is no hour. */
const COUNTED = set('раз', 'раза', 'times', 'человек', 'people', 'штук', 'шт', 'литра', 'литров', '%', 'процентов');

interface Prefix {
  j: number;
  strong: boolean;
  weak: boolean;
  latin: boolean;
}

function prefix(w: Words, i: number): Prefix {
  let j = i;
  let strong = false;
  let weak = false;
  let latin = false;
  for (let n = 0; n < 3; n++) {
    const x = w[j] ?? '';
    // "часов в девять", "часиков в 8": about nine
    if (n === 0 && (x === 'часов' || x === 'часиков') && STRONG_PREP.has(w[j + 1] ?? '')) {
      j++;
      continue;
    }
    if ((x === 'в' && w[j + 1] === 'районе') || (x === 'где' && w[j + 1] === '-' && w[j + 2] === 'то')) {
      strong = true;
      j += x === 'в' ? 2 : 3;
      continue;
    }
    // "перенеси на завтра на 10"
    if (x === 'на' && n === 0 && DAY_WORD.has(w[j - 1] ?? '')) {
      strong = true;
      j++;
      continue;
    }
    if (x === 'about' && n === 0) break; // "remind me about 3 things"; "at about 5" is a time
    if (STRONG_PREP.has(x) || APPROX.has(x)) strong = true;
    else if (WEAK_PREP.has(x) && n === 0) weak = true;
    else break;
    latin = isLatin(x);
    j++;
  }
  return { j, strong, weak: weak && !strong, latin };
}

function marker(w: Words, j: number, strong: boolean): Parsed<Marker> | null {
  const x = w[j];
  if (x === 'am' || x === 'pm') return { value: x, end: j + 1 };
  if ((x === 'a' || x === 'p') && w[j + 1] === '.' && w[j + 2] === 'm') {
    return { value: x === 'a' ? 'am' : 'pm', end: w[j + 3] === '.' ? j + 4 : j + 3 };
  }
  const ru = RU_MARKER.get(x ?? '');
  // "2 дня" with no preposition is two days; "в 2 дня" is 14:00.
  if (ru && (ru !== 'дня' || strong)) return { value: ru, end: j + 1 };
  return null;
}

/** Minutes said after the hour in words: "seven thirty", "семь сорок пять", "seven oh five". */
function wordMinutes(w: Words, j: number): Parsed<number> | null {
  if (w[j] === 'oh' || w[j] === 'o' || w[j] === 'ноль') {
    const u = wordCardinal(w, j + 1);
    return u && u.value >= 1 && u.value <= 9 ? { value: u.value, end: u.end } : null;
  }
  const m = wordCardinal(w, j);
  return m && m.value >= 10 && m.value <= 59 ? m : null;
}

function finish(c: Ctx, p: Prefix, start: Parsed<{ hour: number; minute: number; bare: boolean }>, explicit: boolean): Match | null {
  const { w } = c;
  let j = start.end;
  let { hour } = start.value;
  const { minute, bare } = start.value;
  let unmistakable = explicit;
  if (OCLOCK.has(w[j] ?? '')) {
    j++;
    unmistakable = true;
  }
  if (hour === 12 && (w[j] === 'noon' || w[j] === 'midday' || w[j] === 'midnight')) {
    const m: Marker = w[j] === 'midnight' ? 'ночи' : 'pm';
    return { end: j + 1, meaning: clock(hour, minute, m, bare) };
  }
  const mk = marker(w, j, p.strong);
  if (mk) {
    j = mk.end;
    unmistakable = true;
  }
  if (w[j] === 'sharp' || w[j] === 'ровно') j++;
  // The phrase stays matchPartOfDay's: the resolver reads it as the hour's marker.
  if (EN_PART_PHRASES.some((ph) => ph.every((x, k) => w[j + k] === x))) unmistakable = true;
  if (!p.strong && !unmistakable) return null;
  if (hour === 24 && minute === 0) hour = 0;
  if (hour > 23) return null;
  return { end: j, meaning: clock(hour, minute, mk?.value ?? null, bare) };
}

const clock = (hour: number, minute: number, marker: Marker | null, bare: boolean): ClockMeaning => ({ kind: 'clock', hour, minute, marker, bare });

/** "18:00", "19.30", "2:30": digits, a separator, two digits. Null for what reads as a date. */
function numeric(c: Ctx, p: Prefix): Parsed<{ hour: number; minute: number; bare: boolean }> | null {
  const { w } = c;
  const h = w[p.j];
  const sep = w[p.j + 1];
  const m = w[p.j + 2];
  const dash = sep === '-' && p.strong;
  if (!isDigits(h) || h.length > 2 || (sep !== ':' && sep !== '.' && !dash) || !isDigits(m) || m.length !== 2) return null;
  const hour = Number(h);
  const minute = Number(m);
  if (hour > 24 || minute > 59) return null;
  const end = p.j + 3;
  if (sep === '.') {
    const couldBeDate = hour >= 1 && hour <= 31 && minute >= 1 && minute <= 12;
    if ((w[end] === '.' || w[end] === '/') && isDigits(w[end + 1])) return null; // dd.mm.yyyy
    if (couldBeDate && !p.strong) return null; // "10.07" is a date
    if (couldBeDate && clockFollows(w, end)) return null; // "в 10.07 в 15:00"
  }
  const english = p.strong || p.weak ? p.latin : c.lang === 'en';
  const bare = english && hour >= 1 && hour <= 11 && !h.startsWith('0');
  return { value: { hour, minute, bare }, end };
}

function clockFollows(w: Words, j: number): boolean {
  const k = STRONG_PREP.has(w[j] ?? '') ? j + 1 : j;
  return isDigits(w[k]) && (k > j || w[k + 1] === ':');
}

/** An hour as a number, with optional "часов N минут" or minutes in words. */
function hourForm(c: Ctx, p: Prefix): Parsed<{ hour: number; minute: number; bare: boolean }> | null {
  const { w } = c;
  let h = cardinal(w, p.j);
  if (!h && p.strong && (w[p.j] === 'час' || w[p.j] === 'часу')) h = { value: 1, end: p.j + 1 };
  if (!h || h.value > 24 || (isDigits(w[p.j]) && w[p.j]!.length > 2)) return null;
  let j = h.end;
  const next = w[j] ?? '';
  if (COUNTED.has(next)) return null;
  if (UNIT.has(next) && !HOUR_UNIT.has(next) && !RU_MARKER.has(next)) return null;
  if (w[p.j] === 'час' || w[p.j] === 'часу') return { value: { hour: 1, minute: 0, bare: true }, end: j };
  let minute = 0;
  if (ORDINAL_SUFFIX.has(next) && isDigits(w[p.j])) return null; // "at 5th avenue"
  if (HOUR_UNIT.has(next)) {
    j++;
    if (w[j] === '.') j++;
    const m = cardinal(w, j);
    if (m && m.value <= 59 && (MINUTE_UNIT.has(w[m.end] ?? '') || !isDigits(w[j]))) {
      minute = m.value;
      j = MINUTE_UNIT.has(w[m.end] ?? '') ? m.end + 1 : m.end;
    }
  } else {
    const m = wordMinutes(w, j);
    if (m) {
      minute = m.value;
      j = m.end;
    }
  }
  const hour = h.value;
  return { value: { hour, minute, bare: hour >= 1 && hour <= 11 }, end: j };
}

/** Russian colloquial forms. */
function russianColloquial(w: Words, j: number): Parsed<{ hour: number; minute: number; bare: boolean }> | null {
  const before = (n: number): number => (n === 1 ? 12 : n - 1);
  const at = (ord: number, minute: number, end: number) => ({ value: { hour: before(ord), minute, bare: true }, end });
  const x = w[j] ?? '';
  const half = HALF_HOUR_WORD.get(x);
  if (half !== undefined) return at(half, 30, j + 1);
  if (x === 'пол' || x === 'половина' || x === 'половине' || x === 'половину' || x === 'четверть') {
    const k = x === 'пол' && w[j + 1] === '-' ? j + 2 : j + 1;
    const ord = HOUR_GENITIVE.get(w[k] ?? '');
    if (ord !== undefined) return at(ord, x === 'четверть' ? 15 : 30, k + 1);
    return null;
  }
  if (x === 'без') {
    let k = j + 1;
    let minutes: number;
    if (w[k] === 'четверти') {
      minutes = 15;
      k++;
    } else {
      const n = cardinal(w, k);
      if (!n || n.value < 1 || n.value > 30) return null;
      minutes = n.value;
      k = MINUTE_UNIT.has(w[n.end] ?? '') ? n.end + 1 : n.end;
    }
    const h = w[k] === 'час' ? { value: 1, end: k + 1 } : cardinal(w, k);
    if (!h || h.value < 1 || h.value > 12) return null;
    return { value: { hour: before(h.value), minute: 60 - minutes, bare: true }, end: h.end };
  }
  // "десять минут девятого"
  const n = cardinal(w, j);
  if (n && n.value >= 1 && n.value <= 59 && MINUTE_UNIT.has(w[n.end] ?? '')) {
    const ord = HOUR_GENITIVE.get(w[n.end + 1] ?? '');
    if (ord !== undefined) return at(ord, n.value, n.end + 2);
  }
  return null;
}

/** English colloquial forms: "half past 8", "a quarter to 10", "ten past 7", "20 minutes to 5". */
function englishColloquial(w: Words, j: number, strong: boolean): Parsed<{ hour: number; minute: number; bare: boolean }> | null {
  let k = w[j] === 'a' && w[j + 1] === 'quarter' ? j + 1 : j;
  let minutes: number;
  let spelled = true;
  if (w[k] === 'half') minutes = 30;
  else if (w[k] === 'quarter') minutes = 15;
  else {
    const n = cardinal(w, k);
    if (!n || n.value < 1 || n.value > 30) return null;
    minutes = n.value;
    spelled = !isDigits(w[k]);
    k = n.end - 1;
    if (MINUTE_UNIT.has(w[k + 1] ?? '')) {
      k++;
      spelled = true;
    }
  }
  k++;
  const rel = w[k];
  const past = rel === 'past' || rel === 'after';
  const to = rel === 'to' || rel === 'till' || rel === 'before' || rel === 'of';
  if (!past && !(to && minutes !== 30)) return null;
  if (!spelled && !strong) return null;
  // "quarter past noon", "ten to midnight": the hour as written on the 24-hour clock.
  const named = NAMED_HOUR.get(w[k + 1] ?? '');
  if (named !== undefined) {
    const at = (named + (past ? 0 : 23)) % 24;
    return { value: { hour: at, minute: past ? minutes : 60 - minutes, bare: false }, end: k + 2 };
  }
  const h = cardinal(w, k + 1);
  if (!h || h.value < 1 || h.value > 12) return null;
  const hour = past ? h.value : h.value === 1 ? 12 : h.value - 1;
  return { value: { hour, minute: past ? minutes : 60 - minutes, bare: true }, end: h.end };
}

export function matchClock(c: Ctx, i: number): Match | null {
  const p = prefix(c.w, i);
  const colloquial = russianColloquial(c.w, p.j) ?? englishColloquial(c.w, p.j, p.strong);
  if (colloquial) return finish(c, { ...p, strong: true }, colloquial, true);
  const num = numeric(c, p);
  if (num) return finish(c, p, num, true);
  const hf = hourForm(c, p);
  // "ten thirty", "twelve oh five" (rule 15): an English hour and minutes both in words are a clock with no "at".
  const spoken = hf !== null && isLatin(c.w[p.j]) && hf.value.hour <= 12 && hf.end - p.j >= 2 && (hf.value.minute > 0 || c.w[p.j + 1] === 'oh');
  if (hf) return finish(c, p, hf, spoken);
  return null;
}
