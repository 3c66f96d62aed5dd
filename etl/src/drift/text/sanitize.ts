/** How much of one message the classifier reads: Telegram allows 4096, reminders are far shorter. */
export const MAX_TEXT_CODE_POINTS = 500;

/**
 * C0/C1 control characters other than those Python counts as whitespace, and the noncharacters
 * U+FFFE/U+FFFF: only binary junk has them.
 */
function isJunk(unit: number): boolean {
  return unit <= 0x08 || (unit >= 0x0e && unit <= 0x1b) || (unit >= 0x7f && unit <= 0x9f && unit !== 0x85) || unit >= 0xfffe;
}

/** Each junk character becomes a space, so junk cannot glue words together. */
function blankJunk(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (isJunk(text.charCodeAt(i))) {
      out += `${text.slice(from, i)} `;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A message as the classifier reads it: a non-string is empty, lone surrogates become U+FFFD,
 * control characters a space, and only the first `MAX_TEXT_CODE_POINTS` code points are kept.
 */
export function sanitizeText(text: unknown): string {
  if (typeof text !== 'string') return '';
  // 2·cap UTF-16 units hold at least cap code points; cutting first keeps a huge text cheap.
  const head = text.length > 2 * MAX_TEXT_CODE_POINTS ? text.slice(0, 2 * MAX_TEXT_CODE_POINTS) : text;
  const clean = blankJunk(head.toWellFormed());
  if (clean.length <= MAX_TEXT_CODE_POINTS) return clean;
  let end = 0;
  let points = 0;
  while (end < clean.length && points < MAX_TEXT_CODE_POINTS) {
    end += (clean.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    points += 1;
  }
  return clean.slice(0, end);
}
