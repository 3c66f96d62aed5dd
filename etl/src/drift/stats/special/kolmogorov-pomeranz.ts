/**
 * Kolmogorov CDF Pr(D_n ≤ x) by Pomeranz's recursion (1974), as scipy's _kolmogn_Pomeranz
 * computes it: 2n+1 rows, each a convolution of the previous with powers (g/n)^m/m!, rescaled
 * by 2^128 when the row underflows.
 */
import { ldexp } from './ldexp';

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;

interface Shape {
  readonly n: number;
  readonly ll: number;
  readonly ceilf: number;
  readonly roundf: number;
}

/** Endpoints of the interval for row i. */
function rowInterval(i: number, s: Shape): [number, number] {
  const { n, ll, ceilf, roundf } = s;
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

function scaledPowers(base: number, count: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = 1;
  for (let m = 1; m < count; m++) out[m] = ((out[m - 1] as number) * base) / m;
  return out;
}

/** Pr(D_n ≤ x), clipped to [0, 1]. */
export function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const shape: Shape = { n, ll, ceilf: f > 0 ? 1 : 0, roundf: f > 0.5 ? 1 : 0 };
  const npwrs = 2 * (ll + 1);
  const gpower = scaledPowers(g / n, npwrs);
  const twogpower = scaledPowers((2 * g) / n, npwrs);
  const onem2gpower = scaledPowers((1 - 2 * g) / n, npwrs);
  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let expnt = 0;
  let [j1, j2] = rowInterval(0, shape);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = rowInterval(i, shape);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 <= 0) continue;
    const start = j1 - k1;
    const len = j2 - j1 + 1;
    // Entries start … start+len−1 of the full convolution of V0[k1−v0s …][:ln2] with pwrs[:ln2]
    // (numpy slices stop at the array's end, so both operands may be shorter than ln2).
    const offset = k1 - v0s;
    const lenA = Math.min(ln2, npwrs - offset);
    const lenB = Math.min(ln2, npwrs);
    for (let c = 0; c < len; c++) {
      const idx = start + c;
      let acc = 0;
      for (let a = Math.max(0, idx - lenB + 1); a <= Math.min(idx, lenA - 1); a++) {
        acc += (v0[offset + a] as number) * (pwrs[idx - a] as number);
      }
      v1[c] = acc;
    }
    let max = -Infinity;
    for (const value of v1) if (value > max) max = value;
    if (max > 0 && max < M128) {
      for (let c = 0; c < v1.length; c++) v1[c] = (v1[c] as number) * P128;
      expnt -= E128;
    }
    v1s = v0s + j1 - k1;
  }
  let ans = v1[n - v1s] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ldexp(ans, expnt);
  return Math.min(Math.max(ans, 0), 1);
}
