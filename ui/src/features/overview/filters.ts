import { z } from 'zod';
import { isValidZone as isZone } from '@napominalka/core/wall-clock';

/** The longest period the page shows (a year of days keeps every mart query small). */
export const MAX_DAYS = 366;
/** Up to this many days the messages chart is hourly; longer ranges ask the mart for days. */
export const HOURLY_MAX_DAYS = 31;
const DEFAULT_DAYS = 14;

const DATE = /^\d{4}-\d\d-\d\d$/;
const isoDate = z
  .string()
  .regex(DATE, 'date')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'date');
/** An empty field of the GET form means "no filter". */
const opt = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

const querySchema = z.object({
  from: opt(isoDate),
  to: opt(isoDate),
  lang: opt(z.enum(['ru', 'en', 'mixed'])),
  intent: opt(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'intent')),
  model: opt(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'model')),
  zone: opt(z.string().max(64).refine(isZone, 'zone')),
});

export interface OverviewFilters {
  /** UTC days, inclusive. */
  from: string;
  to: string;
  lang?: 'ru' | 'en' | 'mixed';
  intent?: string;
  model?: string;
  zone?: string;
}

/** Why the query was refused: the field and the kind of problem (the page words it). */
export type FilterProblem =
  { field: 'from' | 'to' | 'lang' | 'intent' | 'model' | 'zone'; reason: 'invalid' } | { field: 'range'; reason: 'reversed' | 'too_long' };

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The URL query as filters (defaults: the last 14 days ending today), or the first problem. */
export function parseFilters(query: Record<string, string>, now: Date): { ok: true; filters: OverviewFilters } | { ok: false; problem: FilterProblem } {
  const r = querySchema.safeParse(query);
  if (!r.success) {
    const field = String(r.error.issues[0]?.path[0] ?? 'from') as Exclude<FilterProblem['field'], 'range'>;
    return { ok: false, problem: { field, reason: 'invalid' } };
  }
  const to = r.data.to ?? (r.data.from ? addDays(r.data.from, DEFAULT_DAYS - 1) : dayOf(now));
  const from = r.data.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) return { ok: false, problem: { field: 'range', reason: 'reversed' } };
  if (daysBetween(from, to) > MAX_DAYS) return { ok: false, problem: { field: 'range', reason: 'too_long' } };
  return { ok: true, filters: { ...r.data, from, to } };
}

/** The filters a figure cannot honour because its mart has no such dimension: said on the page. */
export const NOT_APPLIED = {
  /** mart_messages_hourly has lang and intent, hours (so a zone's day boundaries); no model version. */
  messages: ['model'],
  /** The daily marts are UTC days with no language, intent or model dimension. */
  daily: ['lang', 'intent', 'model', 'zone'],
} as const;

/** Which of the set filters a group of figures ignores. */
export function ignored(f: OverviewFilters, group: keyof typeof NOT_APPLIED): string[] {
  return NOT_APPLIED[group].filter((k) => f[k] !== undefined);
}
