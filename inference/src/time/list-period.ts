import { DateTime, IANAZone } from 'luxon';
import type { Expression, Meaning } from './expression';

/**
 * The period of a list request (CONVENTIONS rule 20): local dates, both inclusive. A day word
 * gives that day; a weekday the next such day with today counting ("на пятницу" on a Friday is
 * today; "next friday" strictly after today; "friday next week" in the next ISO week); a date
 * that day (this year if not yet past, else next year; a day of no month named: this month or the next that has it); this week today to Sunday; next week
 * next Monday to Sunday; a weekend its Saturday and Sunday (today only, said on a Sunday).
 * Null when the request names no period, or names more than one kind of day (ask).
 */

export interface ListPeriod {
  /** YYYY-MM-DD, local to the user's zone. */
  from: string;
  to: string;
}

export interface ListPeriodOptions {
  now: string;
  timezone: string;
}

const iso = (d: DateTime): string => d.toISODate() ?? '';
const span = (from: DateTime, to: DateTime): ListPeriod => ({ from: iso(from), to: iso(to) });

function periodOf(m: Meaning, today: DateTime): ListPeriod | null {
  switch (m.kind) {
    case 'dayWord':
      return span(today.plus({ days: m.days }), today.plus({ days: m.days }));
    case 'weekday': {
      if (m.modifier === 'nextWeek') {
        const d = today.startOf('week').plus({ weeks: 1, days: m.day - 1 });
        return span(d, d);
      }
      const from = m.modifier === 'next' ? 1 : 0;
      const ahead = (m.day - today.weekday + 7) % 7;
      const d = today.plus({ days: ahead < from ? ahead + 7 : ahead });
      return span(d, d);
    }
    case 'date': {
      if (m.month === null) {
        // "на 20-е", "the 20th": this month while not past (today counts), else the next month that has it.
        for (let k = 0; k < 13; k++) {
          const d = today.plus({ months: k }).set({ day: 1 }).set({ day: m.day });
          if (d.day === m.day && d >= today) return span(d, d);
        }
        return null;
      }
      for (const y of m.year !== null ? [m.year] : [today.year, today.year + 1]) {
        const d = DateTime.fromObject({ year: y, month: m.month, day: m.day }, { zone: today.zone });
        if (d.isValid && (m.year !== null || d >= today)) return span(d, d);
      }
      return null;
    }
    case 'week':
      return m.next ? span(today.startOf('week').plus({ weeks: 1 }), today.startOf('week').plus({ weeks: 1, days: 6 })) : span(today, today.endOf('week'));
    case 'weekend': {
      if (today.weekday === 7) return span(today, today);
      const sat = today.plus({ days: 6 - today.weekday });
      return span(sat, sat.plus({ days: 1 }));
    }
    default:
      return null;
  }
}

export function listPeriod(expressions: readonly Expression[], options: ListPeriodOptions): ListPeriod | null {
  const zone = IANAZone.create(options.timezone);
  const now = DateTime.fromISO(options.now, { setZone: true });
  if (!zone.isValid || !now.isValid) return null;
  const today = now.setZone(zone).startOf('day');
  const periods = expressions.map((e) => periodOf(e.meaning, today)).filter((p): p is ListPeriod => p !== null);
  const [head, ...rest] = periods;
  if (!head || rest.some((p) => p.from !== head.from || p.to !== head.to)) return null;
  return head;
}
