import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClickHouse, type TestClickHouse } from '../clickhouse/testing';
import { textChars, textTokens } from './features';

/**
 * The drift report may count a day in SQL and the profile is counted here: both must agree.
 * Every ASCII and Unicode space character, mixed with words, emoji and a lone surrogate stored as
 * the event store stores it (U+FFFD), against the embedded ClickHouse.
 */
const SPACES = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u001c',
  '\u001f',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2007',
  '\u200a',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const TEXTS = [
  '',
  '   ',
  'напомни зафтра в 9 позвонить маме',
  '  remind me\tin 45 minutes\r\nto check the oven  ',
  'ёлка 👨‍👩‍👧 🇷🇺 ⏰🔥 done',
  'broken \ufffd surrogate',
  ...SPACES.map((s) => `a${s}b${s}${s}c ${s}`),
];

let t: TestClickHouse;
beforeAll(async () => {
  t = await createTestClickHouse();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('text features agree with ClickHouse', () => {
  it('text_tokens = length(splitByWhitespace(text)), text_chars = lengthUTF8(text)', async () => {
    const rows = await t.ch.query<{ i: number; tokens: number; chars: number }>(
      `SELECT i, length(splitByWhitespace(s)) AS tokens, lengthUTF8(s) AS chars
         FROM (SELECT arrayJoin(arrayEnumerate({texts:Array(String)})) AS i, {texts:Array(String)}[i] AS s) ORDER BY i`,
      { texts: TEXTS },
    );
    expect(rows.map((r) => [Number(r.tokens), Number(r.chars)])).toEqual(TEXTS.map((s) => [textTokens(s), textChars(s)]));
  });
});
