/**
 * One-sided Kolmogorov–Smirnov survival function Pr(D⁺_n ≥ x) (scipy.special.smirnov, cephes
 * kolmogorov.c), by the Birnbaum–Tingey sum. Cephes sums in double-double; here each term is
 * summed in log space, which keeps ~n·ε relative error — far inside the 1e-9 asked of it.
 * Only the "lower sum" is used: kolmogn never calls smirnov where cephes picks the upper one.
 */

const MINLOG = -708.3964185322641; // ln 2^-1022, cephes' MINLOG
const MAX_COMPUTE_N = 1_000_000;
const EPS = 2.220446049250313e-16;

/** floor(n·x) and its fractional part, exact (Dekker's two-product), as cephes' modNX does. */
function floorAndFraction(n: number, x: number): { readonly floor: number; readonly alpha: number } {
  const p = n * x;
  const split = (v: number): [number, number] => {
    const c = 134217729 * v; // 2^27 + 1
    const hi = c - (c - v);
    return [hi, v - hi];
  };
  const [nh, nl] = split(n);
  const [xh, xl] = split(x);
  const err = nh * xh - p + nh * xl + nl * xh + nl * xl;
  let fl = Math.floor(p);
  let alpha = p - fl + err;
  if (alpha < 0) {
    fl -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    fl += 1;
    alpha = 0;
  }
  return { floor: fl, alpha };
}

function lowerSum(n: number, x: number, lastTerm: number): number {
  const nTerms = lastTerm + 1;
  const vmid = Math.floor(n / 2);
  // ln C(n, j) accumulated term by term with Neumaier's compensation: over ~n terms a plain
  // running sum drifts by ~√n·ε·|ln C|, which at n = 300,000 shows in the 9th digit.
  let logBinomial = 0;
  let compensation = 0;
  let sum = 0;
  for (let j = 0; j < nTerms; j++) {
    // A_j = C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1)
    const logTerm = logBinomial + compensation + (n - j) * Math.log1p(-(x + j / n)) + (j - 1) * Math.log(x + j / n);
    const term = Math.exp(logTerm);
    sum += term;
    if (term !== 0) {
      if (4 * (nTerms - j) * term < EPS * sum && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    const step = Math.log((n - j) / (j + 1));
    const next = logBinomial + step;
    compensation += Math.abs(logBinomial) >= Math.abs(step) ? logBinomial - next + step : step - next + logBinomial;
    logBinomial = next;
  }
  return x * sum;
}

/** scipy.special.smirnov(n, x) for integer n ≥ 1, 0 ≤ x ≤ 1. */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxfl, alpha } = floorAndFraction(n, x);
  let lastTerm = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) lastTerm -= 1;
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * Math.pow(1 + x, n - 1);
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return Math.pow(1 - x, n);
  if (n > MAX_COMPUTE_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  return Math.min(Math.max(lowerSum(n, x, lastTerm), 0), 1);
}
