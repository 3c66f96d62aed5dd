import { describe, expect, it } from 'vitest';
import { pyFormatFixed, pyFromIsoFormat, pyRound } from './py-compat';
import { f1, formatTagLines, goldRowSchema, predRowSchema, rruleSet, sameInstant, sameRrule, score, tokens, type GoldRow, type PredRow } from './score';

const NOW = '2026-03-12T10:15:00+03:00';

function gold(id: string, over: Partial<GoldRow>): GoldRow {
  return { id, lang: 'ru', tz: 'Europe/Moscow', now: NOW, text: 'x', intent: 'create', due: null, rrule: null, reminder_text: null, tags: [], ...over };
}

describe('sameInstant', () => {
  it('compares instants across offsets and spellings', () => {
    const due = '2026-03-13T09:00:00+03:00';
    expect(sameInstant(due, due)).toBe(true);
    expect(sameInstant(due, '2026-03-13T06:00:00Z')).toBe(true);
    expect(sameInstant(due, '2026-03-13T06:00:00+00:00')).toBe(true);
    expect(sameInstant(due, '2026-03-13T11:30:00+05:30')).toBe(true);
    expect(sameInstant(due, '2026-03-13 09:00:00.000+03:00')).toBe(true);
    expect(sameInstant(due, '20260313T090000+0300')).toBe(true);
    expect(sameInstant(due, '2026-03-13T10:00:00+03:00')).toBe(false);
    expect(sameInstant(due, '2026-03-13T09:00:00.000001+03:00')).toBe(false);
  });

  it('never equates naive and aware values; null only equals null', () => {
    expect(sameInstant('2026-03-13T09:00:00+03:00', '2026-03-13T09:00:00')).toBe(false);
    expect(sameInstant('2026-03-13T09:00:00', '2026-03-13 09:00')).toBe(true);
    expect(sameInstant(null, null)).toBe(true);
    expect(sameInstant(null, undefined)).toBe(true);
    expect(sameInstant('2026-03-13T09:00:00+03:00', null)).toBe(false);
    expect(sameInstant(null, '2026-03-13T09:00:00+03:00')).toBe(false);
  });

  it('counts an unparsable value as wrong, even against itself', () => {
    for (const bad of ['', 'tomorrow', '2026-03-13T25:00:00+03:00', '2026-02-30T09:00:00Z', '2026-03-13T09:00:00+24:00', '2026-03-13T9:00']) {
      expect(sameInstant(bad, bad), bad).toBe(false);
    }
  });

  it('accepts what CPython 3.11 accepts', () => {
    expect(pyFromIsoFormat('2026-W11-5T09:00+03:00')).toEqual(pyFromIsoFormat('2026-03-13T09:00:00+03:00'));
    expect(pyFromIsoFormat('2026-03-13é09:00')).toEqual(pyFromIsoFormat('2026-03-13T09:00'));
    expect(pyFromIsoFormat('2026-03-13T09:00:00.1234567x+03:00')).not.toBeNull();
    expect(pyFromIsoFormat('2026-03-13T')).toBeNull();
    expect(pyFromIsoFormat('2026-03-13T24:00:00')).toBeNull();
    expect(pyFromIsoFormat(42)).toBeNull();
  });
});

describe('RRULE comparison', () => {
  it('compares key/value sets, BYDAY as a set, INTERVAL=1 as absent', () => {
    expect(sameRrule('FREQ=WEEKLY;BYDAY=MO,TH', 'FREQ=WEEKLY;BYDAY=TH,MO')).toBe(true);
    expect(sameRrule('FREQ=DAILY', 'RRULE:FREQ=DAILY;INTERVAL=1')).toBe(true);
    expect(sameRrule('FREQ=DAILY', 'freq=daily')).toBe(true);
    expect(sameRrule('FREQ=MONTHLY;BYMONTHDAY=1', 'BYMONTHDAY=1;FREQ=MONTHLY')).toBe(true);
    expect(sameRrule('FREQ=DAILY;INTERVAL=2', 'FREQ=DAILY')).toBe(false);
    expect(sameRrule('FREQ=WEEKLY;BYDAY=MO,TU', 'FREQ=WEEKLY;BYDAY=MO')).toBe(false);
    expect(sameRrule(null, null)).toBe(true);
    expect(sameRrule(null, '')).toBe(true);
    expect(sameRrule(null, 'FREQ=DAILY')).toBe(false);
    expect(sameRrule(null, 'garbage')).toBe(false); // {} is not None
    expect(rruleSet('FREQ=DAILY;FREQ=WEEKLY')?.get('FREQ')).toBe('WEEKLY');
  });
});

