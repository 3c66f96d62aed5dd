/**
 * The parsing metrics: a faithful port of the reference scorer shared/eval/score.py (see
 * shared/eval/CONVENTIONS.md, Metrics). Same rows in, same figures out — score.int.test.ts runs
 * both on the dev corpus and on perturbed predictions and compares them.
 */
import { z } from 'zod';
import { INTENTS } from '../parse/result';
import { pyDateTimeEquals, pyFormatFixed, pyFromIsoFormat, pyLowerForTokens, pyRound, pyStrCompare, pyWordRuns } from './py-compat';

/** One labelled example of a corpus line (CONVENTIONS.md, Corpus format). */
export const goldRowSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['ru', 'en']),
  tz: z.string().min(1),
  now: z.string().datetime({ offset: true }),
  text: z.string(),
  intent: z.enum(INTENTS),
  due: z.string().nullable(),
  rrule: z.string().nullable(),
  reminder_text: z.string().nullable(),
  tags: z.array(z.string()),
  timezone: z.string().optional(),
  target: z.string().optional(),
  /** Rule 20: a list request's period, local dates YYYY-MM-DD, both inclusive (absent: no period). */
  list_from: z.string().nullable().optional(),
  list_to: z.string().nullable().optional(),
});
export type GoldRow = z.infer<typeof goldRowSchema>;

/**
 * One prediction line. Missing fields count as null, as in score.py (`p.get(...)`); values are
 * not checked beyond their type: an unknown intent or an unparsable due is simply wrong.
 */
export const predRowSchema = z.object({
  id: z.string(),
  intent: z.string().nullish(),
  due: z.string().nullish(),
  rrule: z.string().nullish(),
  reminder_text: z.string().nullish(),
  list_from: z.string().nullish(),
  list_to: z.string().nullish(),
});
export type PredRow = z.infer<typeof predRowSchema>;

export interface Metrics {
  n: number;
  intent_acc: number | null;
  due_acc: number | null;
  rrule_acc: number | null;
  text_f1: number | null;
  exact: number | null;
  /** Only for a corpus whose gold carries list_from/list_to (rule 20); absent otherwise, as in score.py. */
  list_period_acc?: number | null;
}

/** Per tag (over gold create/snooze): due right / examples. */
export type TagCounts = Record<string, { ok: number; n: number }>;

export interface ScoreResult {
  metrics: Metrics;
  tags: TagCounts;
}

/** Both null, or both parse as datetimes that compare equal (aware ones as instants). */
export function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  const da = pyFromIsoFormat(a);
  const db = pyFromIsoFormat(b);
  if (!da || !db) return false;
  return pyDateTimeEquals(da, db);
}

/** score.py's rrule_set: null for an empty/absent rule, else key → value (BYDAY as a set). */
export function rruleSet(r: string | null | undefined): Map<string, string | ReadonlySet<string>> | null {
  if (!r) return null;
  let s = r.toUpperCase();
  if (s.startsWith('RRULE:')) s = s.slice('RRULE:'.length);
  const kv = new Map<string, string | ReadonlySet<string>>();
  for (const part of s.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq);
    const v = part.slice(eq + 1);
    kv.set(k, k === 'BYDAY' ? new Set(v.split(',')) : v);
  }
  if (kv.get('INTERVAL') === '1') kv.delete('INTERVAL');
  return kv;
}

function rruleSetsEqual(a: ReturnType<typeof rruleSet>, b: ReturnType<typeof rruleSet>): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const [k, va] of a) {
    if (!b.has(k)) return false;
    const vb = b.get(k);
    if (typeof va === 'string' || typeof vb === 'string') {
      if (va !== vb) return false;
    } else if (vb === undefined || va.size !== vb.size || [...va].some((x) => !vb.has(x))) {
      return false;
    }
  }
  return true;
}

