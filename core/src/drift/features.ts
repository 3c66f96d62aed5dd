import { z } from 'zod';

/**
 * The features the daily drift report compares, defined once: their catalogue, how one parsed
 * message becomes a row of them, and the file that holds a model's training profile (the same
 * columns computed over its synthetic training data). Pure: zod and the built-in Intl only, so the
 * ETL, the training CLI and the UI can all load it.
 */

export type DriftFeatureKind = 'numeric' | 'categorical';

export interface DriftFeature {
  readonly name: string;
  readonly kind: DriftFeatureKind;
  readonly description: string;
  /** Part of a model's training profile (the synthetic data has no clock and no chat zone). */
  readonly inProfile: boolean;
  /** One observation per message, or one per slot of the message (so its column has its own length). */
  readonly per: 'message' | 'slot';
}

export const DRIFT_FEATURES = [
  { name: 'lang', kind: 'categorical', per: 'message', inProfile: true, description: 'Language the parser detected (MessageParsed.lang: ru, en, mixed)' },
  { name: 'intent', kind: 'categorical', per: 'message', inProfile: true, description: 'Intent the parser chose (MessageParsed.intent)' },
  {
    name: 'text_chars',
    kind: 'numeric',
    per: 'message',
    inProfile: true,
    description: "Unicode code points of the user's message (MessageReceived.text); ClickHouse: lengthUTF8(text)",
  },
  {
    name: 'text_tokens',
    kind: 'numeric',
    per: 'message',
    inProfile: true,
    description: "Words of the user's message split at ASCII whitespace (tab, LF, VT, FF, CR, space); ClickHouse: length(splitByWhitespace(text))",
  },
  {
    name: 'intent_confidence',
    kind: 'numeric',
    per: 'message',
    inProfile: true,
    description: 'Confidence of the intent (MessageParsed.confidence.intent), 4 decimals',
  },
  {
    name: 'slot_confidence',
    kind: 'numeric',
    per: 'message',
    inProfile: true,
    description: 'Lowest confidence of a token tag (MessageParsed.confidence.slots), 4 decimals',
  },
  {
    name: 'slot_tags',
    kind: 'categorical',
    per: 'slot',
    inProfile: true,
    description: 'The tag of each slot (the mix of slot tags): one observation per slot',
  },
  { name: 'corrections', kind: 'numeric', per: 'message', inProfile: true, description: 'Typo corrections the parser made (MessageParsed.corrections)' },
  { name: 'parser', kind: 'categorical', per: 'message', inProfile: true, description: 'What answered: model, llm or rules (MessageParsed.parser)' },
  { name: 'local_hour', kind: 'numeric', per: 'message', inProfile: false, description: "Hour 0–23 of the message on the chat's wall clock" },
  { name: 'zone', kind: 'categorical', per: 'message', inProfile: false, description: "The chat's IANA zone" },
] as const satisfies readonly DriftFeature[];

export type DriftFeatureName = (typeof DRIFT_FEATURES)[number]['name'];
export type ProfileFeatureName = Extract<(typeof DRIFT_FEATURES)[number], { inProfile: true }>['name'];

/** One message's features; `local_hour` and `zone` are null when the message's instant or zone is unknown. */
export interface DriftFeatureRow {
  lang: string;
  intent: string;
  text_chars: number;
  text_tokens: number;
  intent_confidence: number;
  slot_confidence: number;
  slot_tags: string[];
  corrections: number;
  parser: string;
  local_hour: number | null;
  zone: string | null;
}

/** What {@link driftFeaturesOf} reads: the message text and the parse (a MessageParsed or a ParseResult). */
export interface DriftInput {
  text: string;
  parsed: {
    lang: string;
    intent: string;
    confidence: { intent: number; slots: number };
    slots: readonly { tag: string }[];
    corrections: readonly unknown[];
    parser: string;
  };
  occurredAt?: Date;
  zone?: string;
}

/**
 * ClickHouse's splitByWhitespace splits at ASCII whitespace only (checked on the embedded engine:
 * U+00A0, U+2000–U+200A, U+3000, ... stay inside a word), while JavaScript's `\s` and `trim()`
 * also take Unicode spaces. Both sides use the ASCII rule, so a day counted in SQL and a profile
 * counted here agree on every text — no-break spaces from phone keyboards included.
 */
const ASCII_WHITESPACE = /[\t\n\v\f\r ]+/;

export const textTokens = (text: string): number => text.split(ASCII_WHITESPACE).filter((w) => w.length > 0).length;

/** Code points, as ClickHouse's lengthUTF8 counts them (a lone surrogate is stored as one U+FFFD). */
export const textChars = (text: string): number => [...text].length;

