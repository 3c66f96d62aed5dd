import { describe, expect, it } from 'vitest';
import { compareOutcomes, countCompared, emptySummary, formatDiffTable, formatSummary, type Outcome } from './reparse-diff';

const parse = (o: Partial<Extract<Outcome, { ok: true }>> = {}): Outcome => ({
  ok: true,
  intent: 'create',
  due: '2026-03-13T09:00:00+03:00',
  rrule: null,
  text: 'позвонить маме',
  ...o,
});

describe('reparse diff', () => {
  it('compares intent, due (as instants), rrule and text; failures as the outcome', () => {
    expect(compareOutcomes(parse(), parse({ due: '2026-03-13T06:00:00Z' }))).toEqual([]);
    expect(compareOutcomes(parse(), parse({ intent: 'other', due: null, text: null, rrule: 'FREQ=DAILY' }))).toEqual([
      { field: 'intent', recorded: 'create', new: 'other' },
      { field: 'due', recorded: '2026-03-13T09:00:00+03:00', new: null },
      { field: 'rrule', recorded: null, new: 'FREQ=DAILY' },
      { field: 'text', recorded: 'позвонить маме', new: null },
    ]);
    expect(compareOutcomes({ ok: false, reason: 'boom' }, parse())).toEqual([{ field: 'outcome', recorded: 'failed: boom', new: 'parsed create' }]);
    expect(compareOutcomes({ ok: false, reason: 'a' }, { ok: false, reason: 'b' })).toEqual([]);
  });

  it('counts and prints', () => {
    let s = emptySummary('v2');
    s = { ...s, read: 3 };
    s = countCompared(s, { modelVersion: 'v1', parser: 'model' }, []);
    const changes = compareOutcomes(parse(), parse({ due: '2026-03-13T10:00:00+03:00', text: 'позвонить папе' }));
    s = countCompared(s, { modelVersion: 'v1', parser: 'llm' }, changes);
    s = { ...s, withoutRecordedParse: 1 };
    expect(s).toMatchObject({
      compared: 2,
      changed: 1,
      byField: { intent: 0, due: 1, rrule: 0, text: 1, outcome: 0 },
      recordedByLlm: 1,
      recordedByModel: { v1: 2 },
    });
    const row = {
      messageEventId: 'm',
      globalPosition: 12,
      streamId: 'chat-4',
      streamPosition: 3,
      text: 'напомни завтра в 10\nпозвонить папе',
      sentAt: 'x',
      timezone: 'Europe/Moscow',
      recordedEventId: 'p',
      recordedModelVersion: 'v1',
      recordedParser: 'llm',
      changes,
    };
    expect(formatDiffTable([row]).split('\n')).toEqual([
      'POS  STREAM  MESSAGE                                                 FIELD  RECORDED                      NEW',
      '12   chat-4  "напомни завтра в 10 позвонить папе" (recorded by llm)  due    2026-03-13T09:00:00+03:00  →  2026-03-13T10:00:00+03:00',
      '                                                                     text   позвонить маме             →  позвонить папе',
    ]);
    expect(formatSummary(s)).toEqual([
      'reparse with model v2: 3 message(s) read, 2 compared, 1 would change (50.0%)',
      '  changed by field: intent 0 · due 1 · rrule 0 · text 1 · outcome 0',
      '  not compared: 1 without a recorded parse, 0 unreadable',
      '  recorded by: v1 ×2 (of which 1 by the llm fallback; reparse never asks the llm)',
      '  nothing was written',
    ]);
  });
});
