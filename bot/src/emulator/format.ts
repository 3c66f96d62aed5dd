/**
 * Message text as Telegram reads it: `parse_mode` (HTML, MarkdownV2, Markdown) turned into plain
 * text plus entities, with Telegram's "can't parse entities" errors for malformed markup (so a bot
 * that forgets to escape a user's `<` or `.` fails here as it would in production), and the
 * entities Telegram adds to a user's message by itself (bot commands, @mentions, URLs).
 *
 * Offsets and lengths are in UTF-16 code units, as in the Bot API. Pure.
 */
import type { MessageEntity } from './types';

export class EntityParseError extends Error {}

export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const byteOffset = (src: string, i: number) => Buffer.byteLength(src.slice(0, i), 'utf8');

export function formatText(src: string, parseMode: string | undefined, explicit?: MessageEntity[]): Formatted {
  if (!parseMode) return { text: src, entities: explicit ?? [] };
  switch (parseMode) {
    case 'HTML':
      return parseHtml(src);
    case 'MarkdownV2':
      return parseMarkdown(src, true);
    case 'Markdown':
      return parseMarkdown(src, false);
    default:
      throw new EntityParseError(`Unsupported parse_mode`);
  }
}

// ---------------------------------------------------------------------------------------------
// HTML

const HTML_TAGS: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(src: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Array<{ tag: string; start: number; entity: MessageEntity }> = [];
  const merged = new Set<MessageEntity>(); // <code class="language-x"> inside <pre>: one pre entity
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '&') {
      const m = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(src.slice(i, i + 12));
      if (m) {
        const name = m[1]!;
        const decoded = name.startsWith('#x')
          ? String.fromCodePoint(parseInt(name.slice(2), 16))
          : name.startsWith('#')
            ? String.fromCodePoint(parseInt(name.slice(1), 10))
            : NAMED[name.toLowerCase()];
        if (decoded !== undefined) {
          text += decoded;
          i += m[0].length;
          continue;
        }
      }
      text += ch;
      i++;
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }
    const end = src.indexOf('>', i);
    if (end < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const raw = src.slice(i + 1, end);
    if (raw.startsWith('/')) {
      const name = raw.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (open.tag !== name) {
        throw new EntityParseError(`Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${open.tag}>", found "</${name}>"`);
      }
      open.entity.length = text.length - open.start;
      if (open.entity.length > 0 && !merged.has(open.entity)) entities.push(open.entity);
      i = end + 1;
      continue;
    }
    const m = /^([a-zA-Z][\w-]*)\s*(.*)$/s.exec(raw);
    const name = m?.[1]?.toLowerCase();
    const type = name ? HTML_TAGS[name] : undefined;
    if (!m || !name || !type) throw new EntityParseError(`Unsupported start tag "${m?.[1] ?? raw}" at byte offset ${byteOffset(src, i)}`);
    const attrs = Object.fromEntries(
      [...m[2]!.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g)].map((a) => [a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '']),
    );
    const entity: MessageEntity = { type, offset: text.length, length: 0 };
    if (name === 'span' && attrs.class !== 'tg-spoiler')
      throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
    if (name === 'a') {
      if (!attrs.href) throw new EntityParseError(`Tag "a" must have attribute "href" at byte offset ${byteOffset(src, i)}`);
      entity.url = attrs.href;
    }
    if (name === 'pre' || name === 'code') {
      const parent = stack[stack.length - 1];
      if (name === 'code' && parent?.tag === 'pre' && attrs.class?.startsWith('language-')) {
        parent.entity.language = attrs.class.slice(9);
        merged.add(entity);
      }
    }
    if (name === 'tg-emoji') entity.custom_emoji_id = attrs['emoji-id'];
    if (name === 'blockquote' && 'expandable' in attrs) entity.type = 'expandable_blockquote';
    stack.push({ tag: name, start: text.length, entity });
    i = end + 1;
  }
  const open = stack.pop();
  if (open) throw new EntityParseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset || b.length - a.length) };
}

// ---------------------------------------------------------------------------------------------
// MarkdownV2 and legacy Markdown