/**
 * Confidences are softmax outputs of a float32 model: 0.99999994 and 1 are one value to anyone
 * reading a histogram, and near 1 (where most parses sit) unrounded values are all distinct, which
 * hides the ties rank tests must see. Four decimals keep every bin edge of the report exact and the
 * profile file small.
 */
export const roundConfidence = (x: number): number => Math.round(x * 1e4) / 1e4;

export function driftFeaturesOf(input: DriftInput): DriftFeatureRow {
  const p = input.parsed;
  const zone = input.zone ?? null;
  return {
    lang: p.lang,
    intent: p.intent,
    text_chars: textChars(input.text),
    text_tokens: textTokens(input.text),
    intent_confidence: roundConfidence(p.confidence.intent),
    slot_confidence: roundConfidence(p.confidence.slots),
    slot_tags: p.slots.map((s) => s.tag),
    corrections: p.corrections.length,
    parser: p.parser,
    local_hour: input.occurredAt && zone ? localHour(input.occurredAt, zone) : null,
    zone,
  };
}

// A formatter per zone (building one costs far more than formatting); zones are a few hundred names.
const hourFormats = new Map<string, Intl.DateTimeFormat | null>();
const MAX_CACHED_ZONES = 1024;

/** The hour 0–23 `at` shows in `zone`; null for an invalid instant or a zone Intl does not know. */
export function localHour(at: Date, zone: string): number | null {
  let format = hourFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
    } catch {
      format = null;
    }
    if (hourFormats.size >= MAX_CACHED_ZONES) hourFormats.clear();
    hourFormats.set(zone, format);
  }
  if (format === null || Number.isNaN(at.getTime())) return null;
  const hour = Number(format.formatToParts(at).find((x) => x.type === 'hour')?.value);
  return Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : null;
}

// ---------------------------------------------------------------------------------------------
// The training profile: inference/models/<version>/profile.json

const count = z.array(z.number().int().min(0));
const share = z.array(z.number().min(0).max(1));
const labels = z.array(z.string());

/** The columns of a profile: every feature with `inProfile`, values in message order. */
const profileColumnsSchema = z
  .object({
    lang: labels,
    intent: labels,
    text_chars: count,
    text_tokens: count,
    intent_confidence: share,
    slot_confidence: share,
    slot_tags: labels,
    corrections: count,
    parser: labels,
  } satisfies Record<ProfileFeatureName, z.ZodTypeAny>)
  .strict();

export const driftProfileSchema = z
  .object({
    format: z.literal(1),
    modelVersion: z.string().min(1),
    createdAt: z.string().datetime({ offset: true }),
    source: z.object({
      kind: z.literal('synthetic-training'),
      seed: z.number().int(),
      /** Examples asked of the generator; `rows` counts those of its training split. */
      n: z.number().int().positive(),
      generator: z.string().min(1),
    }),
    /** How the texts were parsed (optional: reproducibility only). */
    parse: z.object({ now: z.string().datetime({ offset: true }), zone: z.string().min(1) }).optional(),
    /** Messages profiled: the length of every per-message column. */
    rows: z.number().int().min(0),
    columns: profileColumnsSchema,
  })
  .superRefine((p, ctx) => {
    for (const f of DRIFT_FEATURES) {
      if (!f.inProfile || f.per !== 'message') continue;
      const got = p.columns[f.name].length;
      if (got !== p.rows) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['columns', f.name], message: `has ${got} values, rows is ${p.rows}` });
    }
  });

export type DriftProfile = z.infer<typeof driftProfileSchema>;
export type DriftProfileColumns = DriftProfile['columns'];

/** The profile's columns of some rows: per-message features in row order, slot tags flattened. */
export function profileColumnsOf(rows: readonly DriftFeatureRow[]): DriftProfileColumns {
  return {
    lang: rows.map((r) => r.lang),
    intent: rows.map((r) => r.intent),
    text_chars: rows.map((r) => r.text_chars),
    text_tokens: rows.map((r) => r.text_tokens),
    intent_confidence: rows.map((r) => r.intent_confidence),
    slot_confidence: rows.map((r) => r.slot_confidence),
    slot_tags: rows.flatMap((r) => r.slot_tags),
    corrections: rows.map((r) => r.corrections),
    parser: rows.map((r) => r.parser),
  };
}

/** The observations of one feature over rows (slot tags flattened, unknown hours and zones left out). */
export function featureValues(rows: readonly DriftFeatureRow[], name: DriftFeatureName): (number | string)[] {
  if (name === 'slot_tags') return rows.flatMap((r) => r.slot_tags);
  return rows.flatMap((r) => {
    const v = r[name];
    return v === null ? [] : [v];
  });
}
