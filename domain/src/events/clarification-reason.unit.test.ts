import { describe, expect, it } from 'vitest';
import { legacyClarificationReason } from './clarification-reason';

describe('the reason of a ClarificationRequested written before `reason` existed', () => {
  it.each([
    ['no-time', 'no-time-named'],
    ['no time named', 'no-time-named'],
    ['low-confidence', 'low-confidence'],
    ['out of range', 'out-of-range'],
    ['invalid date', 'out-of-range'],
    ['unit out of range: month', 'out-of-range'],
    ['you specified 2 (of 2) invalid units', 'out-of-range'],
    ['the rule never fires', 'rule-never-fires'],
    ['invalid now: yesterday', 'invalid-now'],
    ['date in the past', 'date-in-the-past'],
    ['Когда?', null],
  ])('%s → %s', (question, reason) => {
    expect(legacyClarificationReason(question)).toBe(reason);
  });
});
