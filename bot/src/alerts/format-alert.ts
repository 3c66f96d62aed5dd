import type { EventData } from '@napominalka/core';
import { escapeHtml } from '../conversation/text';

export type Alert = EventData<'AdminAlertRaised'>;

/** Telegram's limit on a message's text, in UTF-16 units after its entities are parsed. */
export const TELEGRAM_TEXT_LIMIT = 4096;

export const SEVERITY_EMOJI: Record<Alert['severity'], string> = { warning: '⚠️', critical: '🚨' };

const ELLIPSIS = '…';
/** A title longer than this is no title: the rest belongs in the text. */
const MAX_TITLE = 500;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `s` in at most `max` UTF-16 units (Telegram's unit), cut between graphemes so no emoji or
 * accented letter is split, ending in "…" when cut. Whitespace and line breaks are kept.
 */
export function cutToUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < ELLIPSIS.length) return '';
  let out = '';
  for (const { segment } of segmenter.segment(s)) {
    if (out.length + segment.length > max - ELLIPSIS.length) break;
    out += segment;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/**
 * An operators' alert as a Telegram HTML message (pure):
 *
 *   🚨 <b>title</b>
 *   text
 *   🔗 link
 *
 * Title, text and link are plain text from the raiser, escaped here. What Telegram counts is the
 * text after parsing (tags gone, `&lt;` one character), so the limit is applied to the unescaped
 * parts and escaping cannot push the message over it: the title (one line, whitespace collapsed)
 * and the link are kept whole when they fit, and the text gets what is left, cut cleanly. A blank
 * title shows the alert's code.
 */
export function formatAlert(a: Pick<Alert, 'alert' | 'severity' | 'title' | 'text' | 'link'>): string {
  const head = `${SEVERITY_EMOJI[a.severity]} `;
  const title = cutToUnits(a.title.replace(/\s+/g, ' ').trim() || a.alert, MAX_TITLE);
  const linkLine = a.link?.trim() ? `\n🔗 ${a.link.trim()}` : '';
  const link = head.length + title.length + linkLine.length <= TELEGRAM_TEXT_LIMIT ? linkLine : '';
  const room = TELEGRAM_TEXT_LIMIT - head.length - title.length - link.length - 1; // 1: the text's line break
  const body = a.text.trim() ? cutToUnits(a.text.trim(), room) : '';
  return `${head}<b>${escapeHtml(title)}</b>${body ? `\n${escapeHtml(body)}` : ''}${escapeHtml(link)}`;
}
