import { CALLBACK_DATA_MAX_BYTES } from '@napominalka/core';

/**
 * The bot's own button: a page of /list (◀️ ▶️). Core's callback-data codec has no verb for it —
 * paging changes no domain state, so it never becomes a command — and core is not ours to change:
 *
 *   lp:<page>        page of /list, counted from 0 (at most 4 digits)
 *
 * "lp" is no verb of core's codec (d, s, c, w, p, tz, lg), so core decodes it as an unknown verb
 * and `commandFor` ignores it; the bot decodes it here first and edits the list message.
 */
export const LIST_PAGE_SIZE = 5;
const VERB = 'lp';
const MAX_PAGE = 9999;

export function encodeListPage(page: number): string {
  if (!Number.isInteger(page) || page < 0 || page > MAX_PAGE) throw new RangeError(`list page out of range: ${page}`);
  const s = `${VERB}:${page}`;
  if (Buffer.byteLength(s) > CALLBACK_DATA_MAX_BYTES) throw new RangeError('callback data over 64 bytes');
  return s;
}

/** The page a `lp:` button names, or null for any other callback data. */
export function decodeListPage(data: string): number | null {
  const m = /^lp:(0|[1-9]\d{0,3})$/.exec(data);
  return m ? Number(m[1]) : null;
}

export interface Page<T> {
  items: T[];
  /** The page shown, counted from 0 (clamped into range). */
  page: number;
  pages: number;
  /** Position of the first item of the page in the whole list (for numbering). */
  offset: number;
  total: number;
}

/** A page of `items`; a page past the end shows the last one (the list shrank since the button was sent). */
export function paginate<T>(items: readonly T[], page: number, pageSize = LIST_PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const p = Math.min(Math.max(0, Number.isInteger(page) ? page : 0), pages - 1);
  const offset = p * pageSize;
  return { items: items.slice(offset, offset + pageSize), page: p, pages, offset, total: items.length };
}
