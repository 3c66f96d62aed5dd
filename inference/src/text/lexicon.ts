import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The time vocabulary of both languages, shared with training (inference/featurisation/lexicon.json). */
const lexiconSchema = z.object({
  version: z.number().int(),
  classes: z.record(z.array(z.string())),
  notTypos: z.array(z.string()),
  correction: z.object({
    minTokenLength: z.number().int(),
    minTargetLength: z.number().int(),
    maxDistanceShort: z.number().int(),
    maxDistanceLong: z.number().int(),
    longFrom: z.number().int(),
    sameFirstLetter: z.boolean(),
  }),
});
export type LexiconFile = z.infer<typeof lexiconSchema>;

export interface Lexicon {
  file: LexiconFile;
  /** Word → the classes it belongs to, sorted. */
  classesOf: Map<string, string[]>;
  /** Correction targets grouped by first letter. */
  targets: Map<string, string[]>;
  notTypos: Set<string>;
}

export const LEXICON_PATH = fileURLToPath(new URL('../../featurisation/lexicon.json', import.meta.url));

export function buildLexicon(file: LexiconFile): Lexicon {
  const classesOf = new Map<string, string[]>();
  for (const [cls, words] of Object.entries(file.classes)) {
    for (const w of words) classesOf.set(w, [...(classesOf.get(w) ?? []), cls].sort());
  }
  const targets = new Map<string, string[]>();
  for (const w of [...classesOf.keys()].sort()) {
    if ([...w].length < file.correction.minTargetLength || !/^\p{L}+$/u.test(w)) continue;
    const first = [...w][0]!;
    targets.set(first, [...(targets.get(first) ?? []), w]);
  }
  return { file, classesOf, targets, notTypos: new Set(file.notTypos) };
}

let cached: Lexicon | undefined;
export function lexicon(): Lexicon {
  return (cached ??= buildLexicon(lexiconSchema.parse(JSON.parse(readFileSync(LEXICON_PATH, 'utf8')))));
}
