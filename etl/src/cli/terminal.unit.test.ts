import { describe, expect, it } from 'vitest';
import { clean, colorWanted, cut, paint, toJson, width } from './terminal';

describe('terminal', () => {
  it('clean removes what could drive the terminal and keeps a line one line', () => {
    expect(clean('a\u001b[2Jb\u0007c')).toBe('a[2Jbc');
    expect(clean('title\u001b]0;pwned\u0007')).toBe('title]0;pwned');
    expect(clean('one\ntwo\r\n\tthree')).toBe('one two three');
    expect(clean('csi\u009bhidden')).toBe('csihidden');
    expect(clean('bidi \u202eevil\u202c \u2066x\u2069')).toBe('bidi evil x');
    expect(clean('del\u007f')).toBe('del');
    expect(clean('напомни ✓ 🙂')).toBe('напомни ✓ 🙂');
  });

  it('cut shortens to a visible width with an ellipsis, counting code points', () => {
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abc', 4)).toBe('abc');
    expect(cut('🙂🙂🙂', 2)).toBe('🙂…');
    expect(width('🙂ы')).toBe(2);
  });

  it('toJson escapes the controls JSON.stringify leaves, and stays equal JSON', () => {
    const value = { m: 'a\u009bb\u202ec\u2028d\u0001', n: 1 };
    const text = toJson(value);
    expect(text).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2028]/u);
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('paint colours only when asked', () => {
    expect(paint('x', 'red', false)).toBe('x');
    expect(paint('x', 'red', true)).toBe('\u001b[31mx\u001b[39m');
    expect(paint('', 'red', true)).toBe('');
  });

  it('colour: the last of --color/--no-color wins, else a terminal without NO_COLOR', () => {
    const opt = (name: string) => ({ kind: 'option', name });
    expect(colorWanted([], {}, true)).toBe(true);
    expect(colorWanted([], {}, false)).toBe(false);
    expect(colorWanted([], { NO_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted([], { NO_COLOR: '' }, true)).toBe(true);
    expect(colorWanted([opt('color')], { NO_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted([opt('color'), opt('no-color')], {}, true)).toBe(false);
  });
});
