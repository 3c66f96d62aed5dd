import { describe, expect, it } from 'vitest';
import { cutToUnits, formatAlert, TELEGRAM_TEXT_LIMIT, type Alert } from './format-alert';

const alert = (over: Partial<Alert> = {}): Alert => ({
  alert: 'consumer-lag',
  severity: 'warning',
  title: 'bot-replies lags',
  text: '1 200 messages behind',
  ...over,
});

/** What Telegram counts: the text with the tags gone and the entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<\/?b>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('formatAlert', () => {
  it.each<[string, Partial<Alert>, string]>([
    ['a warning', {}, '⚠️ <b>bot-replies lags</b>\n1 200 messages behind'],
    ['a critical one', { severity: 'critical' }, '🚨 <b>bot-replies lags</b>\n1 200 messages behind'],
    [
      'with a link',
      { link: 'http://grafana:3000/d/backbone?var=a&b=c' },
      '⚠️ <b>bot-replies lags</b>\n1 200 messages behind\n🔗 http://grafana:3000/d/backbone?var=a&amp;b=c',
    ],
    [
      'HTML in the title, the text and the link is escaped',
      { title: '<b>x</b> & <i>', text: 'a<br>b', link: '<a href="x">' },
      '⚠️ <b>&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;</b>\na&lt;br&gt;b\n🔗 &lt;a href="x"&gt;',
    ],
    ['no text: the title alone', { text: '  ' }, '⚠️ <b>bot-replies lags</b>'],
    [
      'a multi-line text keeps its lines',
      { text: 'PSI 0.31 on hour_of_day\nPSI 0.27 on lang\n' },
      '⚠️ <b>bot-replies lags</b>\nPSI 0.31 on hour_of_day\nPSI 0.27 on lang',
    ],
    ['the title is one line', { title: 'drift\n  on  hour' }, '⚠️ <b>drift on hour</b>\n1 200 messages behind'],
    ['a blank title shows the alert code', { title: ' ' }, '⚠️ <b>consumer-lag</b>\n1 200 messages behind'],
    ['a blank link is left out', { link: ' ' }, '⚠️ <b>bot-replies lags</b>\n1 200 messages behind'],
  ])('%s', (_what, over, expected) => {
    expect(formatAlert(alert(over))).toBe(expected);
  });

  it('a text past the limit is cut to 4096 visible units with "…", the link kept, however much escaping adds', () => {
    const link = 'http://etl/runs/42';
    const html = formatAlert(alert({ text: '<&>'.repeat(3000), link }));
    const shown = visible(html);
    expect(shown.length).toBe(TELEGRAM_TEXT_LIMIT);
    expect(shown.endsWith(`…\n🔗 ${link}`)).toBe(true);
    expect(html.length).toBeGreaterThan(TELEGRAM_TEXT_LIMIT); // the escaped HTML is longer: Telegram does not count that
    expect(html).not.toMatch(/&[a-z]*…/); // never an entity cut in half
  });

  it('cuts between graphemes: no emoji or flag split, even at the limit', () => {
    const html = formatAlert(alert({ text: '👩‍👩‍👧🇷🇺'.repeat(1000) }));
    const shown = visible(html);
    expect(shown.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(shown.endsWith('…')).toBe(true);
    const body = shown.split('\n')[1]!.slice(0, -1);
    expect(body.replace(/(👩‍👩‍👧|🇷🇺)/gu, '')).toBe('');
  });

  it('a text within the limit is not cut', () => {
    const text = 'x'.repeat(3000);
    expect(formatAlert(alert({ text }))).toBe(`⚠️ <b>bot-replies lags</b>\n${text}`);
  });
});

describe('cutToUnits', () => {
  it.each<[string, number, string]>([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['one two three', 8, 'one two…'],
    ['one two three', 9, 'one two…'], // the space before the cut is trimmed
    ['ab😀cd', 4, 'ab…'], // 😀 is two units: it does not fit with "…"
    ['ab😀cd', 5, 'ab😀…'],
    ['abc', 0, ''],
  ])('%j in %i units → %j', (s, max, expected) => {
    const out = cutToUnits(s, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});
