import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import { findTimeExpressions } from './grammar';
import { resolve } from './resolve';
import { uncovered } from './spans';

/**
 * The labelled dev corpus (../shared/eval/parse-dev.jsonl from the repository root), scored as
 * score.py scores due and rrule, over the gold create/snooze lines with the gold intent. Also
 * reports how well the expression spans cut out: the message minus the expressions, the trigger
 * and the edge fillers, against the gold reminder text (token F1, as score.py).
 */

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DEV = `${REPO}../shared/eval/parse-dev.jsonl`;

interface Gold {
  id: string;
  tz: string;
  now: string;
  text: string;
  intent: string;
  due: string | null;
  rrule: string | null;
  reminder_text: string | null;
  tags: string[];
}

const sameInstant = (a: string | null, b: string | null): boolean =>
  a === null || b === null ? a === b : DateTime.fromISO(a).toMillis() === DateTime.fromISO(b).toMillis();

function rruleSet(r: string | null): Record<string, string> | null {
  if (!r) return null;
  const kv: Record<string, string> = {};
  for (const part of r.toUpperCase().replace(/^RRULE:/, '').split(';')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) kv[k] = k === 'BYDAY' ? v.split(',').sort().join(',') : v;
  }
  if (kv.INTERVAL === '1') delete kv.INTERVAL;
  return kv;
}

const sameRRule = (a: string | null, b: string | null): boolean => JSON.stringify(rruleSet(a)) === JSON.stringify(rruleSet(b));

// ---------------------------------------------------------------- the text left over

const TRIGGERS = [['напомни', 'мне'], ['напомните', 'мне'], ['напомни'], ['напомните'], ['не', 'забыть'], ['не', 'забудь'], ['remind', 'me'], ['reminder', ':'], ['reminder']];
const CONNECTORS = [['о', 'том', 'что'], ['что', 'надо'], ['что'], ['про'], ['to'], ['about'], ['that']];
const FILLERS = new Set(['пожалуйста', 'плз', 'пж', 'ну', 'короче', 'слушай', 'эй', 'ок', 'please', 'hey', 'ok', 'so', ',', '.', '!', '?', ':', '-']);

function leftover(text: string, lang: 'ru' | 'en' | 'mixed' | null = null): string {
  const f = featurize(text);
  const found = findTimeExpressions(f.words, lang ?? f.normalized.lang);
  let keep = uncovered(f.words.length, found);
  const at = (k: number, phrase: string[]) => phrase.every((p, j) => f.words[keep[k + j]!] === p);
  for (const t of TRIGGERS) {
    const k = keep.findIndex((_, k) => at(k, t));
    if (k >= 0) {
      keep = [...keep.slice(0, k), ...keep.slice(k + t.length)];
      break;
    }
  }
  for (let before = -1; before !== keep.length; ) {
    before = keep.length;
    while (keep.length && FILLERS.has(f.words[keep[0]!]!)) keep = keep.slice(1);
    while (keep.length && FILLERS.has(f.words[keep.at(-1)!]!)) keep = keep.slice(0, -1);
    const c = CONNECTORS.find((p) => at(0, p));
    if (c) keep = keep.slice(c.length);
  }
  return keep.map((i) => f.tokens[i]!.text).join(' ');
}

const tokens = (s: string | null): string[] => (s ?? '').toLowerCase().replaceAll('ё', 'е').replace(/[^\p{L}\p{N}_\s]/gu, ' ').split(/\s+/).filter(Boolean);

function f1(gold: string | null, pred: string | null): number {
  const g = tokens(gold);
  const p = tokens(pred);
  if (!g.length && !p.length) return 1;
  const common = [...new Set(g)].reduce((n, t) => n + Math.min(g.filter((x) => x === t).length, p.filter((x) => x === t).length), 0);
  if (!common) return 0;
  const prec = common / p.length;
  const rec = common / g.length;
  return (2 * prec * rec) / (prec + rec);
}

// ---------------------------------------------------------------- the run

describe.skipIf(!existsSync(DEV))('dev corpus (parse-dev.jsonl)', () => {
  const gold: Gold[] = existsSync(DEV) ? readFileSync(DEV, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Gold) : [];
  const scored = gold.filter((g) => g.intent === 'create' || g.intent === 'snooze');

  const results = scored.map((g) => {
    const f = featurize(g.text);
    const r = resolve(findTimeExpressions(f.words, f.normalized.lang), { now: g.now, timezone: g.tz, intent: g.intent });
    return { g, r, due: sameInstant(g.due, r.due), rrule: g.intent !== 'create' || sameRRule(g.rrule, r.rrule) };
  });

  it('due and rrule as gold (≥ 0.95 each)', () => {
    const tags = new Map<string, [number, number]>();
    for (const { g, due } of results) {
      for (const t of g.tags) {
        const a = tags.get(t) ?? [0, 0];
        tags.set(t, [a[0] + Number(due), a[1] + 1]);
      }
    }
    const creates = results.filter((x) => x.g.intent === 'create');
    const dueAcc = results.filter((x) => x.due).length / results.length;
    const rruleAcc = creates.filter((x) => x.rrule).length / creates.length;
    const lines = [...tags].sort(([a], [b]) => a.localeCompare(b)).map(([t, [ok, n]]) => `  ${t.padEnd(22)} due_acc ${(ok / n).toFixed(3)} (n=${n})`);
    const misses = results.filter((x) => !x.due || !x.rrule).map((x) => `  MISS ${x.g.id} "${x.g.text}" gold ${x.g.due} ${x.g.rrule} got ${x.r.due} ${x.r.rrule} ${x.r.reason ?? ''}`);
    console.log([`time grammar on ${results.length} dev lines: due_acc ${dueAcc.toFixed(3)}, rrule_acc ${rruleAcc.toFixed(3)} (n=${creates.length})`, ...lines, ...misses].join('\n'));
    expect(dueAcc).toBeGreaterThanOrEqual(0.95);
    expect(rruleAcc).toBeGreaterThanOrEqual(0.95);
  });

  it('reports how well the spans cut out (no threshold)', () => {
    const withText = gold.filter((g) => g.intent === 'create' && g.reminder_text);
    const rows = withText.map((g) => ({ g, left: leftover(g.text), f1: f1(g.reminder_text, leftover(g.text)) }));
    const mean = rows.reduce((s, r) => s + r.f1, 0) / rows.length;
    const exact = rows.filter((r) => r.f1 === 1).length / rows.length;
    const off = rows.filter((r) => r.f1 < 1).map((r) => `  CUT ${r.g.id} gold "${r.g.reminder_text}" left "${r.left}" f1 ${r.f1.toFixed(2)}`);
    console.log([`spans cut on ${rows.length} dev lines: token F1 ${mean.toFixed(3)}, exact ${exact.toFixed(3)}`, ...off].join('\n'));
    expect(rows.length).toBeGreaterThan(0);
  });
});
