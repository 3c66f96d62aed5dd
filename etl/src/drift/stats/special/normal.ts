/** Standard normal CDF and survival function, through erfc(t) = Q(1/2, t²). */
import { gammaP, gammaQ } from './gamma';

/** Φ(z) (scipy.stats.norm.cdf). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf of NaN');
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = (z * z) / 2;
  // Φ(z) = erfc(-z/√2)/2; the tail below zero is the accurate one, the other is its complement.
  return z < 0 ? gammaQ(0.5, x) / 2 : 0.5 + gammaP(0.5, x) / 2;
}

/** 1 − Φ(z) computed without cancellation (scipy.stats.norm.sf). */
export function normalSf(z: number): number {
  return normalCdf(-z);
}
