import { z } from 'zod';

/**
 * A labelled example from production, in the corpus format of shared/eval/CONVENTIONS.md
 * (id, lang, tz, now, text, intent, due, rrule, reminder_text, tags) plus where it came from.
 * `spans` are the production parse's slots (offsets into the parser's normalised text) and `fix`
 * what the user's correction says differs: the training-row builder
 * (inference/src/feedback/training-rows.ts) turns both into token tags.
 */
export const LABEL_SOURCES = ['correction', 'edit', 'confirmed', 'suspected'] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** How strongly a source says the label is right (a training-set duplicate keeps the strongest). */
export const SOURCE_STRENGTH: Record<LabelSource, number> = { correction: 3, edit: 2, confirmed: 1, suspected: 0 };

export const spanSchema = z.object({ tag: z.string(), start: z.number().int().min(0), end: z.number().int().min(0) });

export const feedbackLabelSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['ru', 'en']),
  tz: z.string().min(1),
  now: z.string(),
  text: z.string(),
  intent: z.literal('create'),
  due: z.string(),
  rrule: z.string().nullable(),
  reminder_text: z.string(),
  tags: z.array(z.string()),
  source: z.enum(LABEL_SOURCES),
  /** A suspected error is kept apart: never a label, never training data. */
  use: z.enum(['label', 'suspected']),
  day: z.string(),
  chat_id: z.number().int(),
  model_version: z.string(),
  /** Every event the label was read from: the message, its parse, the reminder, the correction. */
  event_ids: z.array(z.string()),
  spans: z.array(spanSchema),
  fix: z.object({ text: z.string().optional(), time: z.array(z.string()).optional() }).nullable(),
});
export type FeedbackLabel = z.infer<typeof feedbackLabelSchema>;

/** Why a reminder with an outcome that day gave no label (counted in the materialization). */
export type SkipReason = 'no-source-message' | 'not-text' | 'other-feedback' | 'no-outcome';
