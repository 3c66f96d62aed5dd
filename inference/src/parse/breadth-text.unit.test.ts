import { describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import { findTimeExpressions } from '../time/grammar';
import { acceptedByModel, ParsePipeline, withoutLeadingTo, type Tag } from './pipeline';
import { timeShare } from './time-share';

/**
 * Rules 13–14 against a model trained before them: which expressions count as the message's
 * time, and the text's leading "to". Tags one letter a token: R trigger, F filler, T time, X text.
 */
const LETTER: Record<string, Tag> = { O: 'O', R: 'TRIGGER', F: 'FILLER', T: 'TIME', Z: 'ZONE', X: 'TEXT' };

function accepted(message: string, letters: string): string[] {
  const f = featurize(message);
  const tags = [...letters.replaceAll(' ', '')].map((c) => LETTER[c]!);
  expect(tags).toHaveLength(f.words.length);
  return acceptedByModel(findTimeExpressions(f.words, f.normalized.lang), tags, f.words).map((x) => f.words.slice(x.start, x.end).join(' '));
}

describe('expressions of rules 13–14 the model half knows', () => {
  it.each([
    // "за" and "до" tagged as text: the duration alone decides.
    ['напомни за полчаса до лекции в 18:00', 'R X T X X TTTT', ['за полчаса до', 'в 18 : 00']],
    // "hence", "from today" tagged as text.
    ['remind me to pay 3 days hence', 'RF F X XTX', ['3 days hence']],
    ['remind me a week from today to call', 'RF TTXX F X', ['a week from today']],
    // A duration tagged as text counts when it runs straight into an anchor that counts.
    ['remind me to pack a week before may 3', 'RF F X XXX TT', ['a week before', 'may 3']],
    // ... and not when the anchor does not count.
    ['remind me to pack a week before may 3', 'RF F X XXX XX', []],
    // A weekday abbreviation new to the model, right beside a clock that counts.
    ['напомни чт в 19 йога', 'R F TT X', ['чт', 'в 19']],
    ['напомни пн 10:00 планерка', 'R X TTT X', ['пн', '10 : 00']],
    // ... but not apart from it.
    ['напомни в 19 спросить про пн', 'R TT X X X', ['в 19']],
    // A count beside the rule it ends.
    ['каждую среду 6 раз в 18:00 занятие', 'TT T X TTTT X', ['каждую среду', '6 раз', 'в 18 : 00']],
    // The abbreviation's dot is not counted against the date.
    ['напомни 3 мар. оплатить свет', 'R TFO XX', ['3 мар .']],
  ])('%s', (message, letters, want) => expect(accepted(message, letters as string)).toEqual(want));

  it('the share ignores the connectors only when the model did not tag them as time', () => {
    const f = featurize('за час до встречи');
    const [x] = findTimeExpressions(f.words, f.normalized.lang);
    expect(timeShare(['TIME', 'TIME', 'TIME', 'TEXT'], x!, f.words)).toBe(1);
    expect(timeShare(['TEXT', 'TIME', 'TEXT', 'TEXT'], x!, f.words)).toBe(1);
    expect(timeShare(['TEXT', 'TEXT', 'TEXT', 'TEXT'], x!, f.words)).toBe(0);
  });
});

describe('the text\'s leading "to" is a connector', () => {
  const words = ['remind', 'me', 'a', 'week', 'hence', 'to', 'call', 'the', 'dentist'];
  it.each([
    [
      [5, 6, 7, 8],
      [6, 7, 8],
    ],
    // "to" alone, or not first: kept.
    [[5], [5]],
    [
      [6, 7, 5 + 3],
      [6, 7, 8],
    ],
  ])('%j → %j', (idx, want) => expect(withoutLeadingTo(words, idx)).toEqual(want));
});

describe('without a model, list requests are known by their words (rule 20)', () => {
  const pipeline = new ParsePipeline({ model: () => null, threshold: 0 });
  it.each([
    ['покажи напоминания на пятницу', 'list'],
    ['какие у меня планы на выходные', 'list'],
    ['что запланировано на завтра', 'list'],
    ['what do I have on monday', 'list'],
    ["what's on next week", 'list'],
    ['напомни завтра показать напоминания Пете', 'create'],
    ['remind me what I have to buy', 'create'],
    ['what time is it in London?', 'other'],
  ])('%s → %s', async (text, intent) => {
    const r = await pipeline.parse({ text, timezone: 'Europe/Moscow', now: '2026-03-12T10:15:00+03:00' });
    expect(r.intent).toBe(intent);
  });
});
