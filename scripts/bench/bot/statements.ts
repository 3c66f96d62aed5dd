/**
 * Postgres round trips per message, per hop, read from the services' own
 * `napominalka_pg_statements_total{component}` counters (GET /metrics on each ops port).
 */
import { round } from '../common/stats';

/** What a hop of the conversation is called in the counters (a consumer's name, or a loop's). */
export const STATEMENT_HOPS = [
  { hop: 'ingress', component: 'ingress' },
  { hop: 'relay', component: 'relay' },
  { hop: 'parse', component: 'inference' },
  { hop: 'decide+reply', component: 'reminders' },
  { hop: 'send', component: 'sender' },
  { hop: 'projector', component: 'projector-pg' },
  { hop: 'notifier', component: 'bot-notifier' },
  { hop: 'scheduler', component: 'scheduler' },
  { hop: 'other', component: 'other' },
] as const;

export type StatementCounts = Map<string, number>;

const LINE = /^napominalka_pg_statements_total\{component="([^"]+)"\} (\d+(?:\.\d+)?(?:e\+?\d+)?)$/;

/** The counters of one /metrics text, by component. */
export function parseStatementCounts(metricsText: string): StatementCounts {
  const out: StatementCounts = new Map();
  for (const line of metricsText.split('\n')) {
    const m = LINE.exec(line.trim());
    if (m) out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
  }
  return out;
}

/** The ops port a service logged at start (`"opsPort":N`), or null. */
export function opsPortOf(lines: readonly string[]): number | null {
  for (const l of lines) {
    const m = /"opsPort":(\d+)/.exec(l);
    if (m) return Number(m[1]);
  }
  return null;
}

/** The sum over the services' counters, by component (a component may live in several processes: 'other'). */
export async function statementCounts(services: ReadonlyArray<{ lines: readonly string[] } | null>): Promise<StatementCounts> {
  const total: StatementCounts = new Map();
  for (const s of services) {
    const port = s && opsPortOf(s.lines);
    if (!port) continue;
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics on port ${port}: HTTP ${res.status}`);
    for (const [k, v] of parseStatementCounts(await res.text())) total.set(k, (total.get(k) ?? 0) + v);
  }
  return total;
}

export interface StatementsPerMessage {
  total: number;
  byHop: Record<string, number>;
}

/** (after − before) ÷ messages, per hop and in all. */
export function statementsPerMessage(before: StatementCounts, after: StatementCounts, messages: number): StatementsPerMessage {
  const byHop: Record<string, number> = {};
  let total = 0;
  const known = new Set<string>(STATEMENT_HOPS.map((h) => h.component));
  const delta = (c: string) => (after.get(c) ?? 0) - (before.get(c) ?? 0);
  for (const h of STATEMENT_HOPS) {
    const d = delta(h.component);
    total += d;
    if (d > 0) byHop[h.hop] = round(d / messages, 2);
  }
  for (const c of after.keys()) {
    if (known.has(c)) continue;
    const d = delta(c);
    total += d;
    if (d > 0) byHop[c] = round(d / messages, 2);
  }
  return { total: round(total / messages, 1), byHop };
}

export const statementsText = (s: StatementsPerMessage) =>
  `${s.total} in all (${Object.entries(s.byHop)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ')})`;
