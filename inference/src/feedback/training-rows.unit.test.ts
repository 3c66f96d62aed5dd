import { describe, expect, it } from 'vitest';
import { trainingRow, type LabelInput } from './training-rows';

const base = (over: Partial<LabelInput>): LabelInput => ({
  id: 'correction:r1',
  source: 'correction',
  use: 'label',
  text: 'напомни завтра позвонить маме в 10',
  lang: 'ru',
  intent: 'create',
  day: '2026-11-10',
  event_ids: ['a', 'b', 'c'],
  spans: [
    { tag: 'TRIGGER', start: 0, end: 7 },
    { tag: 'TIME', start: 8, end: 14 },
    { tag: 'TEXT', start: 15, end: 34 },
  ],
  fix: null,
  ...over,
});

describe('a production label as a training row', () => {
  it('keeps the parse tags of a ✅ reminder', () => {
    const r = trainingRow(base({ source: 'confirmed' }));
    expect(r).toMatchObject({ tokens: ['напомни', 'завтра', 'позвонить', 'маме', 'в', '10'], tags: ['TRIGGER', 'TIME', 'TEXT', 'TEXT', 'TEXT', 'TEXT'] });
  });

  it('retags what the ✏️ correction says: the new text is TEXT, the time phrase TIME', () => {
    const r = trainingRow(base({ fix: { text: 'позвонить маме', time: ['в 10'] } }));
    expect(r).toMatchObject({ tags: ['TRIGGER', 'TIME', 'TEXT', 'TEXT', 'TIME', 'TIME'] });
  });

  it('a corrected text that is not in the words gives no row (it stays an evaluation label)', () => {
    expect(trainingRow(base({ fix: { text: 'позвонить папе' } }))).toBe('text-not-found');
    expect(trainingRow(base({ fix: { time: ['в 11'] } }))).toBe('time-not-found');
    expect(trainingRow(base({ fix: { text: 'позвонить маме в 10', time: ['в 10'] } }))).toBe('fix-overlap');
  });

  it('never trains on a suspected error or an empty message', () => {
    expect(trainingRow(base({ use: 'suspected', source: 'suspected' }))).toBe('suspected');
    expect(trainingRow(base({ text: '   ', spans: [] }))).toBe('no-tokens');
    expect(trainingRow(base({ spans: [], source: 'confirmed' }))).toBe('no-slots');
  });

  it('finds a fix written with ё or in another case (the tokeniser normalises both)', () => {
    const r = trainingRow(
      base({
        text: 'напомни завтра отчёт Олегу',
        spans: [
          { tag: 'TRIGGER', start: 0, end: 7 },
          { tag: 'TIME', start: 8, end: 14 },
        ],
        fix: { text: 'Отчет олегу' },
      }),
    );
    expect(r).toMatchObject({ tags: ['TRIGGER', 'TIME', 'TEXT', 'TEXT'] });
  });
});
