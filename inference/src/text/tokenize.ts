/** A token of the normalised text, with its span (UTF-16 offsets) for slots and reminder text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

// Words (with an inner apostrophe: "what's"), digit runs, or one other non-space character.
const TOKEN = /\p{L}+(?:['’]\p{L}+)*|\p{N}+|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}
