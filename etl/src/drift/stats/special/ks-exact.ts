/**
 * Exact two-sided two-sample Kolmogorov–Smirnov p-value, as scipy.stats.ks_2samp computes it for
 * method='exact' (scipy 1.10: _compute_prob_outside_square for equal sizes, Hodges' "inside
 * method" with Viehmann's recursion for 1 − p otherwise). A result outside [0, 1] means the
 * recursion lost accuracy; scipy then falls back to the asymptotic distribution, and so do we.
 */

export type ExactOutcome = { readonly ok: true; readonly pValue: number } | { readonly ok: false };

/** Pr(D_{n,n} ≥ h/n): the alternating series in Horner form (no subtractive cancellation). */
export function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** Proportion of lattice paths (0,0)→(m,n) leaving |x/m − y/n| < h/lcm(m,n); g = gcd(m, n). */
export function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = ((a[jj + minj - lastminj] ?? Number.NaN) * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA));
  }
  return a[maxj - minj - 1] ?? Number.NaN;
}

export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** np.round: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The exact p-value for statistic d, and d snapped to the lattice h / lcm(n1, n2) as scipy
 * reports it.
 */
export function exactTwoSidedP(n1: number, n2: number, d: number): { readonly d: number; readonly outcome: ExactOutcome } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const snapped = h / lcm;
  if (h === 0) return { d: snapped, outcome: { ok: true, pValue: 1 } };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  return { d: snapped, outcome: p >= 0 && p <= 1 ? { ok: true, pValue: p } : { ok: false } };
}
