import { CALLBACK_DATA_MAX_BYTES } from '@napominalka/core';
import { DateTime } from 'luxon';

/**
 * The bot's own button: a page of /list (◀️ ▶️). Core's callback-data codec has no verb for it —
 * paging changes no domain state, so it never becomes a command — and core is not ours to change:
 *
 *   lp:<page>                   page of /list, counted from 0 (at most 4 digits)
 *   lp:<page>:<from>-<to>       page of a list of a period ("что у меня на завтра"): its first and
 *                               last days, YYYYMMDD, so the next page stays within it (≤ 24 bytes)
 *
 * "lp" is no verb of core's codec (d, s, c, w, p, tz, lg), so core decodes it as an unknown verb
 * and `commandFor` ignores it; the bot decodes it here first and edits the list message. Buttons
 * sent before periods existed carry no period: they page the whole list, as they did.
 */
export const LIST_PAGE_SIZE = 5;
const VERB = 'lp';
const MAX_PAGE = 9999;

/** The days a list shows (CONVENTIONS rule 20): local dates of the chat's zone, YYYY-MM-DD, both inclusive. */
export interface ListPeriod {
  from: string;
  to: string;
}

/** A period from the parse (or a button): both real calendar dates, `from` not after `to`; anything else is no period. */
export function listPeriodOf(from: string | null | undefined, to: string | null | undefined): ListPeriod | null {
  if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return null;
  if (!DateTime.fromISO(from, { zone: 'utc' }).isValid || !DateTime.fromISO(to, { zone: 'utc' }).isValid) return null;
  return from <= to ? { from, to } : null;
}

export function encodeListPage(page: number, period: ListPeriod | null = null): string {
  if (!Number.isInteger(page) || page < 0 || page > MAX_PAGE) throw new RangeError(`list page out of range: ${page}`);
  const p = period && listPeriodOf(period.from, period.to);
  if (period && !p) throw new RangeError(`no list period: ${period.from}…${period.to}`);
  const s = p ? `${VERB}:${page}:${compact(p.from)}-${compact(p.to)}` : `${VERB}:${page}`;
  if (Buffer.byteLength(s) > CALLBACK_DATA_MAX_BYTES) throw new RangeError('callback data over 64 bytes');
  return s;
}

/** The page and period an `lp:` button names, or null for any other callback data (or a period that is no dates). */
export function decodeListRequest(data: string): { page: number; period: ListPeriod | null } | null {
  const m = /^lp:(0|[1-9]\d{0,3})(?::(\d{8})-(\d{8}))?$/.exec(data);
  if (!m) return null;
  if (m[2] === undefined || m[3] === undefined) return { page: Number(m[1]), period: null };
  const period = listPeriodOf(expand(m[2]), expand(m[3]));
  return period ? { page: Number(m[1]), period } : null;
}

/** The page an `lp:` button names (with or without a period), or null for any other callback data. */
export function decodeListPage(data: string): number | null {
  return decodeListRequest(data)?.page ?? null;
}

const compact = (date: string) => date.replaceAll('-', '');
const expand = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

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
