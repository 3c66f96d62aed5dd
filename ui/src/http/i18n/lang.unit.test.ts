import { describe, expect, it } from 'vitest';
import { pickLang } from './lang';
import { defineMessages, fmt, pick } from './messages';

describe('the UI language', () => {
  it('takes the switch first, then the browser by q, then English', () => {
    expect(pickLang('ru', 'en-US,en;q=0.9')).toBe('ru');
    expect(pickLang(undefined, 'ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(pickLang(undefined, 'de-DE,en;q=0.5,ru;q=0.7')).toBe('ru');
    expect(pickLang(undefined, 'de,fr;q=0.8')).toBe('en');
    expect(pickLang('xx', undefined)).toBe('en');
    expect(pickLang(undefined, 'ru;q=0,en')).toBe('en');
  });

  it('fills placeholders and keeps unknown ones', () => {
    const m = defineMessages({ en: { n: '{n} messages' }, ru: { n: '{n} сообщений' } });
    expect(fmt(pick(m, 'ru').n, { n: 3 })).toBe('3 сообщений');
    expect(fmt('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
