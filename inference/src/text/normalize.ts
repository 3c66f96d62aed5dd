/**
 * Step 1 of understanding a message: Unicode NFKC, ё→е, emoji set aside, whitespace collapsed.
 * Case is kept (the reminder text is returned as written); features lower-case later.
 * Part of the featurisation contract shared with inference/training/featurize.py.
 */
export interface Normalized {
  text: string;
  /** `text` with ё kept (same offsets): what reminder texts are cut from. */
  display: string;
  emoji: string[];
  lang: 'ru' | 'en' | 'mixed';
}

// Pictographs with their modifiers, joiners, variation selectors and keycaps.
const EMOJI =
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\p{Emoji_Modifier}|\uFE0F|\u20E3|\u200D(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}))*|\uFE0F|\u200D|\u20E3/gu;

export function normalize(input: string): Normalized {
  const emoji: string[] = [];
  let text = input.toWellFormed().normalize('NFKC');
  text = text.replace(EMOJI, (m) => {
    if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(m)) emoji.push(m);
    return ' ';
  });
  // Control and format characters (bidi overrides, zero-width) become spaces.
  const display = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  text = display.replaceAll('ё', 'е').replaceAll('Ё', 'Е');
  return { text, display, emoji, lang: detectLanguage(text) };
}

/** By letters: mostly Cyrillic → ru, mostly Latin → en, a real share of both → mixed. */
export function detectLanguage(text: string): 'ru' | 'en' | 'mixed' {
  const cyr = (text.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const lat = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  if (cyr === 0 && lat === 0) return 'ru';
  const minor = Math.min(cyr, lat) / (cyr + lat);
  if (minor >= 0.3) return 'mixed';
  return cyr >= lat ? 'ru' : 'en';
}
