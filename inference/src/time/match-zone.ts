import type { ZoneMeaning } from './expression';
import { isDigits, type Parsed, type Words } from './numbers';
import type { Ctx, Match } from './match';
import { CITY_PAIRS, EN_ZONE_CITY, RU_ZONE_CITY, ZONE_ABBR, set } from './vocab';

/**
 * Explicit zones (rule 9): "по мск", "по Москве", "по московскому времени", "MSK", "UTC", "GMT",
 * "UTC+3", "GMT-5", "UTC+05:30", "по Берлину", "Berlin time", "New York time", "по Нью-Йорку".
 */

const TIME = set('time', 'времени');
const MINUS = set('-', '−', '–');

const iana = (name: string): ZoneMeaning => ({ kind: 'zone', iana: name, offsetMinutes: null });

/** "+3", "+ 3", "-5", "+05:30", "+0530" after UTC/GMT, in minutes. */
function utcOffset(w: Words, j: number): Parsed<number> | null {
  const sign = w[j] === '+' ? 1 : MINUS.has(w[j] ?? '') ? -1 : 0;
  const h = w[j + 1];
  if (!sign || !isDigits(h)) return null;
  if (h.length === 4) return { value: sign * (Number(h.slice(0, 2)) * 60 + Number(h.slice(2))), end: j + 2 };
  if (h.length > 2 || Number(h) > 14) return null;
  let minutes = Number(h) * 60;
  let end = j + 2;
  if (w[end] === ':' && isDigits(w[end + 1]) && w[end + 1]!.length === 2) {
    minutes += Number(w[end + 1]);
    end += 2;
  }
  return { value: sign * minutes, end };
}

/** A city, one word or two ("new york", "нью-йорку"). */
function city(w: Words, j: number, table: ReadonlyMap<string, string>): Parsed<string> | null {
  for (const [a, b, zone] of CITY_PAIRS) {
    if (w[j] === a && w[j + 1] === b) return { value: zone, end: j + 2 };
    if (w[j] === a && w[j + 1] === '-' && w[j + 2] === b) return { value: zone, end: j + 3 };
  }
  const zone = table.get(w[j] ?? '');
  return zone ? { value: zone, end: j + 1 } : null;
}

export function matchZone(c: Ctx, i: number): Match | null {
  const { w } = c;
  let j = i;
  const po = w[j] === 'по';
  if (po) j++;
  const abbr = ZONE_ABBR.get(w[j] ?? '');
  if (abbr) {
    const off = abbr === 'UTC' ? utcOffset(w, j + 1) : null;
    let end = off?.end ?? j + 1;
    if (TIME.has(w[end] ?? '')) end++;
    const meaning: ZoneMeaning = off ? { kind: 'zone', iana: null, offsetMinutes: off.value } : iana(abbr);
    return { end, meaning };
  }
  if (po) {
    const ru = city(w, j, RU_ZONE_CITY);
    if (!ru) return null;
    return { end: TIME.has(w[ru.end] ?? '') ? ru.end + 1 : ru.end, meaning: iana(ru.value) };
  }
  // "London time", "New York time", "in London time"
  const k = w[j] === 'in' ? j + 1 : j;
  const en = city(w, k, EN_ZONE_CITY);
  if (en && w[en.end] === 'time') return { end: en.end + 1, meaning: iana(en.value) };
  return null;
}
