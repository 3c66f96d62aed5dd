import { z } from 'zod';
import { featurize } from '../text/featurize';
import { normalize } from '../text/normalize';

/**
 * A production label (the ETL's feedback_labels, corpus format plus the production parse's slots
 * and the user's fix) as a training example: the model's tokens and one tag per token
 * (inference/training/README.md, Labels). The slots give the tags the parse had; a fix retags
 * what the user said was wrong: the corrected reminder text becomes the TEXT run, the time
 * phrases of the correction become TIME. A fix that cannot be found in the words gives no row.
 */
export const TAGS = ['O', 'TRIGGER', 'FILLER', 'TIME', 'ZONE', 'TEXT'] as const;
type Tag = (typeof TAGS)[number];

export const labelInputSchema = z
  .object({
    id: z.string(),
    source: z.enum(['correction', 'edit', 'confirmed', 'suspected']),
    use: z.enum(['label', 'suspected']),
    text: z.string(),
    lang: z.enum(['ru', 'en']),
    intent: z.string(),
    day: z.string(),
    event_ids: z.array(z.string()),
    spans: z.array(z.object({ tag: z.string(), start: z.number().int(), end: z.number().int() })),
    fix: z.object({ text: z.string().optional(), time: z.array(z.string()).optional() }).nullable(),
  })
  .passthrough();
export type LabelInput = z.infer<typeof labelInputSchema>;

export interface TrainingRow {
  id: string;
  source: string;
  text: string;
  lang: string;
  intent: string;
  tokens: string[];
  tags: Tag[];
  event_ids: string[];
  day: string;
}

export type RowSkip = 'suspected' | 'no-tokens' | 'no-slots' | 'text-not-found' | 'time-not-found' | 'fix-overlap';

const isTag = (t: string): t is Tag => (TAGS as readonly string[]).includes(t);

/** [start, end) of `phrase` in the normalised text, case-insensitively; null when absent. */
function find(haystack: string, phrase: string): [number, number] | null {
  const needle = normalize(phrase).text.toLowerCase();
  if (needle === '') return null;
  const at = haystack.toLowerCase().indexOf(needle);
  return at < 0 ? null : [at, at + needle.length];
}

export function trainingRow(label: LabelInput): TrainingRow | RowSkip {
  if (label.use !== 'label') return 'suspected';
  const f = featurize(label.text);
  if (f.tokens.length === 0) return 'no-tokens';
  const within = (t: { start: number; end: number }, [a, b]: readonly [number, number]) => t.start >= a && t.end <= b;
  const tags: Tag[] = f.tokens.map((t) => {
    const s = label.spans.find((x) => within(t, [x.start, x.end]));
    return s && isTag(s.tag) ? s.tag : 'O';
  });
  if (!tags.some((t) => t !== 'O') && !label.fix) return 'no-slots';
  const text = f.normalized.text;
  if (label.fix?.text !== undefined) {
    const range = find(text, label.fix.text);
    if (!range) return 'text-not-found';
    f.tokens.forEach((t, i) => {
      if (within(t, range)) tags[i] = 'TEXT';
      else if (tags[i] === 'TEXT') tags[i] = 'O';
    });
  }
  const textRange = label.fix?.text !== undefined ? find(text, label.fix.text) : null;
  for (const phrase of label.fix?.time ?? []) {
    const range = find(text, phrase);
    if (!range) return 'time-not-found';
    if (textRange && range[0] < textRange[1] && textRange[0] < range[1]) return 'fix-overlap';
    f.tokens.forEach((t, i) => {
      if (within(t, range)) tags[i] = 'TIME';
    });
  }
  return {
    id: label.id,
    source: label.source,
    text: label.text,
    lang: label.lang,
    intent: label.intent,
    tokens: f.tokens.map((t) => t.text),
    tags,
    event_ids: label.event_ids,
    day: label.day,
  };
}
