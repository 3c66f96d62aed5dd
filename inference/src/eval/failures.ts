/**
 * The examples a parser got wrong, field by field, judged exactly as score.ts (and score.py)
 * judge them: intent over every row; due over gold create/snooze; rrule and text (token F1 < 1)
 * over gold create with text; the list period over gold list (rule 20), in a corpus that carries periods.
 */
import { f1, sameInstant, sameRrule, type GoldRow, type PredRow } from './score';

export const FAILURE_FIELDS = ['intent', 'due', 'rrule', 'text', 'list_period'] as const;
export type FailureField = (typeof FAILURE_FIELDS)[number];

export interface FieldMiss {
  field: FailureField;
  expected: string | null;
  got: string | null;
}

export interface Failure {
  id: string;
  lang: string;
  text: string;
  tags: readonly string[];
  misses: FieldMiss[];
}

const period = (from: string | null | undefined, to: string | null | undefined): string | null =>
  from == null && to == null ? null : `${from ?? '—'}..${to ?? '—'}`;

function misses(g: GoldRow, p: Partial<PredRow>, periods: boolean): FieldMiss[] {
  const out: FieldMiss[] = [];
  const add = (field: FailureField, expected: string | null | undefined, got: string | null | undefined) =>
    out.push({ field, expected: expected ?? null, got: got ?? null });
  if (p.intent !== g.intent) add('intent', g.intent, p.intent);
  if ((g.intent === 'create' || g.intent === 'snooze') && !sameInstant(g.due, p.due)) add('due', g.due, p.due);
  if (g.intent === 'create') {
    if (!sameRrule(g.rrule, p.rrule)) add('rrule', g.rrule, p.rrule);
    if (g.reminder_text && f1(g.reminder_text, p.reminder_text) !== 1.0) add('text', g.reminder_text, p.reminder_text);
  }
  if (periods && g.intent === 'list' && ((g.list_from ?? null) !== (p.list_from ?? null) || (g.list_to ?? null) !== (p.list_to ?? null))) {
    add('list_period', period(g.list_from, g.list_to), period(p.list_from, p.list_to));
  }
  return out;
}

/** Every gold row with at least one wrong field, in corpus order (a missing prediction misses every field it is judged on). */
export function findFailures(gold: readonly GoldRow[], predictions: readonly PredRow[]): Failure[] {
  const byId = new Map(predictions.map((p) => [p.id, p]));
  // As the metric: a corpus built before rule 20 (no gold list_from/list_to at all) scores no periods.
  const periods = gold.some((g) => 'list_from' in g || 'list_to' in g);
  return gold.flatMap((g) => {
    const m = misses(g, byId.get(g.id) ?? {}, periods);
    return m.length ? [{ id: g.id, lang: g.lang, text: g.text, tags: g.tags, misses: m }] : [];
  });
}

const show = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

/** One block per failing example: "id [lang] text  (tags)", then "  field: expected … got …" per wrong field. */
export function formatFailures(failures: readonly Failure[]): string {
  const count = (f: FailureField) => failures.filter((x) => x.misses.some((m) => m.field === f)).length;
  const head = `failures: ${failures.length} example(s) — ${FAILURE_FIELDS.map((f) => `${f} ${count(f)}`).join(', ')}`;
  const width = Math.max(...FAILURE_FIELDS.map((f) => f.length));
  const blocks = failures.map((x) =>
    [
      `${x.id} [${x.lang}] ${x.text}${x.tags.length ? `  (${x.tags.join(', ')})` : ''}`,
      ...x.misses.map((m) => `  ${m.field.padEnd(width)}  expected ${show(m.expected)}  got ${show(m.got)}`),
    ].join('\n'),
  );
  return [head, ...blocks].join('\n');
}
