import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime, FixedOffsetZone } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGold, loadPredictions } from './corpus';
import { f1, formatTagLines, sameInstant, score, tokens, type GoldRow, type Metrics } from './score';
import { seededRandom } from '@napominalka/core/testing';

/**
 * Parity of score.ts with the reference scorer: score.py (run by /usr/bin/python3, like the
 * featurisation contract test) and score.ts must give identical metrics and per-tag lines on the
 * dev corpus for gold-as-prediction, all-wrong and seeded random perturbations, and the same
 * answers for its building blocks (same_instant, tokens, f1) on tricky inputs.
 */
const PYTHON = '/usr/bin/python3';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EVAL_DIR = path.resolve(ROOT, '../shared/eval');
const SCORE_PY = path.join(EVAL_DIR, 'score.py');
const DEV = path.join(EVAL_DIR, 'parse-dev.jsonl');
/** The breadth corpus: its list lines carry list_from/list_to (rule 20), so score.py adds list_period_acc. */
const DEV2 = path.join(EVAL_DIR, 'parse-dev-v2.jsonl');

let tmp: string;
let goldRows: GoldRow[];
let goldRows2: GoldRow[];

beforeAll(() => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: score.ts cannot be checked against score.py; install python3`);
  if (!existsSync(SCORE_PY)) throw new Error(`${SCORE_PY} is missing: the shared/ folder must sit next to the repository`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'score-parity-'));
  goldRows = loadGold(DEV);
  goldRows2 = loadGold(DEV2);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function python(args: string[], input?: string): string {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', input, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** score.py GOLD PRED → its metrics (last line) and its per-tag lines. */
function scorePy(goldFile: string, predFile: string): { metrics: Metrics; tagLines: string[] } {
  const lines = python([SCORE_PY, goldFile, predFile]).split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const last = lines.pop();
  if (last === undefined) throw new Error('score.py printed nothing');
  return { metrics: JSON.parse(last) as Metrics, tagLines: lines };
}

/** Writes the rows as a prediction file, scores it both ways (against `goldFile`, default the dev corpus) and compares. */
function expectParity(name: string, rows: object[], goldFile = DEV, gold = goldRows): Metrics {
  const file = path.join(tmp, `${name}.jsonl`);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const py = scorePy(goldFile, file);
  const ts = score(gold, loadPredictions(file));
  expect(ts.metrics, `${name}: metrics`).toEqual(py.metrics);
  expect(formatTagLines(ts.tags), `${name}: per-tag lines`).toEqual(py.tagLines);
  return ts.metrics;
}

// ---------------------------------------------------------------------------------------------
// Seeded perturbations

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

const ISO_OFFSET = "yyyy-MM-dd'T'HH:mm:ssZZ";

/** Other spellings of the same instant (right), and near misses (wrong). */
function perturbDue(rng: Rng, due: string | null): string | null | undefined {
  if (due === null) return pick(rng, [null, null, null, undefined, '2026-03-13T09:00:00+03:00', '']);
  const dt = DateTime.fromISO(due, { setZone: true });
  const variants: (() => string | null | undefined)[] = [
    () => due,
    () => dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'"),
    () => dt.toUTC().toFormat(ISO_OFFSET),
    () => dt.setZone(FixedOffsetZone.instance(pick(rng, [330, -420, 545, 0, 840, -720]))).toFormat(ISO_OFFSET),
    () => dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
    () => dt.toFormat('yyyy-MM-dd HH:mm:ssZZ'),
    () => dt.toFormat("yyyyMMdd'T'HHmmssZZZ"),
    () => dt.plus({ hours: pick(rng, [1, -1]) }).toFormat(ISO_OFFSET),
    () => dt.plus({ days: 1 }).toFormat(ISO_OFFSET),
    () => dt.plus({ minutes: 1 }).toFormat(ISO_OFFSET),
    () => dt.toFormat("yyyy-MM-dd'T'HH:mm:ss"), // naive: never equal to an aware gold
    () => dt.toFormat('yyyy-MM-dd'),
    () => dt.toFormat("yyyy-MM-dd'T'H:mm:ssZZ"), // 9:00: not ISO
    () => 'tomorrow 9am',
    () => '',
    () => null,
    () => undefined,
  ];
  return pick(rng, variants)();
}

function perturbRrule(rng: Rng, rrule: string | null): string | null | undefined {
  if (rrule === null) return pick(rng, [null, null, null, undefined, '', 'FREQ=DAILY', 'RRULE:']);
  const parts = rrule.split(';');
  const variants: (() => string | null | undefined)[] = [
    () => rrule,
    () => parts.map((p) => (p.startsWith('BYDAY=') ? `BYDAY=${shuffle(rng, p.slice(6).split(',')).join(',')}` : p)).join(';'),
    () => (rrule.includes('INTERVAL=') ? rrule : `${rrule};INTERVAL=1`),
    () => `RRULE:${rrule}`,
    () => rrule.toLowerCase(),
    () => shuffle(rng, parts).join(';'),
    () => rrule.replace(/FREQ=\w+/u, 'FREQ=YEARLY'),
    () => rrule.replace(/BYDAY=[A-Z,]+/u, 'BYDAY=MO'),
    () => `${rrule};INTERVAL=2`,
    () => null,
    () => '',
  ];
  return pick(rng, variants)();
}

function perturbText(rng: Rng, text: string | null): string | null | undefined {
  if (text === null) return pick(rng, [null, undefined, '', 'что-то']);
  const words = text.split(' ');
  const variants: (() => string | null | undefined)[] = [
    () => text,
    () => text.toUpperCase(),
    () => text[0]?.toUpperCase() + text.slice(1),
    () => `${text}!`,
    () => `«${text}», пожалуйста…`,
    () => text.replaceAll('е', 'ё'),
    () => text.replaceAll('ё', 'е').replaceAll('Ё', 'Е'),
    () => `  ${words.join('   ')}\t`,
    () => words.slice(1).join(' '),
    () => `${text} ${pick(rng, ['завтра', 'tomorrow', 'в 9', '⏰'])}`,
    () => `${text} ${words[0] ?? ''}`,
    () => `${text} 👍🏽`,
    () => text.replace(/[аеиоуaeiou]/u, (v) => `${v}\u0301`), // a combining accent splits the word
    () => words.reverse().join(' '),
    () => null,
    () => undefined,
  ];
  return pick(rng, variants)();
}

function perturbIntent(rng: Rng, intent: string): string | null | undefined {
  if (rng() < 0.85) return intent;
  return pick(rng, ['create', 'list', 'cancel', 'snooze', 'timezone', 'other', 'CREATE', null, undefined]);
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** A list period's date: the same, a day off, another spelling (never equal: compared as strings), or none. */
function perturbPeriodDate(rng: Rng, d: string | null | undefined): string | null | undefined {
  if (d == null) return pick(rng, [d, null, undefined, undefined, '2026-05-01', '']);
  const dt = DateTime.fromISO(d);
  const variants: (() => string | null | undefined)[] = [
    () => d,
    () => d,
    () => dt.plus({ days: pick(rng, [1, -1]) }).toISODate()!,
    () => dt.toFormat('yyyy-M-d'),
    () => `${d}T00:00:00`,
    () => null,
    () => undefined,
    () => '',
  ];
  return pick(rng, variants)();
}

function perturbed(seed: number, gold: readonly GoldRow[] = goldRows): object[] {
  const rng = seededRandom(seed);
  const out: object[] = [];
  for (const g of gold) {
    const r = rng();
    if (r < 0.05) continue; // missing id
    if (r < 0.08) out.push({ id: g.id, intent: 'other', due: null, rrule: null, reminder_text: null }); // overridden below
    out.push(
      withoutUndefined({
        id: g.id,
        intent: perturbIntent(rng, g.intent),
        due: perturbDue(rng, g.due),
        rrule: perturbRrule(rng, g.rrule),
        reminder_text: perturbText(rng, g.reminder_text),
        ...(g.intent === 'list' || rng() < 0.1 ? { list_from: perturbPeriodDate(rng, g.list_from), list_to: perturbPeriodDate(rng, g.list_to) } : {}),
      }),
    );
  }
  if (rng() < 0.5) out.push({ id: 'not-in-gold', intent: 'create', due: null, rrule: null, reminder_text: 'x' });
  return shuffle(rng, out);
}

// ---------------------------------------------------------------------------------------------

describe('score.ts = score.py on the dev corpus', () => {
  it('gold as predictions: everything 1.0', () => {
    const m = expectParity(
      'gold',
      goldRows.map(({ id, intent, due, rrule, reminder_text }) => ({ id, intent, due, rrule, reminder_text })),
    );
    expect(m).toEqual({ n: goldRows.length, intent_acc: 1, due_acc: 1, rrule_acc: 1, text_f1: 1, exact: 1 });
  });

  it('equivalent spellings (other offsets, Z, BYDAY order, INTERVAL=1, case, punctuation, ё) stay right', () => {
    const rows = goldRows.map((g, i) => {
      const dt = g.due === null ? null : DateTime.fromISO(g.due, { setZone: true });
      return {
        id: g.id,
        intent: g.intent,
        due: dt === null ? null : i % 2 ? dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'") : dt.setZone(FixedOffsetZone.instance(-330)).toFormat(ISO_OFFSET),
        rrule:
          g.rrule === null
            ? null
            : `RRULE:${g.rrule.replace(/BYDAY=([A-Z,]+)/u, (_m, d: string) => `BYDAY=${d.split(',').reverse().join(',')}`)}${g.rrule.includes('INTERVAL=') ? '' : ';INTERVAL=1'}`.toLowerCase(),
        reminder_text: g.reminder_text === null ? null : `${g.reminder_text.toUpperCase().replaceAll('Е', 'Ё')}!!`,
      };
    });
    const m = expectParity('equivalent', rows);
    expect(m).toEqual({ n: goldRows.length, intent_acc: 1, due_acc: 1, rrule_acc: 1, text_f1: 1, exact: 1 });
  });

  it('all wrong: everything 0', () => {
    const rows = goldRows.map((g) => ({
      id: g.id,
      intent: g.intent === 'list' ? 'other' : 'list',
      due: g.due === null ? '2000-01-01T00:00:00+00:00' : DateTime.fromISO(g.due, { setZone: true }).plus({ hours: 1 }).toFormat(ISO_OFFSET),
      rrule: g.rrule === null ? 'FREQ=YEARLY' : null,
      reminder_text: 'zzz',
    }));
    const m = expectParity('all-wrong', rows);
    expect(m).toEqual({ n: goldRows.length, intent_acc: 0, due_acc: 0, rrule_acc: 0, text_f1: 0, exact: 0 });
  });

  it('nothing predicted, or only nulls', () => {
    expectParity('empty', []);
    expectParity(
      'nulls',
      goldRows.map((g) => ({ id: g.id, intent: null, due: null, rrule: null, reminder_text: null })),
    );
    expectParity(
      'ids-only',
      goldRows.map((g) => ({ id: g.id })),
    );
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 42, 2026]) {
    it(`random perturbations, seed ${seed}`, () => {
      const m = expectParity(`perturbed-${seed}`, perturbed(seed));
      // The perturbations must actually hurt, or the comparison proves little.
      expect(m.due_acc).toBeLessThan(1);
      expect(m.text_f1).toBeLessThan(1);
    });
  }
});

describe('score.ts = score.py on the v2 corpus: list_period_acc (rule 20)', () => {
  const parity = (name: string, rows: object[]): Metrics => expectParity(`v2-${name}`, rows, DEV2, goldRows2);
  const asPred = (g: GoldRow, period: boolean) => ({
    id: g.id,
    intent: g.intent,
    due: g.due,
    rrule: g.rrule,
    reminder_text: g.reminder_text,
    ...(period && g.list_from !== undefined ? { list_from: g.list_from } : {}),
    ...(period && g.list_to !== undefined ? { list_to: g.list_to } : {}),
  });

  it('the corpus has list lines with and without a period', () => {
    const lists = goldRows2.filter((g) => g.intent === 'list');
    expect(lists.some((g) => g.list_from)).toBe(true);
    expect(lists.some((g) => g.list_from === undefined)).toBe(true);
  });

  it('gold as predictions: list_period_acc 1.0, added last', () => {
    const m = parity(
      'gold',
      goldRows2.map((g) => asPred(g, true)),
    );
    expect(m.list_period_acc).toBe(1);
    expect(Object.keys(m).at(-1)).toBe('list_period_acc');
  });

  it('no periods predicted: only the list lines with no period are right', () => {
    const m = parity(
      'no-periods',
      goldRows2.map((g) => asPred(g, false)),
    );
    expect(m.list_period_acc).toBeGreaterThan(0);
    expect(m.list_period_acc).toBeLessThan(1);
  });

  it('periods shifted by a day, or a period where gold has none: 0', () => {
    const rows = goldRows2.map((g) => ({
      ...asPred(g, false),
      list_from: g.list_from ? DateTime.fromISO(g.list_from).plus({ days: 1 }).toISODate() : '2026-01-01',
      list_to: g.list_to ?? '2026-01-01',
    }));
    expect(parity('shifted', rows).list_period_acc).toBe(0);
  });

  it('a corpus with no periods (parse-dev) gets no list_period_acc key', () => {
    const m = expectParity(
      'dev-with-pred-periods',
      goldRows.map((g) => ({ ...asPred(g, false), list_from: '2026-03-13', list_to: '2026-03-13' })),
    );
    expect('list_period_acc' in m).toBe(false);
  });

  it('nothing predicted', () => {
    expect(parity('empty', []).list_period_acc).toBeLessThan(1);
  });

  for (const seed of [1, 2, 3, 11, 42, 2026]) {
    it(`random perturbations, seed ${seed}`, () => {
      const m = parity(`perturbed-${seed}`, perturbed(seed, goldRows2));
      expect(m.list_period_acc).toBeLessThan(1);
    });
  }
});

describe('building blocks = score.py', () => {
  function pyBlocks(op: 'same_instant' | 'tokens' | 'f1', cases: unknown[]): unknown[] {
    const code = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(EVAL_DIR)})`,
      `from score import ${op}`,
      'cases = json.load(sys.stdin)',
      op === 'tokens' ? 'print(json.dumps([tokens(c) for c in cases]))' : `print(json.dumps([${op}(*c) for c in cases]))`,
    ].join('\n');
    return JSON.parse(python(['-c', code], JSON.stringify(cases))) as unknown[];
  }

  it('same_instant on tricky and mutated ISO strings', () => {
    const base = [
      '2026-03-13T09:00:00+03:00',
      '2026-03-13T06:00:00Z',
      '2026-03-13 09:00',
      '20260313T0900+0300',
      '2026-W11-5T09:00:00+03:00',
      '2026W115T09+03',
      '2026-03-13',
      '2026-03-13T09:00:00.123456+03:00',
      '2026-03-13T09:00:00,5-03:30',
      '2024-02-29T23:59:59+14:00',
      '2026-03-13T09:00:00+03:00:30.25',
      '2026-03-13T09:00+03:99',
      '0001-01-01T00:00:00',
      '9999-12-31T23:59:59.999999',
      '2020-W53-7T12',
    ];
    const junk = ['', 'T', 'Z', 'z', '+', '-', ':', '.', ',', 'é', '😀', '\u0000', ' ', '0', '9', 'W', 'x', '\ud800', '+03:00', '24', '60'];
    const rng = seededRandom(99);
    const strings = new Set<string>(base);
    while (strings.size < 3000) {
      let s = pick(rng, base);
      const pos = Math.floor(rng() * (s.length + 1));
      const op = rng();
      if (op < 0.4) s = s.slice(0, pos) + pick(rng, junk) + s.slice(pos);
      else if (op < 0.7) s = s.slice(0, pos) + s.slice(pos + 1);
      else s = s.slice(0, pos) + pick(rng, junk) + s.slice(pos + 1);
      strings.add(s);
    }
    const list = [...strings];
    const pairs: [string | null, string | null][] = list.map((s, i) => [s, i % 3 === 0 ? s : pick(rng, base)]);
    pairs.push([null, null], [null, base[0] as string], [base[0] as string, null]);
    const py = pyBlocks('same_instant', pairs);
    const ts = pairs.map(([a, b]) => sameInstant(a, b));
    const diff = pairs.filter((_, i) => ts[i] !== py[i]).slice(0, 10);
    expect(diff, 'pairs where same_instant differs').toEqual([]);
    expect(py.filter(Boolean).length).toBeGreaterThan(50); // enough of them parse and agree
  });

  it('tokens and f1 on random Unicode text', () => {
    const pool = [
      ...'абвгдеёжзийЁЙЪьABCxyzßİıΣσςΑ0123456789٣_-.,!?:;()"\'«»— \t\n\x1c\x1f\u0085\u00a0\u2028\ufeff\u200b\u0301\u0306\u0488',
      '😀',
      '👍🏽',
      '🇷🇺',
      '一',
      '〇',
      'Ⅻ',
      '²',
      '½',
      'ǅ',
      'ﬁ',
      '\u088f',
      '\u1c89',
      '\u{1e4d0}',
      '\u{31350}',
    ];
    const rng = seededRandom(7);
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let t = '';
      const n = Math.floor(rng() * 14);
      for (let j = 0; j < n; j++) t += pick(rng, pool);
      texts.push(t);
    }
    const pyTokens = pyBlocks('tokens', texts);
    expect(texts.filter((t, i) => JSON.stringify(tokens(t)) !== JSON.stringify(pyTokens[i])).slice(0, 10)).toEqual([]);
    const pairs = texts.map((t, i) => [t, texts[(i * 7 + 3) % texts.length] as string] as const);
    const pyF1 = pyBlocks('f1', pairs as unknown as unknown[]);
    expect(pairs.filter(([a, b], i) => f1(a, b) !== pyF1[i]).slice(0, 10)).toEqual([]);
  });
});
