import { round, summarise } from '../common/stats';
import { TARGETS, type Settings } from './args';
import type { Load } from './measured-load';
import { fmt, ms, type Row, type SectionResult } from './section';
import { statementsText } from './statements';
import { answered, takenToSent } from './traces';

/** The history section's figures, report rows, notes and JSON. Pure. */
type Hist = Settings['history'];

interface Figures {
  seeded: { rows: number; seconds: number };
  freshFirst: Load;
  longFirst: Load;
  freshLoad: Load;
  longLoad: Load;
}

const figuresOf = (l: Load) => ({
  latencyMs: summarise(takenToSent(l.lt.traces)),
  lost: l.lt.traces.length - answered(l.lt.traces).length,
  retried: l.lt.retried,
  cpuMsPerMessage: l.cpuPerMessage,
  cpuMsPerMessageBy: l.cpuPerMessageBy,
  statementsPerMessage: l.statements.total,
  /** From the first message in to the last answer out. */
  seconds: round((Math.max(...answered(l.lt.traces).map((t) => t.sent!)) - Math.min(...l.lt.traces.map((t) => t.injected))) / 1000, 1),
});
type LoadFigures = ReturnType<typeof figuresOf>;

const ratio = (long: number, fresh: number) => round(long / fresh, 2);

const byProcess = (long: Record<string, number>, fresh: Record<string, number>) =>
  Object.keys(long)
    .map((g) => `${g} ${fmt(long[g]!, 1)} ÷ ${fmt(fresh[g]!, 1)} ms`)
    .join(' · ');

function rows(h: Hist, f: Record<keyof Omit<Figures, 'seeded'>, LoadFigures>, s: Figures): Row[] {
  const { freshLoad: fr, longLoad: lo } = f;
  const r = {
    cpu: ratio(lo.cpuMsPerMessage, fr.cpuMsPerMessage),
    statements: ratio(lo.statementsPerMessage, fr.statementsPerMessage),
    p50: ratio(lo.latencyMs.p50, fr.latencyMs.p50),
  };
  const load = `${fmt(h.rate * h.seconds)} messages at ${h.rate}/s from ${fmt(h.chats)} chats`;
  const max = TARGETS.historyRatio;
  return [
    {
      measure: `History: CPU per message of the system's processes, chats of ${fmt(h.events)} events ÷ fresh chats (${load} each)`,
      result: `${fmt(lo.cpuMsPerMessage, 1)} ÷ ${fmt(fr.cpuMsPerMessage, 1)} ms = ${r.cpu}×`,
      target: `≤ ${max}×`,
      ceiling: `first messages: long chats ${fmt(f.longFirst.cpuMsPerMessage, 1)} ms, fresh chats (made by it) ${fmt(f.freshFirst.cpuMsPerMessage, 1)} ms`,
      pass: r.cpu <= max,
    },
    {
      measure: `History: CPU per message by process, chats of ${fmt(h.events)} events ÷ fresh chats (where a difference is spent)`,
      result: byProcess(lo.cpuMsPerMessageBy, fr.cpuMsPerMessageBy),
      target: '',
      ceiling: '',
    },
    {
      measure: `History: Postgres statements per message, chats of ${fmt(h.events)} events ÷ fresh chats`,
      result: `${statementsText(s.longLoad.statements)} ÷ ${fmt(fr.statementsPerMessage, 1)} = ${r.statements}×`,
      target: `≤ ${max}×`,
      ceiling: '',
      pass: r.statements <= max,
    },
    {
      measure: `History: update taken → confirmation sent, chats of ${fmt(h.events)} events (fresh chats in the ceiling column), p50 ratio judged`,
      result: `${ms(lo.latencyMs)} (p50 ${r.p50}×)`,
      target: `p50 ≤ ${max}×`,
      ceiling: `fresh: ${ms(fr.latencyMs)}; first messages of the long chats: ${ms(f.longFirst.latencyMs)}`,
      pass: r.p50 <= max,
    },
    {
      measure: 'History: messages without an answer · answered twice (long chats; fresh chats; their first messages)',
      result: `${lo.lost} · ${lo.retried}; ${fr.lost} · ${fr.retried}; ${f.longFirst.lost + f.freshFirst.lost} · ${f.longFirst.retried + f.freshFirst.retried}`,
      target: '0 · 0; 0 · 0; 0 · 0',
      ceiling: '',
      pass: [lo, fr, f.longFirst, f.freshFirst].every((x) => x.lost + x.retried === 0),
    },
  ];
}

export function historyResult(h: Hist, s: Figures): SectionResult {
  const f = { freshFirst: figuresOf(s.freshFirst), longFirst: figuresOf(s.longFirst), freshLoad: figuresOf(s.freshLoad), longLoad: figuresOf(s.longLoad) };
  const table = rows(h, f, s);
  const pass = table.every((r) => r.pass !== false);
  const note =
    `History: ${fmt(h.chats)} chats seeded with ${fmt(h.events)} events each (one daily reminder delivered and moved on for years, a /list every ten days: ${fmt(s.seeded.rows)} events in ${round(s.seeded.seconds, 1)} s), ` +
    `as history processed long ago (below the relay's checkpoint and every chat consumer's, with the parse worker's and the conversation's snapshots of it; VACUUM (ANALYZE) after), beside ${fmt(h.chats)} fresh chats in the same store. ` +
    `Each chat first got one message, then the measured load, the same for both: ${fmt(h.rate * h.seconds)} messages at ${h.rate}/s for ${h.seconds} s. What a message to a long chat without a snapshot costs (the whole fold) is bench:chat-history's.`;
  const warnings = [s.freshLoad, s.longLoad]
    .filter((l) => l.answers < l.total)
    .map((l) => `history: ${l.total - l.answers} of ${l.total} messages had no answer`);
  return { rows: table, notes: [note], json: { ...h, seeded: s.seeded, ...f, pass }, warnings };
}
