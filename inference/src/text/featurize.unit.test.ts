import { describe, expect, it } from 'vitest';
import { featurize, fnv1a, shape } from './featurize';
import { goldenEntries, readGolden } from './golden';
import { osaDistance, correctWord } from './correct';
import { lexicon } from './lexicon';
import { normalize } from './normalize';

describe('featurisation contract', () => {
  it('matches the golden vectors shared with the Python trainer', () => {
    const golden = readGolden();
    expect(golden.entries).toEqual(goldenEntries());
  });

  it('hashes with FNV-1a over UTF-8', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('завтра')).toBe(fnv1a('завтра'));
  });

  it('describes shape by case and kind', () => {
    expect([shape('Позвонить'), shape('18'), shape('iPhone'), shape(',')]).toEqual(['Aa', 'd', 'aAa', ',']);
  });
});

describe('typo correction of time words and triggers', () => {
  const lex = lexicon();
  it.each([
    ['зафтра', 'завтра'],
    ['чрез', 'через'],
    ['минт', 'минут'],
    ['понедельнк', 'понедельник'],
    ['напомн', 'напомни'],
    ['tomorow', 'tomorrow'],
    ['tommorow', 'tomorrow'],
    ['mintues', 'minutes'],
    ['wendesday', 'wednesday'],
    ['remidn', 'remind'],
  ])('%s → %s', (typo, word) => {
    expect(correctWord(typo, lex)).toBe(word);
  });

  it.each(['завтрак', 'маме', 'match', 'steven', 'remainder', 'позвонить', 'купить', 'завтра', '18'])('leaves %s alone', (w) => {
    expect(correctWord(w, lex)).toBeNull();
  });

  // Real words one or two edits from a time word (training/false_friends.py lists them).
  it.each(['вчера', 'возьми', 'принеси', 'среди', 'сумки', 'десятка', 'четверо', 'минус', 'ветер', 'cooking', 'cancer', 'threw', 'ever', 'tents'])(
    'does not take the word %s for a typo',
    (w) => {
      expect(correctWord(w, lex)).toBeNull();
    },
  );

  it.each([
    ['марте', 'марта'],
    ['неделе', 'недели'],
  ])('still reads the form %s as %s', (form, word) => {
    expect(correctWord(form, lex)).toBe(word);
  });

  it('records corrections but keeps the original token text', () => {
    const f = featurize('напомни зафтра в 9 позвонить маме');
    expect(f.corrections).toEqual([{ from: 'зафтра', to: 'завтра', token: 1 }]);
    expect(f.tokens[1]!.text).toBe('зафтра');
    expect(f.words[1]).toBe('завтра');
  });

  it('counts a transposition as one edit', () => {
    expect(osaDistance([...'remidn'], [...'remind'])).toBe(1);
    expect(osaDistance([...'abc'], [...'abc'])).toBe(0);
  });
});

describe('normalisation', () => {
  it('sets emoji aside, folds ё, collapses spaces and detects the language', () => {
    expect(normalize('  🔥🔥 Ёжик   завтра 👍🏽 ')).toEqual({ text: 'Ежик завтра', display: 'Ёжик завтра', emoji: ['🔥', '🔥', '👍🏽'], lang: 'ru' });
    expect(normalize('remind me tomorrow').lang).toBe('en');
    expect(normalize('remind me завтра утром').lang).toBe('mixed');
  });

  it('survives hostile input', () => {
    for (const s of ['', '\u0000', '\ud800', 'x'.repeat(100_000), '\u202e\u200f', '👍'.repeat(1000)]) {
      expect(() => featurize(s)).not.toThrow();
    }
    expect(featurize('w '.repeat(1000)).tokens).toHaveLength(128);
  });
});
