import { z } from '@hono/zod-openapi';
import { CLARIFICATION_REASONS } from '@napominalka/core';
// Type only: explain.ts builds on the schemas here.
import type { ParseExplained } from './explain';

/** What the parser is asked and what it answers — shared by the worker, /v1/parse and the eval. */
export const parseRequestSchema = z
  .object({
    text: z.string().openapi({ example: 'напомни зафтра в 9 позвонить маме' }),
    timezone: z.string().min(1).max(64).openapi({ example: 'Europe/Moscow' }),
    now: z
      .string()
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Reference instant (default: the time of the request)', example: '2026-03-12T10:15:00+03:00' }),
    lang: z.enum(['ru', 'en']).optional().openapi({ description: 'Hint; detected when absent' }),
  })
  .openapi('ParseRequest');
export type ParseRequest = z.infer<typeof parseRequestSchema>;

export const INTENTS = ['create', 'list', 'cancel', 'snooze', 'timezone', 'other'] as const;
export const intentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof intentSchema>;

export const slotSchema = z.object({
  tag: z.string().openapi({ example: 'TIME' }),
  text: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

/** A calendar date in the user's zone, YYYY-MM-DD (no instant: "tomorrow" is a day wherever DST moves the clock). */
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const parseResultSchema = z
  .object({
    intent: intentSchema,
    due: z.string().nullable().openapi({ description: 'ISO 8601 in the user zone', example: '2026-03-13T09:00:00+03:00' }),
    rrule: z.string().nullable().openapi({ example: 'FREQ=WEEKLY;BYDAY=MO' }),
    text: z.string().nullable().openapi({ description: 'The reminder text', example: 'позвонить маме' }),
    timezone: z.string().nullable().openapi({ description: 'For intent timezone: the IANA zone named' }),
    listFrom: localDate.nullable().openapi({
      description:
        'For intent list: the first day of the period the request names (CONVENTIONS rule 20), a local date in the user zone, inclusive; null when it names none or the intent is not list. The eval corpora call it list_from.',
      example: '2026-03-13',
    }),
    listTo: localDate.nullable().openapi({
      description:
        'For intent list: the last day of the period, inclusive (the same day as listFrom for one day); null with listFrom. The eval corpora call it list_to.',
      example: '2026-03-13',
    }),
    slots: z.array(slotSchema),
    confidence: z.object({ intent: z.number(), slots: z.number() }),
    lang: z.enum(['ru', 'en', 'mixed']),
    corrections: z.array(z.object({ from: z.string(), to: z.string() })),
    modelVersion: z.string(),
    parser: z.enum(['model', 'llm', 'rules']),
    latencyMs: z.number(),
    /** Set when the parser could not settle the message: the bot asks the user. */
    clarification: z
      .object({ reason: z.enum(CLARIFICATION_REASONS).openapi({ description: 'Why the bot asks (a code)' }), options: z.array(z.string()) })
      .nullable(),
  })
  .openapi('ParseResult');
export type ParseResult = z.infer<typeof parseResultSchema>;

/** Anything that parses: the pipeline in production, other parsers in the eval. */
export interface ReminderParser {
  readonly version: string;
  parse(req: ParseRequest & { now: string }): Promise<ParseResult>;
  /** The parse with how it was reached (explain.ts), when the parser can say. */
  parseExplained?(req: ParseRequest & { now: string }): Promise<ParseExplained>;
}
