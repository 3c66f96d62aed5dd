import { describe, expect, it } from 'vitest';
import { findFailures, formatFailures } from './failures';
import type { GoldRow, PredRow } from './score';

const NOW = '2026-03-12T10:15:00+03:00';
const gold = (id: string, over: Partial<GoldRow>): GoldRow => ({
  id,
  lang: 'ru',
  tz: 'Europe/Moscow',
  now: NOW,
  text: `text of ${id}`,
  intent: 'create',
  due: null,
  rrule: null,
  reminder_text: null,
  tags: [],
  ...over,
});

describe('findFailures judges each field as the metrics do', () => {
  const rows = [
    gold('ok', { due: '2026-03-13T09:00:00+03:00', reminder_text: 'позвонить маме' }),
    gold('due', { due: '2026-03-13T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU', reminder_text: 'позвонить' }),
    gold('list', { intent: 'list', list_from: '2026-03-13', list_to: '2026-03-13' }),
    gold('list-none', { intent: 'list' }),
    gold('missing', { intent: 'snooze', due: '2026-03-12T10:25:00+03:00' }),
  ];
  const preds: PredRow[] = [
    // Same instant in another offset, same text in another case: right.
    { id: 'ok', intent: 'create', due: '2026-03-13T06:00:00Z', rrule: null, reminder_text: 'Позвонить маме!' },
    // BYDAY in another order is right; the due a day late and the extra word are wrong.
    { id: 'due', intent: 'create', due: '2026-03-14T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=TU,MO', reminder_text: 'позвонить завтра' },
    { id: 'list', intent: 'list', due: null, rrule: null, reminder_text: null, list_from: '2026-03-13', list_to: '2026-03-14' },
    { id: 'list-none', intent: 'list', due: null, rrule: null, reminder_text: null },
  ];

  it('lists the wrong fields with expected and got', () => {
    const f = findFailures(rows, preds);
    expect(f.map((x) => [x.id, x.misses.map((m) => m.field)])).toEqual([
      ['due', ['due', 'text']],
      ['list', ['list_period']],
      ['missing', ['intent', 'due']],
    ]);
    expect(f[1]!.misses[0]).toEqual({ field: 'list_period', expected: '2026-03-13..2026-03-13', got: '2026-03-13..2026-03-14' });
    const out = formatFailures(f);
    expect(out.split('\n')[0]).toBe('failures: 3 example(s) — intent 1, due 2, rrule 0, text 1, list_period 1');
    expect(out).toContain('due [ru] text of due');
    expect(out).toMatch(/^ {2}due +expected "2026-03-13T09:00:00\+03:00" {2}got "2026-03-14T09:00:00\+03:00"$/m);
    expect(out).toMatch(/^ {2}intent +expected "snooze" {2}got null$/m);
  });

  it('judges no list period in a corpus that carries none (built before rule 20)', () => {
    const old = [gold('l', { intent: 'list' })];
    expect(findFailures(old, [{ id: 'l', intent: 'list', list_from: '2026-03-13', list_to: '2026-03-13' }])).toEqual([]);
  });
});
