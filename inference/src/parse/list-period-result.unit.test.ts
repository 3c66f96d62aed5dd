import { describe, expect, it } from 'vitest';
import { ParsePipeline } from './pipeline';
import { parseResultSchema } from './result';

/** Rule 20 through the parse result: a list request carries the period it names; nothing else does. */
describe('ParseResult.listFrom/listTo (rules path)', () => {
  const pipeline = new ParsePipeline({ model: () => null, llm: null, threshold: 0 });
  // A Friday: "на выходные" is tomorrow and the day after, "next week" starts on Monday the 7th.
  const NOW = '2026-12-04T10:00:00+03:00';
  const parse = (text: string, timezone = 'Europe/Moscow', now = NOW) => pipeline.parse({ text, timezone, now });

  it.each([
    ['покажи мои напоминания на послезавтра', '2026-12-06', '2026-12-06'],
    ['какие дела у меня на эти выходные', '2026-12-05', '2026-12-06'],
    ['что у меня на 5 декабря', '2026-12-05', '2026-12-05'],
    ["what's on my list for next week", '2026-12-07', '2026-12-13'],
    ['what do I have on saturday', '2026-12-05', '2026-12-05'],
  ])('%s → %s…%s', async (text, from, to) => {
    const r = parseResultSchema.parse(await parse(text));
    expect(r).toMatchObject({ intent: 'list', listFrom: from, listTo: to });
  });

  it('a list with no period, and any other intent, carry null', async () => {
    expect(await parse('покажи напоминания')).toMatchObject({ intent: 'list', listFrom: null, listTo: null });
    expect(await parse('напомни завтра в 9 позвонить бабушке')).toMatchObject({ intent: 'create', listFrom: null, listTo: null });
  });

  it("'tomorrow' is the user's tomorrow: the same instant is two different days in two zones", async () => {
    // 2026-12-04T20:00Z is already the 5th on Kiritimati (UTC+14) and still the 4th in Los Angeles (UTC−8).
    const at = '2026-12-04T20:00:00Z';
    expect(await parse('покажи список на завтра', 'Pacific/Kiritimati', at)).toMatchObject({ listFrom: '2026-12-06', listTo: '2026-12-06' });
    expect(await parse('покажи список на завтра', 'America/Los_Angeles', at)).toMatchObject({ listFrom: '2026-12-05', listTo: '2026-12-05' });
  });
});
