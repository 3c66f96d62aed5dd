import { z } from 'zod';

const iso = z
  .string()
  .datetime({ offset: true })
  .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/));
const positionCursor = (s: string): number | null => {
  try {
    const n = Number(Buffer.from(s, 'base64url').toString('utf8'));
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
};

export const encodePosition = (n: number): string => Buffer.from(String(n)).toString('base64url');

const schema = z
  .object({
    chat: z
      .string()
      .regex(/^-?\d{1,20}$/)
      .optional(),
    type: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,99}$/)
      .optional(),
    stream: z.string().max(200).optional(),
    from: iso.optional(),
    to: iso.optional(),
    before: z.string().max(100).optional(),
  })
  .strict();

export interface EventsQuery {
  chat?: string;
  type?: string;
  stream?: string;
  from?: Date;
  to?: Date;
  /** Show events with a global position below this one. */
  before?: number;
}

/** The query string → the explorer's inputs; a problem names the field. */
export function parseEventsQuery(query: Record<string, string>): { ok: true; q: EventsQuery } | { ok: false; field: string } {
  const present = Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ''));
  const r = schema.safeParse(present);
  if (!r.success) return { ok: false, field: String(r.error.issues[0]?.path[0] ?? 'query') };
  const { before, from, to, ...rest } = r.data;
  const q: EventsQuery = { ...rest };
  if (from) q.from = new Date(from);
  if (to) q.to = new Date(to);
  if (q.from && q.to && q.from >= q.to) return { ok: false, field: 'from' };
  if (before !== undefined) {
    const n = positionCursor(before);
    if (n === null) return { ok: false, field: 'before' };
    q.before = n;
  }
  return { ok: true, q };
}

/** The search filters back into a query string (next page link) with another cursor. */
export function searchQuery(q: EventsQuery, before: number): string {
  const p = new URLSearchParams();
  if (q.type) p.set('type', q.type);
  if (q.stream) p.set('stream', q.stream);
  if (q.from) p.set('from', q.from.toISOString());
  if (q.to) p.set('to', q.to.toISOString());
  p.set('before', encodePosition(before));
  return p.toString();
}
