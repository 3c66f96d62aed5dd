import type { MartData } from './queries';

/** One chart: x as unix seconds, one series per label (null: no value at that x). */
export interface ChartData {
  x: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
  /** 'percent': values are shares 0..1. */
  unit?: 'count' | 'percent' | 'ms';
}

export interface PeriodTotals {
  messages: number;
  messagesByLang: Record<string, number>;
  peakActiveChats: number | null;
  avgActiveChats: number | null;
  created: number;
  delivered: number;
  deliveryFailed: number;
  cancelled: number;
  /** The worst day's p95 lateness (daily sketches cannot be summed into a period quantile here). */
  worstLatenessP95Ms: number | null;
  attempts: number;
  failureRate: number | null;
  clarificationRate: number | null;
  llmShare: number | null;
  rulesShare: number | null;
  feedbackRate: number | null;
}

export interface DayRow {
  day: string;
  activeChats: number | null;
  created: number;
  delivered: number;
  cancelled: number;
  latenessP95Ms: number | null;
  failureRate: number | null;
  clarificationRate: number | null;
  llmShare: number | null;
  rulesShare: number | null;
  feedbackRate: number | null;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const secs = (iso: string): number => Math.floor(Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / 1000);

export function periodTotals(d: MartData): PeriodTotals {
  const byLang: Record<string, number> = {};
  for (const m of d.messages) byLang[m.lang || '—'] = (byLang[m.lang || '—'] ?? 0) + m.messages;
  const chats = d.chats.map((c) => c.chats);
  const parsed = sum(d.parse.map((p) => p.parsed));
  const p95s = d.reminders.map((r) => r.latenessMs.p95).filter((v): v is number => v !== null);
  return {
    messages: sum(d.messages.map((m) => m.messages)),
    messagesByLang: byLang,
    peakActiveChats: chats.length ? Math.max(...chats) : null,
    avgActiveChats: chats.length ? sum(chats) / chats.length : null,
    created: sum(d.reminders.map((r) => r.created)),
    delivered: sum(d.reminders.map((r) => r.delivered)),
    deliveryFailed: sum(d.reminders.map((r) => r.deliveryFailed)),
    cancelled: sum(d.reminders.map((r) => r.cancelled)),
    worstLatenessP95Ms: p95s.length ? Math.max(...p95s) : null,
    attempts: sum(d.parse.map((p) => p.attempts)),
    failureRate: ratio(sum(d.parse.map((p) => p.failed)), sum(d.parse.map((p) => p.attempts))),
    clarificationRate: ratio(sum(d.parse.map((p) => p.clarifications)), sum(d.parse.map((p) => p.attempts))),
    llmShare: ratio(sum(d.parse.map((p) => p.byParser.llm)), parsed),
    rulesShare: ratio(sum(d.parse.map((p) => p.byParser.rules)), parsed),
    feedbackRate: ratio(sum(d.feedback.map((f) => f.feedback)), parsed),
  };
}

/** Every UTC day of the daily marts that has any row, in order. */
export function dayRows(d: MartData): DayRow[] {
  const days = [...new Set([...d.chats.map((c) => c.period), ...d.reminders.map((r) => r.day), ...d.parse.map((p) => p.day)])].sort();
  return days.map((day) => {
    const c = d.chats.find((x) => x.period === day);
    const r = d.reminders.find((x) => x.day === day);
    const p = d.parse.find((x) => x.day === day);
    const fb = d.feedback.filter((x) => x.day === day);
    return {
      day,
      activeChats: c?.chats ?? null,
      created: r?.created ?? 0,
      delivered: r?.delivered ?? 0,
      cancelled: r?.cancelled ?? 0,
      latenessP95Ms: r?.latenessMs.p95 ?? null,
      failureRate: p?.failureRate ?? null,
      clarificationRate: p?.clarificationRate ?? null,
      llmShare: p?.llmShare ?? null,
      rulesShare: p ? ratio(p.byParser.rules, p.parsed) : null,
      feedbackRate: p ? ratio(sum(fb.map((f) => f.feedback)), p.parsed) : null,
    };
  });
}

/** Messages over time, one series per language (intents summed). */
export function messagesChart(d: MartData): ChartData {
  const xs = [...new Set(d.messages.map((m) => m.hour))].sort();
  const langs = [...new Set(d.messages.map((m) => m.lang || '—'))].sort();
  const at = new Map<string, number>();
  for (const m of d.messages) at.set(`${m.hour}|${m.lang || '—'}`, (at.get(`${m.hour}|${m.lang || '—'}`) ?? 0) + m.messages);
  return { x: xs.map(secs), series: langs.map((l) => ({ label: l, values: xs.map((h) => at.get(`${h}|${l}`) ?? 0) })), unit: 'count' };
}

export type SeriesLabels = Record<'chats' | 'created' | 'delivered' | 'cancelled' | 'p95' | 'failure' | 'clarification' | 'llm' | 'rules' | 'feedback', string>;

export function dailyCharts(rows: DayRow[], l: SeriesLabels): { chats: ChartData; reminders: ChartData; lateness: ChartData; quality: ChartData } {
  const x = rows.map((r) => secs(r.day));
  const s = (label: string, pick: (r: DayRow) => number | null) => ({ label, values: rows.map(pick) });
  return {
    chats: { x, series: [s(l.chats, (r) => r.activeChats)], unit: 'count' },
    reminders: { x, series: [s(l.created, (r) => r.created), s(l.delivered, (r) => r.delivered), s(l.cancelled, (r) => r.cancelled)], unit: 'count' },
    lateness: { x, series: [s(l.p95, (r) => r.latenessP95Ms)], unit: 'ms' },
    quality: {
      x,
      series: [
        s(l.failure, (r) => r.failureRate),
        s(l.clarification, (r) => r.clarificationRate),
        s(l.llm, (r) => r.llmShare),
        s(l.rules, (r) => r.rulesShare),
        s(l.feedback, (r) => r.feedbackRate),
      ],
      unit: 'percent',
    },
  };
}

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Per-day rows as a chart over every day of the period (a day without a row is 0, or null). */
export function perDayChart<R extends { day: string }>(
  days: string[],
  rows: R[],
  series: Array<{ label: string; pick: (r: R) => number }>,
  unit: ChartData['unit'],
  missing: 0 | null,
): ChartData {
  const at = new Map(rows.map((r) => [r.day, r]));
  return {
    x: days.map(secs),
    series: series.map((s) => ({
      label: s.label,
      values: days.map((d) => {
        const r = at.get(d);
        return r ? s.pick(r) : missing;
      }),
    })),
    unit,
  };
}
