/**
 * Matching a cancel request's words ("отмени про маму") against reminder texts, tolerant to
 * word forms: lowercased, ё→е, punctuation dropped, filler words dropped; two tokens match when
 * they share a prefix of at least 3 characters and at least (the shorter one's length − 2)
 * ("маму" ~ "маме", "позвонить" ~ "позвони", "отчет" ~ "отчёта"); tokens under 3 characters
 * match only exactly.
 */
const STOP = new Set([
  // ru
  'про',
  'о',
  'об',
  'обо',
  'на',
  'в',
  'во',
  'с',
  'со',
  'и',
  'к',
  'мое',
  'мои',
  'мой',
  'моя',
  'это',
  'эту',
  'этот',
  'все',
  'всё',
  'напоминание',
  'напоминания',
  'напоминалку',
  'напоминалка',
  'напоминаний',
  'напомнить',
  'отмени',
  'отменить',
  'удали',
  'удалить',
  'пожалуйста',
  'плз',
  'пж',
  'ну',
  'что',
  'чтобы',
  // en
  'the',
  'a',
  'an',
  'about',
  'my',
  'reminder',
  'reminders',
  'to',
  'for',
  'of',
  'that',
  'this',
  'all',
  'please',
  'cancel',
  'delete',
  'remove',
]);

export function tokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !STOP.has(t));
}

export function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= Math.max(3, shorter - 2);
}

/** How many of the query's tokens some token of the text matches. */
export function matchScore(query: string[], text: string): number {
  const words = tokens(text);
  return query.filter((q) => words.some((w) => tokensMatch(q, w))).length;
}

/**
 * The items best matching `words`: those with the highest score above zero. No words (only
 * filler, or none) → every item is a candidate.
 */
export function bestMatches<T>(words: string | null, items: readonly T[], textOf: (item: T) => string): T[] {
  const query = tokens(words ?? '');
  if (query.length === 0) return [...items];
  let best = 0;
  let found: T[] = [];
  for (const item of items) {
    const score = matchScore(query, textOf(item));
    if (score === 0 || score < best) continue;
    if (score > best) {
      best = score;
      found = [];
    }
    found.push(item);
  }
  return found;
}
