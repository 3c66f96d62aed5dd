import { correctWord } from '../text/correct';
import { lexicon } from '../text/lexicon';
import type { PartOfDay, Weekday } from './expression';

/**
 * The time vocabulary of both languages. The grammar reads words after typo correction, and the
 * corrector also rewrites some correct forms that are missing from the lexicon ("вечерам" →
 * "вечера", "fifteenth" → "fifteen"), so every table also holds each word as corrected.
 */
export function table<V>(entries: Record<string, V>): ReadonlyMap<string, V> {
  const map = new Map(Object.entries(entries));
  const lex = lexicon();
  for (const [word, value] of Object.entries(entries)) {
    const fixed = correctWord(word, lex);
    if (fixed && !map.has(fixed)) map.set(fixed, value);
  }
  return map;
}

export const set = (...words: string[]): ReadonlySet<string> => new Set(table(Object.fromEntries(words.map((w) => [w, true]))).keys());

const forms = (stems: Record<string, number>, endings: string[]): Record<string, number> =>
  Object.fromEntries(Object.entries(stems).flatMap(([stem, n]) => endings.map((e) => [stem + e, n])));

// ---------------------------------------------------------------- numbers

export const CARDINAL = table<number>({
  ноль: 0, нуля: 0, один: 1, одна: 1, одну: 1, одного: 1, одной: 1, два: 2, две: 2, двух: 2, двум: 2,
  три: 3, трех: 3, трем: 3, четыре: 4, четырех: 4, пять: 5, пяти: 5, шесть: 6, шести: 6, семь: 7, семи: 7,
  восемь: 8, восьми: 8, девять: 9, девяти: 9, десять: 10, десяти: 10, одиннадцать: 11, одиннадцати: 11,
  двенадцать: 12, двенадцати: 12, тринадцать: 13, тринадцати: 13, четырнадцать: 14, четырнадцати: 14,
  пятнадцать: 15, пятнадцати: 15, шестнадцать: 16, шестнадцати: 16, семнадцать: 17, семнадцати: 17,
  восемнадцать: 18, восемнадцати: 18, девятнадцать: 19, девятнадцати: 19, двадцать: 20, двадцати: 20,
  тридцать: 30, тридцати: 30, сорок: 40, сорока: 40, пятьдесят: 50, пятидесяти: 50, шестьдесят: 60, шестидесяти: 60,
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
});

const RU_ORDINAL_STEMS = {
  перв: 1, втор: 2, четверт: 4, пят: 5, шест: 6, седьм: 7, восьм: 8, девят: 9, десят: 10, одиннадцат: 11,
  двенадцат: 12, тринадцат: 13, четырнадцат: 14, пятнадцат: 15, шестнадцат: 16, семнадцат: 17, восемнадцат: 18,
  девятнадцат: 19, двадцат: 20, тридцат: 30,
};

export const ORDINAL = table<number>({
  ...forms(RU_ORDINAL_STEMS, ['ого', 'ое', 'ый', 'ой', 'ая', 'ую', 'ом', 'ому']),
  третьего: 3, третье: 3, третий: 3, третья: 3, третью: 3, третьем: 3,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
});

/** What may follow digits in an ordinal: "15th", "1-го", "5-е". */
export const ORDINAL_SUFFIX = set('st', 'nd', 'rd', 'th', 'го', 'ого', 'е', 'ое', 'й', 'ый', 'ой', 'ее');

/** Genitive ordinals that name an hour in "полдевятого", "четверть девятого": the hour before. */
export const HOUR_GENITIVE = table<number>({ ...forms(RU_ORDINAL_STEMS, ['ого']), третьего: 3 });
/** "полдевятого" written as one word: half of the ninth hour. */
export const HALF_HOUR_WORD = table<number>(Object.fromEntries(Object.entries({ ...forms(RU_ORDINAL_STEMS, ['ого']), третьего: 3 }).map(([w, n]) => ['пол' + w, n])));

// ---------------------------------------------------------------- calendar

export const MONTH = table<number>({
  январь: 1, января: 1, январе: 1, янв: 1, февраль: 2, февраля: 2, феврале: 2, фев: 2, март: 3, марта: 3, марте: 3,
  апрель: 4, апреля: 4, апреле: 4, апр: 4, май: 5, мая: 5, мае: 5, июнь: 6, июня: 6, июне: 6, июль: 7, июля: 7,
  июле: 7, август: 8, августа: 8, августе: 8, авг: 8, сентябрь: 9, сентября: 9, сентябре: 9, сент: 9, сен: 9,
  октябрь: 10, октября: 10, октябре: 10, окт: 10, ноябрь: 11, ноября: 11, ноябре: 11, нояб: 11, ноя: 11,
  декабрь: 12, декабря: 12, декабре: 12, дек: 12,
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
});

