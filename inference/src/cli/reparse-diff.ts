/**
 * The pure half of `pnpm replay reparse`: what a recorded parse and a fresh one disagree on, the
 * run's summary, and how both are printed. No I/O.
 */

export const FIELDS = ['intent', 'due', 'rrule', 'text', 'outcome'] as const;
export type Field = (typeof FIELDS)[number];

/** The fields of a parse the comparison looks at. */
export interface ParseFields {
  intent: string;
  due: string | null;
  rrule: string | null;
  text: string | null;
}

/** What was recorded for a message, or what the new model made of it. */
export type Outcome = ({ ok: true } & ParseFields) | { ok: false; reason: string };

export interface Change {
  field: Field;
  recorded: string | null;
  new: string | null;
}

const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : a === b || Date.parse(a) === Date.parse(b));

/** The fields that differ (due compared as instants); an outcome change (failed ↔ parsed) is one `outcome` change. */
export function compareOutcomes(recorded: Outcome, fresh: Outcome): Change[] {
  if (!recorded.ok || !fresh.ok) {
    if (!recorded.ok && !fresh.ok) return [];
    const show = (o: Outcome) => (o.ok ? `parsed ${o.intent}` : `failed: ${o.reason}`);
    return [{ field: 'outcome', recorded: show(recorded), new: show(fresh) }];
  }
  const out: Change[] = [];
  if (recorded.intent !== fresh.intent) out.push({ field: 'intent', recorded: recorded.intent, new: fresh.intent });
  if (!sameInstant(recorded.due, fresh.due)) out.push({ field: 'due', recorded: recorded.due, new: fresh.due });
  if (recorded.rrule !== fresh.rrule) out.push({ field: 'rrule', recorded: recorded.rrule, new: fresh.rrule });
  if (recorded.text !== fresh.text) out.push({ field: 'text', recorded: recorded.text, new: fresh.text });
  return out;
}

/** One message whose parse would change. */
export interface ChangedMessage {
  /** The MessageReceived's event id and positions. */
  messageEventId: string;
  globalPosition: number;
  streamId: string;
  streamPosition: number;
  text: string;
  sentAt: string;
  timezone: string;
  /** The recorded MessageParsed / ParseFailed. */
  recordedEventId: string;
  recordedModelVersion: string | null;
  recordedParser: string | null;
  changes: Change[];
}

export interface ReparseSummary {
  model: string;
  /** MessageReceived events read. */
  read: number;
  /** Of those, compared with a recorded parse. */
  compared: number;
  /** Of those, with at least one change. */
  changed: number;
  byField: Record<Field, number>;
  /** Messages without a MessageParsed/ParseFailed caused by them (never parsed, or parked). */
  withoutRecordedParse: number;
  /** Messages or recorded parses this build cannot read (unknown version, invalid data). */
  unreadable: number;
  /** Recorded parses made by the LLM fallback: compared with the model's own answer (reparse never asks the LLM). */
  recordedByLlm: number;
  /** Recorded parses by model version. */
  recordedByModel: Record<string, number>;
}

export function emptySummary(model: string): ReparseSummary {
  return {
    model,
    read: 0,
    compared: 0,
    changed: 0,
    byField: { intent: 0, due: 0, rrule: 0, text: 0, outcome: 0 },
    withoutRecordedParse: 0,
    unreadable: 0,
    recordedByLlm: 0,
    recordedByModel: {},
  };
}

/** Counts one compared message (pure: returns a new summary). */
export function countCompared(s: ReparseSummary, recorded: { modelVersion: string | null; parser: string | null }, changes: readonly Change[]): ReparseSummary {
  const byField = { ...s.byField };
  for (const f of new Set(changes.map((c) => c.field))) byField[f]++;
  const mv = recorded.modelVersion ?? '(none)';
  return {
    ...s,
    compared: s.compared + 1,
    changed: s.changed + (changes.length > 0 ? 1 : 0),
    byField,
    recordedByLlm: s.recordedByLlm + (recorded.parser === 'llm' ? 1 : 0),
    recordedByModel: { ...s.recordedByModel, [mv]: (s.recordedByModel[mv] ?? 0) + 1 },
  };
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const shown = (v: string | null): string => (v === null ? '∅' : v);

/** Columns POS, STREAM, MESSAGE, FIELD, RECORDED, NEW; a message's further changes continue below it. */
export function formatDiffTable(rows: readonly ChangedMessage[], opts: { textWidth?: number; valueWidth?: number } = {}): string {
  const tw = opts.textWidth ?? 48;
  const vw = opts.valueWidth ?? 40;
  const header = ['POS', 'STREAM', 'MESSAGE', 'FIELD', 'RECORDED', '', 'NEW'];
  const cells: string[][] = [];
  for (const r of rows) {
    r.changes.forEach((c, i) => {
      const msg = i === 0 ? `${JSON.stringify(cut(oneLine(r.text), tw))}${r.recordedParser === 'llm' ? ' (recorded by llm)' : ''}` : '';
      cells.push([i === 0 ? String(r.globalPosition) : '', i === 0 ? r.streamId : '', msg, c.field, cut(shown(c.recorded), vw), '→', cut(shown(c.new), vw)]);
    });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  return [header, ...cells]
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatSummary(s: ReparseSummary): string[] {
  const pct = (n: number) => (s.compared ? ` (${((100 * n) / s.compared).toFixed(1)}%)` : '');
  const models = Object.entries(s.recordedByModel)
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${m} ×${n}`)
    .join(', ');
  return [
    `reparse with model ${s.model}: ${s.read} message(s) read, ${s.compared} compared, ${s.changed} would change${pct(s.changed)}`,
    `  changed by field: ${FIELDS.map((f) => `${f} ${s.byField[f]}`).join(' · ')}`,
    ...(s.withoutRecordedParse || s.unreadable ? [`  not compared: ${s.withoutRecordedParse} without a recorded parse, ${s.unreadable} unreadable`] : []),
    ...(s.compared
      ? [`  recorded by: ${models}${s.recordedByLlm ? ` (of which ${s.recordedByLlm} by the llm fallback; reparse never asks the llm)` : ''}`]
      : []),
    '  nothing was written',
  ];
}
