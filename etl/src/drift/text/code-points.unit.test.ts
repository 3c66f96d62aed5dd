import { describe, expect, it } from 'vitest';
import { charWbNgrams } from './char-ngrams.js';
import { compareCodePoints, pythonSplit } from './code-points.js';
import { loadPythonLowercase } from './testing/fixtures.js';

describe('Python string semantics', () => {
  it('lowercases every code point as Python does (fixture: str.lower of each)', () => {
    const { lower } = loadPythonLowercase();
    const differ = lower.filter(([cp, low]) => String.fromCodePoint(cp).toLowerCase() !== low);
    // Python 3.11 knows Unicode 14, Node's ICU a newer one; mappings Python has must agree.
    expect(differ).toEqual([]);
  });

  it('splits on exactly the characters Python counts as whitespace', () => {
    expect(pythonSplit(' a\u00a0b\u3000c\x1cd\x85e\u2028f  ')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    // Not spaces to Python, though JavaScript's \s has U+FEFF.
    expect(pythonSplit('a\ufeffb\u200bc')).toEqual(['a\ufeffb\u200bc']);
    expect(pythonSplit('')).toEqual([]);
  });

  it('orders by code point, where UTF-16 order puts U+FF01 after an emoji', () => {
    const words = ['\uff01', '🎉', 'a', 'ab', '', 'я'];
    expect([...words].sort(compareCodePoints)).toEqual(['', 'a', 'ab', 'я', '\uff01', '🎉']);
  });

  it('pads words and counts code points as char_wb does', () => {
    expect(charWbNgrams('Ab', { min: 2, max: 3 })).toEqual([' a', 'ab', 'b ', ' ab', 'ab ']);
    // A padded word no longer than n is taken once, whole, even below the minimum length.
    expect(charWbNgrams('a', { min: 4, max: 6 })).toEqual([' a ']);
    expect(charWbNgrams('🎉x', { min: 4, max: 5 })).toEqual([' 🎉x ']);
  });
});