export interface WeekdayWord {
  day: Weekday;
  /** "по понедельникам", "mondays": a plural that means every such day. */
  plural: boolean;
  /** "пн", "mon": read only after a preposition, a modifier or in a list. */
  abbr: boolean;
}

const wd = (day: Weekday, plural = false, abbr = false): WeekdayWord => ({ day, plural, abbr });
export const WEEKDAY = table<WeekdayWord>({
  понедельник: wd(1), понедельника: wd(1), понедельнику: wd(1), понедельнике: wd(1), понедельникам: wd(1, true), понедельники: wd(1, true),
  вторник: wd(2), вторника: wd(2), вторнику: wd(2), вторнике: wd(2), вторникам: wd(2, true), вторники: wd(2, true),
  среда: wd(3), среду: wd(3), среды: wd(3), среде: wd(3), средам: wd(3, true),
  четверг: wd(4), четверга: wd(4), четвергу: wd(4), четверге: wd(4), четвергам: wd(4, true), четверги: wd(4, true),
  пятница: wd(5), пятницу: wd(5), пятницы: wd(5), пятнице: wd(5), пятницам: wd(5, true),
  суббота: wd(6), субботу: wd(6), субботы: wd(6), субботе: wd(6), субботам: wd(6, true),
  воскресенье: wd(7), воскресенья: wd(7), воскресенью: wd(7), воскресеньям: wd(7, true),
  пн: wd(1, false, true), вт: wd(2, false, true), ср: wd(3, false, true), чт: wd(4, false, true), пт: wd(5, false, true), сб: wd(6, false, true), вс: wd(7, false, true),
  monday: wd(1), tuesday: wd(2), wednesday: wd(3), thursday: wd(4), friday: wd(5), saturday: wd(6), sunday: wd(7),
  mondays: wd(1, true), tuesdays: wd(2, true), wednesdays: wd(3, true), thursdays: wd(4, true), fridays: wd(5, true), saturdays: wd(6, true), sundays: wd(7, true),
  mon: wd(1, false, true), tue: wd(2, false, true), tues: wd(2, false, true), wed: wd(3, false, true), thu: wd(4, false, true),
  thur: wd(4, false, true), thurs: wd(4, false, true), fri: wd(5, false, true), sat: wd(6, false, true), sun: wd(7, false, true),
});

export const DAY_WORD = table<0 | 1 | 2>({ сегодня: 0, завтра: 1, послезавтра: 2, today: 0, tomorrow: 1, tmrw: 1, tmr: 1, tomorow: 1 });

// ---------------------------------------------------------------- durations

export type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export const UNIT = table<Unit>({
  секунда: 'second', секунду: 'second', секунды: 'second', секунд: 'second', сек: 'second',
  second: 'second', seconds: 'second', sec: 'second', secs: 'second',
  минута: 'minute', минуту: 'minute', минуты: 'minute', минут: 'minute', минутку: 'minute', минутки: 'minute', минуточку: 'minute', мин: 'minute',
  minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute',
  час: 'hour', часа: 'hour', часов: 'hour', часик: 'hour', часика: 'hour', часок: 'hour', ч: 'hour',
  hour: 'hour', hours: 'hour', hr: 'hour', hrs: 'hour',
  день: 'day', дня: 'day', дней: 'day', денек: 'day', денька: 'day', сутки: 'day', суток: 'day', day: 'day', days: 'day',
  неделя: 'week', неделю: 'week', недели: 'week', недель: 'week', недельку: 'week', week: 'week', weeks: 'week', wk: 'week', wks: 'week',
  месяц: 'month', месяца: 'month', месяцев: 'month', month: 'month', months: 'month',
  год: 'year', года: 'year', лет: 'year', годик: 'year', year: 'year', years: 'year', yr: 'year', yrs: 'year',
});
/** Unit abbreviations read only right after digits ("10m", "2h"). */
export const UNIT_AFTER_DIGITS = table<Unit>({ m: 'minute', h: 'hour', d: 'day', w: 'week', м: 'minute' });

// ---------------------------------------------------------------- parts of day

export const PART_HOUR: Record<PartOfDay, number> = {
  morning: 9, afternoon: 13, afterLunch: 15, evening: 19, night: 23, noon: 12, midnight: 0,
};

