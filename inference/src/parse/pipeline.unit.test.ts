import { describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import { findTimeExpressions } from '../time/grammar';
import { reclaimText, type Tag } from './pipeline';

/**
 * The model's tags against the grammar: a run the model tagged as time that no expression reads
 * and that holds a word outside the time vocabulary goes back to the text when it touches it.
 * Each row: the message, the model's tags (one letter a token: O, R trigger, F filler, T time,
 * Z zone, X text), the tokens that end up as text.
 */
const LETTER: Record<string, Tag> = { O: 'O', R: 'TRIGGER', F: 'FILLER', T: 'TIME', Z: 'ZONE', X: 'TEXT' };

function text(message: string, letters: string, intent: 'create' | 'cancel' = 'create'): string {
  const f = featurize(message);
  const tags = [...letters.replaceAll(' ', '')].map((c) => LETTER[c]!);
  expect(tags).toHaveLength(f.words.length);
  const inExpr = new Set(findTimeExpressions(f.words, f.normalized.lang).flatMap((x) => Array.from({ length: x.end - x.start }, (_, k) => x.start + k)));
  const out = reclaimText(f, tags, inExpr, intent);
  return f.words.filter((_, i) => out[i] === 'TEXT' && !inExpr.has(i)).join(' ');
}

describe('time tags the grammar cannot read are text again', () => {
  it.each([
    // a word inside the text tagged as time
    [
      'remind me tomorrow at 6 pm to pick up the cake from the bakery on main street',
      'RF TTTT F XXXXXX TT XX',
      'pick up the cake from the bakery on main street',
    ],
    // the text's first words swallowed by the time run before them
    ['every sunday evening plan the week', 'TTT TT X', 'plan the week'],
    // a conjunction after a clock
    ['remind me to call mom at 3 and also buy milk', 'RFF XX TT T XXX', 'call mom and also buy milk'],
    // time words only, or not touching the text: left out
    ['напомни завтра где-то в 9 позвонить маме', 'R T TTT TT XX', 'позвонить маме'],
    ['remind me to call mom at 3 please', 'RFF XX TT T', 'call mom'],
    ['позвонить маме завтра в 9 утра', 'XX TTTT', 'позвонить маме'],
    // a part-of-day word no expression reads is a noun of the text
    ['в полдень обед с Аней', 'TT T XX', 'обед с аней'],
    // an unknown word the model took for a filler or left untagged, next to the text
    ['напомни в понедельник о том что пропуск заканчивается', 'R TT FFF F X', 'пропуск заканчивается'],
    ['March 15 file taxes', 'TT O X', 'file taxes'],
    // known fillers stay fillers
    ['напомни в понедельник о том что пропуск заканчивается', 'R TT FFF X X', 'пропуск заканчивается'],
    ['remind me please to call mom', 'RF F F XX', 'call mom'],
  ])('%s', (message, letters, want) => {
    expect(text(message, letters)).toBe(want);
  });

  it('leaves untagged words out of a cancel target', () => {
    expect(text('cancel my dentist reminder', 'R O X R', 'cancel')).toBe('dentist');
  });
});
