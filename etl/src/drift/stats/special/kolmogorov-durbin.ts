/**
 * Kolmogorov CDF Pr(D_n ≤ d) by Durbin's matrix, as Marsaglia, Tsang & Wang (2003) compute it
 * and scipy's _kolmogn_DMTW does: the (k,k) entry of H^n · n!/n^n, with H (2k−1 square, k =
 * ⌈nd⌉) raised by repeated squaring and rescaled by 2^128 to keep its exponent in range.
 */

import { ldexp } from './ldexp';

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;

type Matrix = Float64Array[];

function identity(m: number): Matrix {
  return Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m);
    row[i] = 1;
    return row;
  });
}

function multiply(a: Matrix, b: Matrix): Matrix {
  const m = a.length;
  const out = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) {
    const ai = a[i] as Float64Array;
    const oi = out[i] as Float64Array;
    for (let k = 0; k < m; k++) {
      const aik = ai[k] as number;
      if (aik === 0) continue;
      const bk = b[k] as Float64Array;
      for (let j = 0; j < m; j++) oi[j] = (oi[j] as number) + aik * (bk[j] as number);
    }
  }
  return out;
}

function durbinMatrix(h: number, m: number): Matrix {
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  const H = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) (H[r] as Float64Array)[i] = w[r - i + 1] as number;
  }
  for (let r = 0; r < m; r++) (H[r] as Float64Array)[0] = v[r] as number;
  for (let c = 0; c < m; c++) (H[m - 1] as Float64Array)[c] = v[m - 1 - c] as number;
  return H;
}

/** Pr(D_n ≤ d), clipped to [0, 1]. */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const m = 2 * k - 1;
  let H = durbinMatrix(k - nd, m);
  let power = identity(m);
  let expnt = 0;
  let hExpnt = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      power = multiply(power, H);
      expnt += hExpnt;
    }
    H = multiply(H, H);
    hExpnt *= 2;
    if (Math.abs((H[k - 1] as Float64Array)[k - 1] as number) > P128) {
      for (const row of H) for (let j = 0; j < m; j++) row[j] = (row[j] as number) / P128;
      hExpnt += E128;
    }
  }
  let p = (power[k - 1] as Float64Array)[k - 1] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt);
  return Math.min(Math.max(p, 0), 1);
}
