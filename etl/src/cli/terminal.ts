/**
 * What reaches the terminal. Data printed (asset descriptions, failure messages, log lines, run
 * origins) may hold anything: control characters that move the cursor, rewrite the title or
 * reorder text (bidi controls) are removed, whitespace runs become one space, so a line is one
 * line and says what it shows.
 */

// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const WHITESPACE_CONTROL = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;
// The ones JSON.stringify leaves as they are (it escapes C0 itself).
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** One line of data, safe to print. */
export function clean(s: string): string {
  return s.replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '');
}

/** Cut to `max` visible characters, marking the cut with an ellipsis. */
export function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : s;
}

/** Visible width, one column per code point (what the formatters align by). */
export const width = (s: string): number => [...s].length;

export const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
export const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;

/** Pretty JSON whose strings cannot drive a terminal either (still valid, equal JSON). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'cyan';

const ANSI: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
};

/** `text` in `style` when colour is on; the text is the caller's (already cleaned). */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || !style || text === '') return text;
  const [on, off] = ANSI[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

/**
 * Colour: `--color` / `--no-color` (the last one given wins), else only on a terminal and when
 * NO_COLOR is unset or empty (https://no-color.org).
 */
export function colorWanted(
  tokens: ReadonlyArray<{ kind: string; name?: string }> | undefined,
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  const last = [...(tokens ?? [])].reverse().find((t) => t.kind === 'option' && (t.name === 'color' || t.name === 'no-color'));
  if (last) return last.name === 'color';
  return isTTY && !env.NO_COLOR;
}
