import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { featurize } from '../text/featurize';
import { findTimeExpressions } from './grammar';
import { resolve } from './resolve';
import { uncovered } from './spans';
import { loadGold } from '../eval/corpus';
import { f1, sameInstant, sameRrule } from '../eval/score';

/**
 * The labelled dev corpus (../shared/eval/parse-dev.jsonl from the repository root), scored as
 * score.py scores due and rrule, over the gold create/snooze lines with the gold intent. Also
 * reports how well the expression spans cut out: the message minus the expressions, the trigger
 * and the edge fillers, against the gold reminder text (token F1, as score.py).
 */

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DEV = `${REPO}../shared/eval/parse-dev.jsonl`;

// ---------------------------------------------------------------- the text left over

const TRIGGERS = [
  ['напомни', 'мне'],
  ['напомните', 'мне'],
  ['напомни'],
  ['напомните'],
  ['не', 'забыть'],
  ['не', 'забудь'],
  ['remind', 'me'],
  ['reminder', ':'],
  ['reminder'],
];
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
  for (let before = -1; before !== keep.length;) {
    before = keep.length;
    while (keep.length && FILLERS.has(f.words[keep[0]!]!)) keep = keep.slice(1);
    while (keep.length && FILLERS.has(f.words[keep.at(-1)!]!)) keep = keep.slice(0, -1);
    const c = CONNECTORS.find((p) => at(0, p));
    if (c) keep = keep.slice(c.length);
  }
  return keep.map((i) => f.tokens[i]!.text).join(' ');
}

// ---------------------------------------------------------------- the run

describe('dev corpus (parse-dev.jsonl)', () => {
  // A missing corpus is a broken checkout, not a reason to skip.
  if (!existsSync(DEV)) throw new Error(`the dev corpus is missing at ${DEV} (shared/ must sit beside the repository)`);
  const gold = loadGold(DEV);
  const scored = gold.filter((g) => g.intent === 'create' || g.intent === 'snooze');

  const results = scored.map((g) => {
    const f = featurize(g.text);
    const r = resolve(findTimeExpressions(f.words, f.normalized.lang), { now: g.now, timezone: g.tz, intent: g.intent });
    return { g, r, due: sameInstant(g.due, r.due), rrule: g.intent !== 'create' || sameRrule(g.rrule, r.rrule) };
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
    const misses = results
      .filter((x) => !x.due || !x.rrule)
      .map((x) => `  MISS ${x.g.id} "${x.g.text}" gold ${x.g.due} ${x.g.rrule} got ${x.r.due} ${x.r.rrule} ${x.r.reason ?? ''}`);
    console.log(
      [
        `time grammar on ${results.length} dev lines: due_acc ${dueAcc.toFixed(3)}, rrule_acc ${rruleAcc.toFixed(3)} (n=${creates.length})`,
        ...lines,
        ...misses,
      ].join('\n'),
    );
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
