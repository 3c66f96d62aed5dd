import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadGold } from './corpus';
import { parsers } from './parser-registry';
import { runParser } from './run-eval';

/**
 * The challenge corpus (corpora/challenge.jsonl): labelled by hand from CONVENTIONS.md, written
 * independently of the dev corpus and of the grammar, with other phrasings, zones, DST crossings,
 * month ends and a leap year. The production pipeline (the registry's current model, no LLM) must
 * generalise to it, not only to the corpus its grammar was checked against.
 */
const CORPUS = fileURLToPath(new URL('./corpora/challenge.jsonl', import.meta.url));

describe('challenge corpus (corpora/challenge.jsonl)', () => {
  if (!existsSync(CORPUS)) throw new Error(`the challenge corpus is missing at ${CORPUS}`);
  const gold = loadGold(CORPUS);

  it('is a real corpus: both languages, every intent', () => {
    expect(gold.length).toBeGreaterThanOrEqual(250);
    expect(new Set(gold.map((g) => g.lang))).toEqual(new Set(['ru', 'en']));
    expect(new Set(gold.map((g) => g.intent))).toEqual(new Set(['create', 'list', 'cancel', 'snooze', 'timezone', 'other']));
  });

  it('the production pipeline scores intent ≥ 0.97, due ≥ 0.95, rrule ≥ 0.95, text F1 ≥ 0.90', async () => {
    const parser = await parsers.napominalka!();
    const run = await runParser(parser, gold, false);
    expect(run.errors).toEqual([]);
    const m = run.result.metrics;
    const misses = run.predictions
      .map((p, i) => ({ p, g: gold[i]! }))
      .filter(({ p, g }) => p.intent !== g.intent || ((g.intent === 'create' || g.intent === 'snooze') && p.due !== g.due))
      .map(({ p, g }) => `${g.id} ${g.text} → ${p.intent} ${p.due}`);
    const report = `${JSON.stringify(m)}\n${misses.join('\n')}`;
    expect(m.intent_acc, report).toBeGreaterThanOrEqual(0.97);
    expect(m.due_acc, report).toBeGreaterThanOrEqual(0.95);
    expect(m.rrule_acc, report).toBeGreaterThanOrEqual(0.95);
    expect(m.text_f1, report).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