describe('tokens and F1', () => {
  it('lowercases, folds ё, drops punctuation and keeps Unicode word characters', () => {
    expect(tokens('Позвонить Ёлке, ПОЖАЛУЙСТА!!')).toEqual(['позвонить', 'елке', 'пожалуйста']);
    expect(tokens("don't snake_case 2x ⏰ 15:00")).toEqual(['don', 't', 'snake_case', '2x', '15', '00']);
    expect(tokens('café')).toEqual(['café']);
    // A combining mark is no word character in Python: a decomposed й splits the word.
    expect(tokens('и\u0306од')).toEqual(['и', 'од']);
    expect(tokens(null)).toEqual([]);
  });

  it('computes token F1 as score.py does', () => {
    expect(f1('позвонить маме', 'Позвонить маме.')).toBe(1);
    expect(f1('a b c', 'a b')).toBeCloseTo(0.8, 15);
    expect(f1('a a b', 'a b b')).toBeCloseTo(2 / 3, 15);
    expect(f1('a', 'b')).toBe(0);
    expect(f1('!!', null)).toBe(1); // no tokens on either side
  });
});

describe('Python rounding', () => {
  it('rounds halves to even on the exact binary value', () => {
    expect(pyRound(0.03125, 4)).toBe(0.0312); // exactly halfway: to even
    expect(pyRound(0.09375, 4)).toBe(0.0938);
    expect(pyRound(0.12345, 4)).toBe(0.1235); // 0.12345 is a little above the half
    expect(pyRound(2 / 3, 4)).toBe(0.6667);
    expect(pyFormatFixed(0.0625, 3)).toBe('0.062');
    expect(pyFormatFixed(1, 3)).toBe('1.000');
    expect(pyFormatFixed(0, 3)).toBe('0.000');
  });
});

describe('score', () => {
  const g: GoldRow[] = [
    gold('a', { due: '2026-03-13T09:00:00+03:00', reminder_text: 'позвонить маме', tags: ['date_word', 'bare_hour'] }),
    gold('b', { due: '2026-03-16T10:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO', reminder_text: 'отчет', tags: ['recurrence', 'bare_hour'] }),
    gold('c', { due: null, reminder_text: 'купить молоко', tags: ['no_time'] }),
    gold('d', { intent: 'snooze', due: '2026-03-12T10:25:00+03:00', tags: ['relative_offset'] }),
    gold('e', { intent: 'other', tags: ['negative'] }),
    gold('f', { due: '2026-03-12T12:15:00+03:00', reminder_text: '', tags: [] }),
  ];
  const p: PredRow[] = [
    { id: 'a', intent: 'create', due: '2026-03-13T06:00:00Z', rrule: null, reminder_text: 'Позвонить маме!' },
    { id: 'b', intent: 'create', due: '2026-03-16T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO;INTERVAL=1', reminder_text: 'отчет в 10' },
    { id: 'c', intent: 'list', due: null, rrule: null, reminder_text: 'купить молоко' },
    { id: 'd', intent: 'snooze', due: '2026-03-12T10:25:00+03:00', rrule: null, reminder_text: null },
    // e is missing: wrong intent
    { id: 'f', intent: 'create', due: '2026-03-12T12:15:00+03:00', rrule: 'FREQ=DAILY', reminder_text: 'whatever' },
  ];

  it('gives the hand-computed figures', () => {
    const { metrics, tags } = score(g, p);
    // intent: a b d f right of 6; due over a b c d f: a c d f right; rrule over a b c f: a b c right;
    // text over a b c (f's gold text is empty): 1, F1('отчет', 'отчет в 10') = 0.5, 1;
    // exact over a b c f: only a (c has the wrong intent, b a wrong due, f a wrong rrule).
    expect(metrics).toEqual({ n: 6, intent_acc: 0.6667, due_acc: 0.8, rrule_acc: 0.75, text_f1: 0.8333, exact: 0.25 });
    expect(tags).toEqual({
      date_word: { ok: 1, n: 1 },
      bare_hour: { ok: 1, n: 2 },
      recurrence: { ok: 0, n: 1 },
      no_time: { ok: 1, n: 1 },
      relative_offset: { ok: 1, n: 1 },
    });
    expect(formatTagLines(tags)).toEqual([
      'bare_hour                due_acc 0.500  (n=2)',
      'date_word                due_acc 1.000  (n=1)',
      'no_time                  due_acc 1.000  (n=1)',
      'recurrence               due_acc 0.000  (n=1)',
      'relative_offset          due_acc 1.000  (n=1)',
    ]);
  });

  it('lets a later duplicate prediction win and gives null where nothing is counted', () => {
    const dup = score(g.slice(0, 1), [p[0] as PredRow, { id: 'a', intent: 'other', due: null }]);
    expect(dup.metrics).toMatchObject({ intent_acc: 0, due_acc: 0, text_f1: 0, exact: 0 });
    expect(score([gold('x', { intent: 'other' })], []).metrics).toEqual({ n: 1, intent_acc: 0, due_acc: null, rrule_acc: null, text_f1: null, exact: null });
  });
});

describe('row schemas', () => {
  it('validates corpus rows and accepts sparse predictions', () => {
    expect(goldRowSchema.safeParse(gold('a', {})).success).toBe(true);
    expect(goldRowSchema.safeParse({ ...gold('a', {}), intent: 'remind' }).success).toBe(false);
    expect(goldRowSchema.safeParse({ ...gold('a', {}), now: '2026-03-12 10:15' }).success).toBe(false);
    expect(predRowSchema.safeParse({ id: 'a' }).success).toBe(true);
    expect(predRowSchema.safeParse({ id: 'a', due: 5 }).success).toBe(false);
  });
});
