import { round } from '../common/stats';

/** Which version answered when (pure): a promotion is served once the new version answers and keeps answering. */

/** One answer: when its request (or message) started, when its answer arrived, which version gave it. */
export interface Observation {
  start: number;
  end: number;
  version: string;
}
export interface Promotion {
  at: number;
  version: string;
}

/**
 * Per promotion: when the new version first answered (switchedAt, ms after the promotion), whether
 * it was still the one answering when the next promotion came (served), and how many answers to
 * requests that started after that first answer came from another version (stale: the holder's
 * one-assignment swap promises none). Answers in flight across the swap may come from either.
 */
export function switchesOf(promotions: readonly Promotion[], observations: readonly Observation[], until: number) {
  const byEnd = [...observations].sort((a, b) => a.end - b.end);
  return promotions.map((p, i) => {
    const next = promotions[i + 1]?.at ?? until;
    const window = byEnd.filter((o) => o.end >= p.at && o.end < next);
    const first = window.find((o) => o.version === p.version);
    const stale = first ? window.filter((o) => o.start > first.end && o.version !== p.version).length : 0;
    const last = window.at(-1);
    return {
      version: p.version,
      switchedAfterMs: first ? round(first.end - p.at, 1) : null,
      served: first !== undefined && last?.version === p.version,
      stale,
      answers: window.length,
    };
  });
}
export type Switch = ReturnType<typeof switchesOf>[number];
