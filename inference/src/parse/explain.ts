import { z } from '@hono/zod-openapi';
import type { Featurized } from '../text/featurize';
import type { Expression, MeaningKind } from '../time/expression';
import type { Resolution } from '../time/resolve';
import { CLARIFICATION_REASONS, type ResolveFailure } from '@napominalka/core';
import { intentSchema, parseResultSchema } from './result';
import { timeShare } from './time-share';

/**
 * What /v1/parse?explain=1 adds to a parse, for the UI's playground: the tokens with their tags
 * and confidences, and the resolver's steps in order. Never part of the worker's ParseResult
 * (events stay as they are): the pipeline records references while parsing (a Trace) and only
 * the explained call turns them into this.
 */

const tokenSchema = z.object({
  text: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  tag: z.string().openapi({ example: 'TIME' }),
  /** The model's probability of the tag; null when the rules tagged (no model). */
  confidence: z.number().nullable(),
  /** The word the grammar reads when it differs from the token (lower-cased, typo-corrected). */
  normalized: z.string().optional(),
});

const MEANING_KINDS = [
  'offset',
  'clock',
  'partOfDay',
  'dayWord',
  'weekday',
  'date',
  'recurrence',
  'zone',
  'week',
  'weekend',
  'before',
  'night',
  'until',
  'count',
  'vague',
] as const satisfies readonly MeaningKind[];

/** The matcher (time/match-*.ts) that reads a meaning, where its name is not match + the kind. */
const MATCHER_OF: Partial<Record<MeaningKind, string>> = { until: 'matchRecurrenceEnd', count: 'matchRecurrenceEnd' };

/** Why an expression of the grammar counts (or not) as the message's time. */
export const EXPRESSION_REASONS = ['rules-only', 'model-tagged-time', 'model-tagged-not-time'] as const;

/** The resolver's reasons for no due: the codes it returns (core's clarification reasons but low confidence). */
export const RESOLVE_FAILURES = CLARIFICATION_REASONS.filter((r): r is ResolveFailure => r !== 'low-confidence') as [ResolveFailure, ...ResolveFailure[]];

export const stepSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('correction'), token: z.number().int(), from: z.string(), to: z.string() }),
    z.object({ kind: z.literal('tagger'), source: z.enum(['model', 'rules']), intent: intentSchema, confidence: z.number() }),
    z.object({
      kind: z.literal('expression'),
      meaning: z.enum(MEANING_KINDS),
      /** The grammar's matcher that read it (inference/src/time/match-*.ts). */
      matcher: z.string().openapi({ example: 'matchClock' }),
      /** Token span [start, end). */
      start: z.number().int(),
      end: z.number().int(),
      text: z.string(),
      accepted: z.boolean(),
      reason: z.enum(EXPRESSION_REASONS),
      /** Share of its tokens the model tagged TIME or ZONE; null without a model. */
      timeShare: z.number().nullable(),
    }),
    /** The intent needs no time (list, cancel, …): the resolver is not run. */
    z.object({ kind: z.literal('resolve-skipped'), intent: intentSchema }),
    z.object({ kind: z.literal('resolved'), due: z.string(), rrule: z.string().nullable() }),
    z.object({ kind: z.literal('unresolved'), reason: z.enum(RESOLVE_FAILURES), message: z.string(), rrule: z.string().nullable() }),
    z.object({ kind: z.literal('text'), text: z.string().nullable(), reclaimed: z.array(z.number().int()) }),
    /** Below the threshold the LLM was asked: its confidence when it answered, null when it failed. */
    z.object({ kind: z.literal('llm-asked'), answered: z.boolean(), confidence: z.number().nullable(), threshold: z.number() }),
    z.object({ kind: z.literal('llm-not-asked'), why: z.enum(['confident', 'not-configured', 'empty-text']), threshold: z.number() }),
  ])
  .openapi('ParseStep');
export type Step = z.infer<typeof stepSchema>;

export const explainSchema = z.object({ tokens: z.array(tokenSchema), steps: z.array(stepSchema) }).openapi('ParseExplanation');
export type Explanation = z.infer<typeof explainSchema>;

export const parseExplainedSchema = parseResultSchema.extend({ explain: explainSchema }).openapi('ParseExplained');
export type ParseExplained = z.infer<typeof parseExplainedSchema>;

export type Tag = 'O' | 'TRIGGER' | 'FILLER' | 'TIME' | 'ZONE' | 'TEXT';
type Intent = z.infer<typeof intentSchema>;

/** What the pipeline already computed, kept by reference (no copies, no extra work on the normal path). */
export interface Trace {
  f: Featurized;
  source: 'model' | 'rules';
  intent: Intent;
  intentConfidence: number;
  tags: readonly Tag[];
  /** The model's per-token tag probabilities; null for the rules. */
  probs: readonly number[][] | null;
  exprs: readonly Expression[];
  accepted: readonly Expression[];
  /** Null when the intent needs no time. */
  resolution: Resolution | null;
  textTags: readonly Tag[];
  text: string | null;
  llm: { outcome: 'answered' | 'failed'; confidence: number | null } | { outcome: 'not-asked'; why: 'confident' | 'not-configured' | 'empty-text' };
  threshold: number;
}

export function explain(t: Trace): Explanation {
  const { f } = t;
  const tokens = f.tokens.map((tok, i) => {
    const p = t.probs?.[i];
    const word = f.words[i]!;
    return {
      text: tok.text,
      start: tok.start,
      end: tok.end,
      tag: t.tags[i] ?? 'O',
      confidence: p ? Math.max(...p) : null,
      ...(word !== tok.text ? { normalized: word } : {}),
    };
  });
  const steps: Step[] = [
    ...f.corrections.map((c): Step => ({ kind: 'correction', token: c.token, from: c.from, to: c.to })),
    { kind: 'tagger', source: t.source, intent: t.intent, confidence: t.intentConfidence },
    ...t.exprs.map((x) => expressionStep(t, x)),
    resolveStep(t),
    { kind: 'text', text: t.text, reclaimed: t.tags.flatMap((tag, i) => (tag !== 'TEXT' && t.textTags[i] === 'TEXT' ? [i] : [])) },
    t.llm.outcome === 'not-asked'
      ? { kind: 'llm-not-asked', why: t.llm.why, threshold: t.threshold }
      : { kind: 'llm-asked', answered: t.llm.outcome === 'answered', confidence: t.llm.confidence, threshold: t.threshold },
  ];
  return { tokens, steps };
}

function expressionStep(t: Trace, x: Expression): Step {
  const { tokens, normalized } = t.f;
  const share = t.probs ? timeShare(t.tags, x, t.f.words) : null;
  const accepted = t.accepted.includes(x);
  return {
    kind: 'expression',
    meaning: x.meaning.kind,
    matcher: MATCHER_OF[x.meaning.kind] ?? `match${x.meaning.kind[0]!.toUpperCase()}${x.meaning.kind.slice(1)}`,
    start: x.start,
    end: x.end,
    text: normalized.display.slice(tokens[x.start]!.start, tokens[x.end - 1]!.end),
    accepted,
    reason: share === null ? 'rules-only' : accepted ? 'model-tagged-time' : 'model-tagged-not-time',
    timeShare: share,
  };
}

function resolveStep(t: Trace): Step {
  const r = t.resolution;
  if (!r) return { kind: 'resolve-skipped', intent: t.intent };
  if (r.due !== null) return { kind: 'resolved', due: r.due, rrule: r.rrule };
  const reason = r.reason ?? 'no-time-named';
  return { kind: 'unresolved', reason, message: reason.replaceAll('-', ' '), rrule: r.rrule };
}
