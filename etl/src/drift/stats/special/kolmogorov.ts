/**
 * Survival function of the two-sided one-sample Kolmogorov statistic D_n (scipy.stats.kstwo.sf,
 * i.e. _kolmogn(n, x, cdf=False) of scipy 1.10), with Simard & L'Ecuyer's (2011) choice of
 * method by n and n·x²: exact closed forms at the ends, Durbin's matrix, Pomeranz's recursion,
 * twice the one-sided Smirnov tail, or Pelz–Good's asymptotic series.
 */
import { kolmogorovCdfDurbin } from './kolmogorov-durbin';
import { kolmogorovCdfPelzGood } from './kolmogorov-pelz-good';
import { kolmogorovCdfPomeranz } from './kolmogorov-pomeranz';
import { smirnovSf } from './smirnov';

const LOG_2PI = Math.log(2 * Math.PI);
// Stirling-series coefficients in 1/n² (scipy's _STIRLING_COEFFS, as doubles), highest power first.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953, 0.0007936507936507937,
  -0.002777777777777778, 0.08333333333333333,
];

const clip = (p: number): number => Math.min(Math.max(p, 0), 1);

/** ln(n! / n^n) by Stirling's series. */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Ruben–Gambino: Pr(D_n ≤ x) = n! (2t−1)^n / n^n for 1/2n ≤ x ≤ 1/n, t = nx. */
function cdfNearMinimum(n: number, t: number): number {
  if (n > 140) return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
  let prob = 1;
  for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
  return prob;
}

/** Pr(D_n > x) for an integer n ≥ 1. */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`kolmogorovSf needs a positive integer n, got ${n}`);
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) return t <= 0.5 ? 1 : clip(1 - cdfNearMinimum(n, t));
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, x));
    if (nxsquared <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxsquared >= 370) return 0;
  if (nxsquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip(1 - clip(cdf));
}