/** RRULEs with equal key/value sets (INTERVAL=1 = absent, BYDAY as a set); both null is right. */
export function sameRrule(a: string | null | undefined, b: string | null | undefined): boolean {
  return rruleSetsEqual(rruleSet(a), rruleSet(b));
}

/** Lowercase, ё → е, punctuation → space, split (Python's str.lower and Unicode \w). */
export function tokens(s: string | null | undefined): string[] {
  return pyWordRuns(pyLowerForTokens(s || '').replaceAll('ё', 'е'));
}

/** Token F1 of score.py, with the same floating-point operations in the same order. */
export function f1(gold: string | null | undefined, pred: string | null | undefined): number {
  const g = tokens(gold);
  const p = tokens(pred);
  if (g.length === 0 && p.length === 0) return 1.0;
  const count = (xs: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  const gc = count(g);
  const pc = count(p);
  let common = 0;
  for (const [t, n] of gc) common += Math.min(n, pc.get(t) ?? 0);
  if (common === 0) return 0.0;
  const prec = common / p.length;
  const rec = common / g.length;
  return (2 * prec * rec) / (prec + rec);
}

export function score(gold: readonly GoldRow[], pred: readonly PredRow[]): ScoreResult {
  const byId = new Map<string, PredRow>();
  for (const p of pred) byId.set(p.id, p); // a later duplicate wins, as in a dict
  const n = gold.length;
  let intentOk = 0;
  let dueN = 0;
  let dueOk = 0;
  let rrN = 0;
  let rrOk = 0;
  const f1s: number[] = [];
  let exact = 0;
  const tags: TagCounts = {};
  let lpN = 0;
  let lpOk = 0;
  // score.py tests the keys' presence: a gold line with "list_from": null still turns the metric on.
  const periods = gold.some((g) => 'list_from' in g || 'list_to' in g);
  for (const g of gold) {
    const p: Partial<PredRow> = byId.get(g.id) ?? {};
    if (p.intent === g.intent) intentOk++;
    if (g.intent === 'create' || g.intent === 'snooze') {
      const ok = sameInstant(g.due, p.due);
      dueN++;
      if (ok) dueOk++;
      for (const t of g.tags) {
        const a = (tags[t] ??= { ok: 0, n: 0 });
        if (ok) a.ok++;
        a.n++;
      }
    }
    if (g.intent === 'list') {
      lpN++;
      if ((g.list_from ?? null) === (p.list_from ?? null) && (g.list_to ?? null) === (p.list_to ?? null)) lpOk++;
    }
    if (g.intent === 'create') {
      rrN++;
      const rok = sameRrule(g.rrule, p.rrule);
      if (rok) rrOk++;
      const tf = g.reminder_text ? f1(g.reminder_text, p.reminder_text) : null;
      if (tf !== null) f1s.push(tf);
      if (p.intent === 'create' && sameInstant(g.due, p.due) && rok && (tf === null || tf === 1.0)) exact++;
    }
  }
  const r = (a: number, b: number): number | null => (b ? pyRound(a / b, 4) : null);
  let f1Sum = 0;
  for (const x of f1s) f1Sum += x; // sum() of Python 3.11: left to right, no compensation
  const metrics: Metrics = {
    n,
    intent_acc: r(intentOk, n),
    due_acc: r(dueOk, dueN),
    rrule_acc: r(rrOk, rrN),
    text_f1: r(f1Sum, f1s.length),
    exact: r(exact, rrN),
  };
  if (periods) metrics.list_period_acc = r(lpOk, lpN);
  return { metrics, tags };
}

/** score.py's per-tag lines, character for character (sorted by tag). */
export function formatTagLines(tags: TagCounts): string[] {
  return Object.keys(tags)
    .sort(pyStrCompare)
    .map((t) => {
      const { ok, n } = tags[t] as { ok: number; n: number };
      return `${t}${' '.repeat(Math.max(0, 24 - [...t].length))} due_acc ${pyFormatFixed(ok / n, 3)}  (n=${n})`;
    });
}
