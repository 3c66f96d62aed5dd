import { summariseFine } from '../common/stats';
import type { Promotion } from './switches';

/** Telling a swap's cost from the box's noise (other processes share the 2 cores). Pure. */
export interface Timed {
  /** When the request or message was scheduled. */
  at: number;
  ms: number;
}

/**
 * Latencies of the swap phase split into those scheduled within `windowMs` after a promotion and
 * the rest: both halves share the phase's background load, so their difference is the swaps'.
 */
export function nearPromotions(xs: readonly Timed[], promotions: readonly Promotion[], from: number, to: number, windowMs = 1000) {
  const near: number[] = [];
  const rest: number[] = [];
  for (const x of xs) {
    if (x.at < from || x.at >= to) continue;
    (promotions.some((p) => x.at >= p.at && x.at < p.at + windowMs) ? near : rest).push(x.ms);
  }
  return { near: summariseFine(near), rest: summariseFine(rest) };
}

/** p99 of each `bucketMs` slice of [from, to): how much p99 moves without any swap. */
export function bucketP99(xs: readonly Timed[], from: number, to: number, bucketMs: number): number[] {
  const n = Math.max(1, Math.floor((to - from) / bucketMs));
  const buckets: number[][] = Array.from({ length: n }, () => []);
  for (const x of xs) {
    const i = Math.floor((x.at - from) / bucketMs);
    if (x.at >= from && i < n) buckets[i]!.push(x.ms);
  }
  return buckets.map((b) => summariseFine(b).p99);
}