/** Russian adverbs that stand alone: "утром", "вечером". */
export const RU_PART_ADVERB = table<PartOfDay>({
  утром: 'morning', утречком: 'morning', днем: 'afternoon', вечером: 'evening', вечерком: 'evening', ночью: 'night',
  полдень: 'noon', полночь: 'midnight',
});
/** Nouns after "каждое"/"every", after a day ("tomorrow morning") or after "in the". */
export const PART_NOUN = table<PartOfDay>({
  утро: 'morning', вечер: 'evening', ночь: 'night', день: 'afternoon',
  morning: 'morning', afternoon: 'afternoon', evening: 'evening', night: 'night', noon: 'noon', midday: 'noon', midnight: 'midnight',
  lunchtime: 'noon',
});
/** "по утрам", "по вечерам" — as corrected ("вечерам" → "вечера", "утрам" → "утром"). */
export const RU_PART_PLURAL = table<PartOfDay>({ утрам: 'morning', вечерам: 'evening', ночам: 'night' });

// ---------------------------------------------------------------- markers

export const RU_MARKER = table<'утра' | 'дня' | 'вечера' | 'ночи'>({ утра: 'утра', дня: 'дня', вечера: 'вечера', ночи: 'ночи' });

// ---------------------------------------------------------------- zones

/** "по X" (Russian dative) and "X time" (English) → IANA. */
export const RU_ZONE_CITY = table<string>({
  мск: 'Europe/Moscow', москве: 'Europe/Moscow', московскому: 'Europe/Moscow', москва: 'Europe/Moscow',
  берлину: 'Europe/Berlin', берлинскому: 'Europe/Berlin', лондону: 'Europe/London', лондонскому: 'Europe/London',
  парижу: 'Europe/Paris', токио: 'Asia/Tokyo', токийскому: 'Asia/Tokyo',
  екатеринбургу: 'Asia/Yekaterinburg', екатеринбургскому: 'Asia/Yekaterinburg',
  новосибирску: 'Asia/Novosibirsk', новосибирскому: 'Asia/Novosibirsk',
  владивостоку: 'Asia/Vladivostok', владивостокскому: 'Asia/Vladivostok',
  калининграду: 'Europe/Kaliningrad', самаре: 'Europe/Samara', самарскому: 'Europe/Samara',
  омску: 'Asia/Omsk', красноярску: 'Asia/Krasnoyarsk', иркутску: 'Asia/Irkutsk', хабаровску: 'Asia/Vladivostok',
  магадану: 'Asia/Magadan', камчатке: 'Asia/Kamchatka', минску: 'Europe/Minsk', киеву: 'Europe/Kyiv',
  питеру: 'Europe/Moscow', петербургу: 'Europe/Moscow', алматы: 'Asia/Almaty', ташкенту: 'Asia/Tashkent',
  тбилиси: 'Asia/Tbilisi', еревану: 'Asia/Yerevan', баку: 'Asia/Baku', стамбулу: 'Europe/Istanbul', дубаю: 'Asia/Dubai',
  екб: 'Asia/Yekaterinburg', нск: 'Asia/Novosibirsk', спб: 'Europe/Moscow', гринвичу: 'UTC', utc: 'UTC', gmt: 'UTC',
});
export const EN_ZONE_CITY = table<string>({
  moscow: 'Europe/Moscow', berlin: 'Europe/Berlin', london: 'Europe/London', paris: 'Europe/Paris', tokyo: 'Asia/Tokyo',
  madrid: 'Europe/Madrid', rome: 'Europe/Rome', amsterdam: 'Europe/Amsterdam', kyiv: 'Europe/Kyiv', istanbul: 'Europe/Istanbul',
  dubai: 'Asia/Dubai', delhi: 'Asia/Kolkata', india: 'Asia/Kolkata', mumbai: 'Asia/Kolkata', singapore: 'Asia/Singapore',
  sydney: 'Australia/Sydney', chicago: 'America/Chicago', denver: 'America/Denver', toronto: 'America/Toronto',
  yekaterinburg: 'Asia/Yekaterinburg', novosibirsk: 'Asia/Novosibirsk', vladivostok: 'Asia/Vladivostok',
  eastern: 'America/New_York', central: 'America/Chicago', mountain: 'America/Denver', pacific: 'America/Los_Angeles',
  nyc: 'America/New_York', ny: 'America/New_York', la: 'America/Los_Angeles', utc: 'UTC', gmt: 'UTC', greenwich: 'UTC',
});
/** Two-word cities: "new york", "нью-йорку", "los angeles", "san francisco". */
export const CITY_PAIRS: ReadonlyArray<[string, string, string]> = [
  ['new', 'york', 'America/New_York'],
  ['нью', 'йорку', 'America/New_York'],
  ['los', 'angeles', 'America/Los_Angeles'],
  ['san', 'francisco', 'America/Los_Angeles'],
];
/** Zone words that stand alone. */
export const ZONE_ABBR = table<string>({ мск: 'Europe/Moscow', msk: 'Europe/Moscow', utc: 'UTC', gmt: 'UTC' });
