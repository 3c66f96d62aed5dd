import { z } from 'zod';

/** A keyset position in the history: the last row shown (occurred_at, event_id). */
export interface Cursor {
  at: string;
  id: string;
}

const cursorSchema = z.object({ at: z.string().datetime({ offset: true }), id: z.string().uuid() });

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** The opaque `before` cursor back to a position; null when it is not one of ours. */
export function decodeCursor(s: string): Cursor | null {
  try {
    const r = cursorSchema.safeParse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const text = z.string().trim().max(200).optional();
const conf = z.coerce.number().min(0).max(1).optional();
const flag = z.literal('1').optional();

export const OUTCOMES = ['parsed', 'failed', 'clarification'] as const;

const schema = z
  .object({
    q: text,
    intent: text,
    lang: text,
    model: text,
    cmin: conf,
    cmax: conf,
    outcome: z.enum(OUTCOMES).optional(),
    feedback: flag,
    cancelled: flag,
    before: z.string().max(500).optional(),
  })
  .strict();

export interface HistoryFilters {
  q?: string;
  intent?: string;
  lang?: string;
  model?: string;
  cmin?: number;
  cmax?: number;
  outcome?: (typeof OUTCOMES)[number];
  feedback?: '1';
  cancelled?: '1';
  before?: Cursor;
}

export const FIELDS = ['q', 'intent', 'lang', 'model', 'cmin', 'cmax', 'outcome', 'feedback', 'cancelled', 'before'] as const;

/** The query string → filters; empty fields are absent. A problem names the field. */
export function parseFilters(query: Record<string, string>): { ok: true; filters: HistoryFilters } | { ok: false; field: string } {
  const present = Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ''));
  const r = schema.safeParse(present);
  if (!r.success) return { ok: false, field: String(r.error.issues[0]?.path[0] ?? 'query') };
  const { before, ...rest } = r.data;
  const f: HistoryFilters = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== ''));
  if (before !== undefined) {
    const c = decodeCursor(before);
    if (!c) return { ok: false, field: 'before' };
    f.before = c;
  }
  if (f.cmin !== undefined && f.cmax !== undefined && f.cmin > f.cmax) return { ok: false, field: 'cmin' };
  return { ok: true, filters: f };
}

/** The filters back into a query string (for the next page link), with another cursor. */
export function filterQuery(f: HistoryFilters, before: Cursor | null): string {
  const p = new URLSearchParams();
  for (const k of FIELDS) {
    if (k === 'before') continue;
    const v = f[k];
    if (v !== undefined) p.set(k, String(v));
  }
  if (before) p.set('before', encodeCursor(before));
  return p.toString();
}
