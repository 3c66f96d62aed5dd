/** Shared bits of the bot's texts: language, HTML escaping, truncation, Russian plurals. */

export type Lang = 'ru' | 'en';

/**
 * The language to answer in: the chat's choice; before it made one, the Telegram client's
 * language (`language_code`) when it is plainly not a Russian speaker's, else Russian (the
 * domain's default, as in core's `messages.ts`).
 */
export function chatLang(chosen: Lang | null | undefined, languageCode?: string | null): Lang {
  if (chosen) return chosen;
  if (!languageCode) return 'ru';
  const base = languageCode.toLowerCase().split(/[-_]/)[0]!;
  return ['ru', 'uk', 'be', 'kk', 'ky', 'uz', 'tg', 'hy', 'ka', 'az'].includes(base) ? 'ru' : 'en';
}

/** Escapes text for Telegram's HTML parse_mode: `&`, `<`, `>` (quotes only matter in attributes, which we never fill). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` user-perceived characters (graphemes: an emoji or a letter with its accents is
 * never cut in half), ending in "…" when cut. Whitespace is collapsed first.
 */
export function truncate(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const out: string[] = [];
  for (const { segment } of segmenter.segment(flat)) {
    if (out.length === max)
      return `${out
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
    out.push(segment);
  }
  return flat;
}

/** Russian plural form: 1 минута, 2 минуты, 5 минут (21 минута, 11 минут). */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** Whether Russian counts `n` with the singular ("каждый 21 день", not "каждые 21 день"). */
export const ruSingular = (n: number): boolean => n % 10 === 1 && n % 100 !== 11;
