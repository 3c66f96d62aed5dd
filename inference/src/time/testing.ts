import { describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import { findTimeExpressions } from './grammar';
import { parseTime } from './index';
import { uncovered } from './spans';

/** Test tables: text + now + zone → due and rrule (resolve), and the words left once the expressions are cut out. */

export type Row = [text: string, due: string | null, rrule?: string | null];

export interface Table {
  now: string;
  tz: string;
  intent?: string;
  rows: Row[];
}

export function checkTable(name: string, t: Table): void {
  describe(name, () => {
    it.each(t.rows)('%s → %s', (text, due, rrule) => {
      const r = parseTime(text, { now: t.now, timezone: t.tz, intent: t.intent ?? 'create' });
      expect({ due: r.due, rrule: r.rrule }, r.reason).toEqual({ due, rrule: rrule ?? null });
    });
  });
}

/** The message's tokens no expression covers, as written: the reminder text with its trigger. */
export function rest(text: string): string {
  const f = featurize(text);
  const found = findTimeExpressions(f.words, f.normalized.lang);
  return uncovered(f.words.length, found)
    .map((i) => f.tokens[i]!.text)
    .join(' ');
}

export function checkRest(name: string, rows: [text: string, rest: string][]): void {
  describe(name, () => {
    it.each(rows)('%s → %s', (text, want) => expect(rest(text)).toBe(want));
  });
}