const V2_RESERVED = '_*[]()~`>#+-=|{}.!';
const V2_MARKERS: Array<[string, MessageEntity['type']]> = [
  ['```', 'pre'],
  ['||', 'spoiler'],
  ['__', 'underline'],
  ['*', 'bold'],
  ['_', 'italic'],
  ['~', 'strikethrough'],
  ['`', 'code'],
];
const V1_MARKERS: Array<[string, MessageEntity['type']]> = [
  ['```', 'pre'],
  ['*', 'bold'],
  ['_', 'italic'],
  ['`', 'code'],
];
const NAMES: Partial<Record<MessageEntity['type'], string>> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
};

function parseMarkdown(src: string, v2: boolean): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Array<{ marker: string; start: number; at: number; entity: MessageEntity }> = [];
  const markers = v2 ? V2_MARKERS : V1_MARKERS;
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    const top = stack[stack.length - 1];
    const inCode = top?.entity.type === 'code' || top?.entity.type === 'pre';
    if (ch === '\\' && (v2 || !inCode) && i + 1 < src.length) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (top?.marker === ']' && ch === ']') {
      const close = src.indexOf(')', i);
      if (src[i + 1] !== '(' || close < 0) throw new EntityParseError(`Can't find end of a url at byte offset ${byteOffset(src, i)}`);
      stack.pop();
      top.entity.length = text.length - top.start;
      top.entity.url = src.slice(i + 2, close).replace(/\\(.)/g, '$1');
      if (top.entity.length > 0) entities.push(top.entity);
      i = close + 1;
      continue;
    }
    if (!inCode && ch === '[') {
      stack.push({ marker: ']', start: text.length, at: i, entity: { type: 'text_link', offset: text.length, length: 0 } });
      i++;
      continue;
    }
    const marker = markers.find(([m]) => src.startsWith(m, i) && (!inCode || m === top!.marker));
    if (marker) {
      const [m, type] = marker;
      if (top?.marker === m) {
        stack.pop();
        top.entity.length = text.length - top.start;
        if (top.entity.length > 0) entities.push(top.entity);
      } else if (v2 && stack.some((s) => s.marker === m)) {
        throw new EntityParseError(`Can't find end of ${NAMES[type] ?? type} entity at byte offset ${byteOffset(src, i)}`);
      } else {
        if (!v2 && stack.length > 0 && !inCode) {
          // Legacy Markdown has no nesting: a marker inside an entity is text.
          text += m;
          i += m.length;
          continue;
        }
        const entity: MessageEntity = { type, offset: text.length, length: 0 };
        if (m === '```') {
          const nl = src.indexOf('\n', i + 3);
          const lang = nl >= 0 ? src.slice(i + 3, nl) : '';
          if (lang && /^[\w+-]+$/.test(lang)) {
            entity.language = lang;
            i = nl + 1;
            stack.push({ marker: m, start: text.length, at: i, entity });
            continue;
          }
        }
        stack.push({ marker: m, start: text.length, at: i, entity });
      }
      i += m.length;
      continue;
    }
    if (v2 && !inCode && V2_RESERVED.includes(ch)) {
      throw new EntityParseError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += ch;
    i++;
  }
  const open = stack.pop();
  if (open) {
    if (v2) throw new EntityParseError(`Can't find end of ${NAMES[open.entity.type] ?? open.entity.type} entity at byte offset ${byteOffset(src, open.at)}`);
    throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, open.at)}`);
  }
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

// ---------------------------------------------------------------------------------------------
// Entities Telegram finds in a user's own text

/** bot_command (`/start`, `/tz@my_bot`), mention (`@name`), url and email, as Telegram marks them. */
export function detectEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const patterns: Array<[RegExp, MessageEntity['type']]> = [
    [/(?<![\w/])\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/])/g, 'bot_command'],
    [/(?<![\w@])@[a-zA-Z0-9_]{3,32}(?!\w)/g, 'mention'],
    [/\bhttps?:\/\/[^\s]+/g, 'url'],
    [/\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g, 'email'],
  ];
  for (const [re, type] of patterns) {
    for (const m of text.matchAll(re)) {
      const offset = m.index;
      if (found.some((e) => offset < e.offset + e.length && e.offset < offset + m[0].length)) continue;
      found.push({ type, offset, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
