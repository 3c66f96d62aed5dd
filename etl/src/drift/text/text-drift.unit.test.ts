import { describe, expect, it } from 'vitest';
import { randomAucQuantile95, textDrift, type TextDriftResult } from './text-drift.js';
import { MAX_TEXT_CODE_POINTS, sanitizeText } from './sanitize.js';
import { ReminderCorpus } from './testing/reminder-corpus.js';

function computed(r: TextDriftResult) {
  if (r.status !== 'computed') throw new Error(`not computed: ${r.reason}`);
  return r;
}

describe('textDrift', () => {
  const corpus = new ReminderCorpus(5);
  const ref = corpus.messages(600);
  const shifted = corpus.messages(600, 0.3);
  const same = corpus.messages(600);

  it('flags a vocabulary shift and names the new n-grams as indicative of "current"', () => {
    const r = computed(textDrift(ref, shifted));
    expect(r).toMatchObject({ test: 'domain_classifier', drifted: true, threshold: 0.55, nRef: 600, nCur: 600, nRefUsed: 600, nCurUsed: 600 });
    expect(r.rocAuc).toBeGreaterThan(0.55);
    expect(r.topFeatures.length).toBe(10);
    expect(r.topFeatures.every((f, i) => f.weight > 0 && (i === 0 || f.weight <= (r.topFeatures[i - 1]?.weight ?? Infinity)))).toBe(true);
  });

  it('does not flag two windows of the same distribution', () => {
    const r = computed(textDrift(ref, same));
    expect(r.drifted).toBe(false);
    expect(r.rocAuc).toBeLessThan(0.55);
  });

  it('is the same report for the same seed, and another split for another seed', () => {
    expect(textDrift(ref, shifted, { seed: 9 })).toEqual(textDrift(ref, shifted, { seed: 9 }));
    expect(computed(textDrift(ref, shifted, { seed: 9 })).rocAuc).not.toBe(computed(textDrift(ref, shifted, { seed: 10 })).rocAuc);
  });

  it('is not enough data below minPerSide, or when no text has an n-gram seen twice', () => {
    expect(textDrift(ref.slice(0, 19), shifted)).toEqual({
      test: 'domain_classifier',
      status: 'not_enough_data',
      reason: 'too_few_texts',
      nRef: 19,
      nCur: 600,
    });
    const blank = Array.from({ length: 40 }, () => '');
    expect(textDrift(blank, blank)).toMatchObject({ status: 'not_enough_data', reason: 'empty_vocabulary' });
  });

  it('caps each side: maxPerSide texts, maxCharsPerSide characters', () => {
    const r = computed(textDrift(ref, shifted, { maxPerSide: 200 }));
    expect(r).toMatchObject({ nRef: 600, nCur: 600, nRefUsed: 200, nCurUsed: 200 });
    const byChars = computed(textDrift(ref, shifted, { maxCharsPerSide: 5_000 }));
    expect(byChars.nRefUsed).toBeLessThan(600);
    expect(byChars.nRefUsed).toBeGreaterThan(50);
  });

  it('raises the bar to what random scores reach 5% of the time when the test half is small', () => {
    const r = computed(textDrift(ref.slice(0, 40), shifted.slice(0, 40)));
    expect(r.randomAucP95).toBeCloseTo(randomAucQuantile95(20, 20), 12);
    expect(r.threshold).toBe(r.randomAucP95);
    expect(r.threshold).toBeGreaterThan(0.65);
  });

  it('reads empty, binary and very long texts without NaN', () => {
    const junk = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? '' : i % 3 === 1 ? '\u0000\u0001\uD800\uFFFF\u0007'.repeat(i) : 'ab'.repeat(100_000)));
    const r = computed(textDrift(junk, shifted.slice(0, 60)));
    expect(Number.isFinite(r.rocAuc)).toBe(true);
    expect(r.topFeatures.every((f) => Number.isFinite(f.weight))).toBe(true);
    const identical = Array.from({ length: 50 }, () => 'remind me');
    expect(computed(textDrift(identical, identical)).rocAuc).toBe(0.5);
  });
});

describe('sanitizeText', () => {
  it('keeps the first code points, turns controls into spaces and lone surrogates into U+FFFD', () => {
    expect(Array.from(sanitizeText('🎉'.repeat(1000))).length).toBe(MAX_TEXT_CODE_POINTS);
    expect(sanitizeText('a\u0000b\u001bc\td\uD800')).toBe('a b c\td\uFFFD');
    expect(sanitizeText(undefined)).toBe('');
  });
});
