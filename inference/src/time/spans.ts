import type { Expression } from './expression';

/** Indices of the tokens no expression covers: what is left of the message once its times are cut out. */
export function uncovered(tokenCount: number, expressions: readonly Expression[]): number[] {
  const covered = new Uint8Array(tokenCount);
  for (const e of expressions) covered.fill(1, e.start, Math.min(e.end, tokenCount));
  const left: number[] = [];
  covered.forEach((c, i) => {
    if (!c) left.push(i);
  });
  return left;
}
