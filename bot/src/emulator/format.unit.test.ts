import { describe, expect, it } from 'vitest';
import { detectEntities, EntityParseError, formatText } from './format';

describe('HTML parse mode', () => {
  it('turns tags into entities at UTF-16 offsets and decodes HTML entities', () => {
    expect(formatText('⏰ <b>12 мар</b> — <i>позвонить</i> &lt;маме&gt; &amp; <a href="https://x.y">link</a>', 'HTML')).toEqual({
      text: '⏰ 12 мар — позвонить <маме> & link',
      entities: [
        { type: 'bold', offset: 2, length: 6 },
        { type: 'italic', offset: 11, length: 9 },
        { type: 'text_link', offset: 30, length: 4, url: 'https://x.y' },
      ],
    });
  });

  it('counts astral characters as two UTF-16 units', () => {
    expect(formatText('😀<b>x</b>', 'HTML').entities).toEqual([{ type: 'bold', offset: 2, length: 1 }]);
  });

  it('refuses what Telegram refuses', () => {
    expect(() => formatText('a <foo>b</foo>', 'HTML')).toThrow(/Unsupported start tag "foo" at byte offset 2/);
    expect(() => formatText('<b>x', 'HTML')).toThrow(/Can't find end tag corresponding to start tag "b"/);
    expect(() => formatText('<b>x</i>', 'HTML')).toThrow(/Unmatched end tag at byte offset 4, expected "<\/b>", found "<\/i>"/);
    expect(() => formatText('x</b>', 'HTML')).toThrow(EntityParseError);
    expect(() => formatText('1 < 2', 'HTML')).toThrow(EntityParseError);
  });

  it('reads pre with a language and spoilers', () => {
    expect(formatText('<pre><code class="language-ts">x</code></pre><span class="tg-spoiler">s</span>', 'HTML').entities).toEqual([
      { type: 'pre', offset: 0, length: 1, language: 'ts' },
      { type: 'spoiler', offset: 1, length: 1 },
    ]);
  });
});

describe('MarkdownV2 parse mode', () => {
  it('reads markers and escapes', () => {
    expect(formatText('*bold* _it_ __u__ ~s~ ||sp|| `c` [t](https://a\\.b) 1\\.5\\!', 'MarkdownV2')).toEqual({
      text: 'bold it u s sp c t 1.5!',
      entities: [
        { type: 'bold', offset: 0, length: 4 },
        { type: 'italic', offset: 5, length: 2 },
        { type: 'underline', offset: 8, length: 1 },
        { type: 'strikethrough', offset: 10, length: 1 },
        { type: 'spoiler', offset: 12, length: 2 },
        { type: 'code', offset: 15, length: 1 },
        { type: 'text_link', offset: 17, length: 1, url: 'https://a.b' },
      ],
    });
  });

  it('refuses unescaped reserved characters and unclosed entities', () => {
    expect(() => formatText('в 9.00', 'MarkdownV2')).toThrow("Character '.' is reserved and must be escaped with the preceding '\\'");
    expect(() => formatText('*bold', 'MarkdownV2')).toThrow(/Can't find end of Bold entity at byte offset 0/);
  });
});

describe('legacy Markdown', () => {
  it('reads *bold* and leaves other punctuation alone', () => {
    expect(formatText('*a* in 9.00!', 'Markdown')).toEqual({ text: 'a in 9.00!', entities: [{ type: 'bold', offset: 0, length: 1 }] });
    expect(() => formatText('_x', 'Markdown')).toThrow(/Can't find end of the entity starting at byte offset 0/);
  });
});

it('without parse_mode the text is as given', () => {
  expect(formatText('<b>x</b>', undefined)).toEqual({ text: '<b>x</b>', entities: [] });
});

describe('entities Telegram finds in user text', () => {
  it('marks commands, mentions, urls and emails', () => {
    expect(detectEntities('/tz@napominalka_bot Moscow, @alice see https://x.y/z or a@b.co')).toEqual([
      { type: 'bot_command', offset: 0, length: 19 },
      { type: 'mention', offset: 28, length: 6 },
      { type: 'url', offset: 39, length: 13 },
      { type: 'email', offset: 56, length: 6 },
    ]);
  });

  it('does not take a path or a fraction for a command', () => {
    expect(detectEntities('купи 1/2 литра и a/b')).toEqual([]);
  });
});
