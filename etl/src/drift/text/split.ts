/**
 * Seeded sampling for the domain classifier: a cap on each side's size and a stratified 50/50
 * train/test split, drawn with core's seeded random (a report for a day is the same report when it is
 * run again).
 */

export function shuffledIndices(n: number, random: () => number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] as number;
    out[i] = out[j] as number;
    out[j] = t;
  }
  return out;
}

/**
 * Texts drawn at random without replacement, at most `maxTexts` of them and (past the first) at
 * most `maxChars` UTF-16 units in all, each read through `clean` first; in their original order.
 */
export function drawTexts(
  texts: readonly string[],
  limits: { readonly maxTexts: number; readonly maxChars: number },
  clean: (text: string) => string,
  random: () => number,
): string[] {
  const chosen: { at: number; text: string }[] = [];
  let chars = 0;
  for (const at of shuffledIndices(texts.length, random)) {
    if (chosen.length >= limits.maxTexts) break;
    const text = clean(texts[at] as string);
    if (chosen.length > 0 && chars + text.length > limits.maxChars) break;
    chars += text.length;
    chosen.push({ at, text });
  }
  return chosen.sort((a, b) => a.at - b.at).map((c) => c.text);
}

export interface Split {
  readonly train: readonly number[];
  readonly test: readonly number[];
}

/** Each class's positions halved at random: floor(n/2) to train, the rest to test; ascending. */
export function stratifiedHalves(labels: ArrayLike<0 | 1>, random: () => number): Split {
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1] as const) {
    const members = Array.from({ length: labels.length }, (_, i) => i).filter((i) => labels[i] === cls);
    const order = shuffledIndices(members.length, random).map((k) => members[k] as number);
    const half = Math.floor(members.length / 2);
    train.push(...order.slice(0, half));
    test.push(...order.slice(half));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
