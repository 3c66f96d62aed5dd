/**
 * Python-string semantics that scikit-learn's analyzers rely on, for JavaScript's UTF-16 strings:
 * Python counts and slices code points, splits on its own whitespace set, and orders strings by
 * code point (JavaScript's `<` orders by UTF-16 unit, which puts U+E000–U+FFFF after astral
 * characters).
 */

/** Code points for which Python's `str.isspace()` holds (so `str.split()` and `re`'s `\s`). */
const PYTHON_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function isPythonSpace(codePoint: number): boolean {
  return PYTHON_SPACE.has(codePoint);
}

/**
 * Python's `text.split()`: the words between runs of whitespace. Every Python space is one UTF-16
 * unit and no surrogate is a space, so scanning units finds the same boundaries as code points.
 */
export function pythonSplit(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i += 1) {
    if (PYTHON_SPACE.has(text.charCodeAt(i))) {
      if (start >= 0) words.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
}

/** A UTF-16 unit remapped so that comparing units orders strings by code point. */
function unitRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Python's string order (by code point), for `Array.prototype.sort`. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitRank(x) - unitRank(y);
  }
  return a.length - b.length;
}
