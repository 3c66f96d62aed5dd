import { describe, expect, it } from 'vitest';
import { parseWithChrono } from './chrono-baseline';

describe('chrono baseline', () => {
  it('finds a date: create, due in the user zone, the matched words removed', () => {
    expect(
      parseWithChrono({ text: 'напомни через 2 часа выключить духовку', timezone: 'Europe/Moscow', now: '2026-03-12T10:15:00+03:00', lang: 'ru' }),
    ).toEqual({
      intent: 'create',
      due: '2026-03-12T12:15:00+03:00',
      rrule: null,
      reminderText: 'напомни выключить духовку',
    });
  });

  it('keeps the wall-clock time of a day offset across a DST change, and an hour offset as an instant', () => {
    const now = '2026-03-27T20:00:00+01:00'; // Berlin moves to +02:00 on 29 March
    expect(parseWithChrono({ text: 'remind me in 3 days to renew my passport', timezone: 'Europe/Berlin', now }).due).toBe('2026-03-30T20:00:00+02:00');
    expect(parseWithChrono({ text: 'in 30 hours feed the cat', timezone: 'Europe/Berlin', now }).due).toBe('2026-03-29T03:00:00+02:00');
  });

  it('finds no date: other, the whole text', () => {
    expect(parseWithChrono({ text: ' напомни купить молоко ', timezone: 'Europe/Moscow', now: '2026-03-12T10:15:00+03:00' })).toEqual({
      intent: 'other',
      due: null,
      rrule: null,
      reminderText: 'напомни купить молоко',
    });
  });
});
