import { z } from 'zod';

/**
 * The inference API's `explain` (POST /v1/parse?explain=1), re-declared: the UI does not import
 * from inference/. Read leniently — a step of a kind this UI does not know yet is shown by its
 * kind, and an explanation that does not read at all is "unavailable", never a failed page.
 */
const tokenSchema = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  tag: z.string(),
  confidence: z.number().nullable(),
  normalized: z.string().optional(),
});

const knownStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('correction'), token: z.number(), from: z.string(), to: z.string() }),
  z.object({ kind: z.literal('tagger'), source: z.string(), intent: z.string(), confidence: z.number() }),
  z.object({
    kind: z.literal('expression'),
    meaning: z.string(),
    matcher: z.string(),
    start: z.number(),
    end: z.number(),
    text: z.string(),
    accepted: z.boolean(),
    reason: z.string(),
    timeShare: z.number().nullable(),
  }),
  z.object({ kind: z.literal('resolve-skipped'), intent: z.string() }),
  z.object({ kind: z.literal('resolved'), due: z.string(), rrule: z.string().nullable() }),
  z.object({ kind: z.literal('unresolved'), reason: z.string(), message: z.string(), rrule: z.string().nullable() }),
  z.object({ kind: z.literal('text'), text: z.string().nullable(), reclaimed: z.array(z.number()) }),
  z.object({ kind: z.literal('llm-asked'), answered: z.boolean(), confidence: z.number().nullable(), threshold: z.number() }),
  z.object({ kind: z.literal('llm-not-asked'), why: z.string(), threshold: z.number() }),
]);
const unknownStepSchema = z.object({ kind: z.string() }).transform((s) => ({ kind: 'unknown' as const, name: s.kind }));

export const explanationSchema = z.object({ tokens: z.array(tokenSchema), steps: z.array(z.union([knownStepSchema, unknownStepSchema])) });
export type Explanation = z.infer<typeof explanationSchema>;
export type ExplainStep = Explanation['steps'][number];
export type ExplainToken = Explanation['tokens'][number];

export function readExplanation(raw: unknown): Explanation | null {
  const r = explanationSchema.safeParse(raw);
  return r.success ? r.data : null;
}
