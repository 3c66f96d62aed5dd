import { EN_DAY, type Day } from './calendar-words';
import { ruPlural } from './text';

/** Rule 18's ordinal weekdays of the month in words (FREQ=MONTHLY;BYDAY=1FR, -1FR; see recurrence-words.ts). */

/** The weekday as "в/каждую …" needs it (accusative) and its gender, for the ordinal's ending. */
const RU_DAY_ACCUSATIVE: Record<Day, [word: string, gender: 'm' | 'f' | 'n']> = {
  MO: ['понедельник', 'm'],
  TU: ['вторник', 'm'],
  WE: ['среду', 'f'],
  TH: ['четверг', 'm'],
  FR: ['пятницу', 'f'],
  SA: ['субботу', 'f'],
  SU: ['воскресенье', 'n'],
};
/** Ordinals by gender (m, f, n), accusative; -1 the last, -2 the one before it. */
const RU_NTH: Record<number, [string, string, string]> = {
  1: ['первый', 'первую', 'первое'],
  2: ['второй', 'вторую', 'второе'],
  3: ['третий', 'третью', 'третье'],
  4: ['четвёртый', 'четвёртую', 'четвёртое'],
  5: ['пятый', 'пятую', 'пятое'],
  [-1]: ['последний', 'последнюю', 'последнее'],
  [-2]: ['предпоследний', 'предпоследнюю', 'предпоследнее'],
};
const EN_NTH: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last', [-2]: 'second-to-last' };
/** "каждую первую пятницу месяца", "в последний понедельник месяца" (rule 18). */
export function ruMonthlyWeekday(weekday: Day, n: number, interval: number): string {
  const [day, gender] = RU_DAY_ACCUSATIVE[weekday];
  const nth = RU_NTH[n]![gender === 'm' ? 0 : gender === 'f' ? 1 : 2];
  const every = gender === 'm' ? 'каждый' : gender === 'f' ? 'каждую' : 'каждое';
  const words = n > 0 ? `${every} ${nth} ${day} месяца` : `в ${nth} ${day} месяца`;
  return interval === 1 ? words : `${words}, раз в ${interval} ${ruPlural(interval, 'месяц', 'месяца', 'месяцев')}`;
}

/** "on the first Friday of every month", "every 2 months on the last Friday". */
export function enMonthlyWeekday(weekday: Day, n: number, interval: number): string {
  const what = `the ${EN_NTH[n]!} ${EN_DAY[weekday]}`;
  return interval === 1 ? `on ${what} of every month` : `every ${interval} months on ${what}`;
}
