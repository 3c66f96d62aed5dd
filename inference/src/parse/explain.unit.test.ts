import { beforeAll, describe, expect, it } from 'vitest';
import type { LlmClient } from '../llm/llm-client';
import { ModelHolder } from '../model/model-holder';
import type { OnnxModel } from '../model/onnx-model';
import { readRegistry } from '../model/registry';
import { parseExplainedSchema, type Step } from './explain';
import { ParsePipeline } from './pipeline';
import { parseResultSchema } from './result';

const NOW = '2026-03-12T10:15:00+03:00';
const req = (text: string) => ({ text, timezone: 'Europe/Moscow', now: NOW });
const kinds = (steps: Step[]) => steps.map((s) => s.kind);

/** A model that tags every token TEXT and is unsure of the intent: the grammar's expressions are refused. */
const unsureModel = {
  version: 'stub-1',
  card: { labels: { intents: ['create', 'other'], tags: ['O', 'TEXT', 'TIME'] } },
  run: async (ids: number[][]) => ({ intent: [0.55, 0.45], tags: ids.map(() => [0.2, 0.7, 0.1]) }),
} as unknown as OnnxModel;
const downLlm = { parse: async () => Promise.reject(new Error('down')) } as unknown as LlmClient;

describe('the explained parse', () => {
  let pipeline: ParsePipeline;
  beforeAll(async () => {
    const holder = await ModelHolder.load(readRegistry().current);
    pipeline = new ParsePipeline({ model: () => holder.current, llm: null, threshold: 0.6 });
  });

  it('says how "напомни зафтра в 9 позвонить маме" was read (the shipped model)', async () => {
    const r = parseExplainedSchema.parse(await pipeline.parseExplained(req('напомни зафтра в 9 позвонить маме')));
    const { tokens, steps } = r.explain;
    expect(tokens.map((t) => [t.text, t.tag])).toEqual([
      ['напомни', 'TRIGGER'],
      ['зафтра', 'TIME'],
      ['в', 'TIME'],
      ['9', 'TIME'],
      ['позвонить', 'TEXT'],
      ['маме', 'TEXT'],
    ]);
    expect(tokens[1]).toMatchObject({ start: 8, end: 14, normalized: 'завтра' });
    for (const t of tokens) expect(t.confidence).toBeGreaterThan(0.5);
    expect(kinds(steps)).toEqual(['correction', 'tagger', 'expression', 'expression', 'resolved', 'text', 'llm-not-asked']);
    expect(steps[0]).toEqual({ kind: 'correction', token: 1, from: 'зафтра', to: 'завтра' });
    expect(steps[2]).toMatchObject({
      meaning: 'dayWord',
      matcher: 'matchDayWord',
      start: 1,
      end: 2,
      accepted: true,
      reason: 'model-tagged-time',
      timeShare: 1,
    });
    expect(steps[3]).toMatchObject({ meaning: 'clock', matcher: 'matchClock', text: 'в 9', accepted: true });
    expect(steps[4]).toEqual({ kind: 'resolved', due: '2026-03-13T09:00:00+03:00', rrule: null });
    expect(steps[5]).toEqual({ kind: 'text', text: 'позвонить маме', reclaimed: [] });
    expect(steps[6]).toEqual({ kind: 'llm-not-asked', why: 'confident', threshold: 0.6 });
  });

  it('is the plain parse plus explain', async () => {
    const text = 'каждый понедельник в 9 планёрка';
    const plain = await pipeline.parse(req(text));
    const explained = await pipeline.parseExplained(req(text));
    expect(parseResultSchema.strict().safeParse(plain).success).toBe(true);
    expect({ ...explained, explain: undefined, latencyMs: 0 }).toEqual({ ...plain, explain: undefined, latencyMs: 0 });
    expect(explained.explain.steps).toContainEqual({ kind: 'resolved', due: '2026-03-16T09:00:00+03:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
  });

  it('names rejected expressions, an unresolved time and a failed LLM', async () => {
    const p = new ParsePipeline({ model: () => unsureModel, llm: downLlm, threshold: 0.6 });
    const { steps, tokens } = (await p.parseExplained(req('напомни завтра позвонить'))).explain;
    expect(tokens.every((t) => t.tag === 'TEXT' && t.confidence === 0.7)).toBe(true);
    expect(steps).toContainEqual(
      expect.objectContaining({ kind: 'expression', meaning: 'dayWord', accepted: false, reason: 'model-tagged-not-time', timeShare: 0 }),
    );
    expect(steps).toContainEqual({ kind: 'unresolved', reason: 'no-time-named', message: 'no time named', rrule: null });
    expect(steps.at(-1)).toEqual({ kind: 'llm-asked', answered: false, confidence: null, threshold: 0.6 });
  });

  it('without a model: the rules tag, with no confidence, and every expression counts', async () => {
    const p = new ParsePipeline({ model: () => null, threshold: 0.6 });
    const { steps, tokens } = (await p.parseExplained(req('список напоминаний'))).explain;
    expect(tokens.map((t) => t.confidence)).toEqual([null, null]);
    expect(steps).toContainEqual({ kind: 'tagger', source: 'rules', intent: 'list', confidence: 0.5 });
    expect(steps).toContainEqual({ kind: 'resolve-skipped', intent: 'list' });
    expect(steps.at(-1)).toEqual({ kind: 'llm-not-asked', why: 'not-configured', threshold: 0.6 });
    const rules = (await p.parseExplained(req('завтра в 9'))).explain.steps;
    expect(rules.filter((s) => s.kind === 'expression').every((s) => s.accepted && s.reason === 'rules-only' && s.timeShare === null)).toBe(true);
  });
});
