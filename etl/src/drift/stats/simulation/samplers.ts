/** Seeded draws from the distributions the drift simulation needs, on a uniform [0, 1) source. */

export type Uniform = () => number;

export class Sampler {
  // Box–Muller makes normals in pairs; the second waits here.
  private spare: number | null = null;

  constructor(readonly uniform: Uniform) {}

  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Marsaglia–Tsang (2000), shape ≥ 1. */
  gamma(shape: number): number {
    if (shape < 1) throw new RangeError('gamma sampler needs shape ≥ 1');
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(1 - this.uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /**
   * Beta(a, b). For b = 2 and integer a it is the second largest of a + 1 uniforms: the largest
   * is U^(1/(a+1)), the largest of the other a below it that times U'^(1/a) — two draws, no gammas.
   */
  beta(a: number, b: number): number {
    if (b === 2 && Number.isInteger(a)) return (1 - this.uniform()) ** (1 / (a + 1)) * (1 - this.uniform()) ** (1 / a);
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }
}

/** Draws keys with the given shares (summing to 1) by their cumulative sums. */
export function categoricalDraw<K extends string>(shares: readonly (readonly [K, number])[]): (s: Sampler) => K {
  const keys = shares.map(([k]) => k);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, p] of shares) cumulative.push((total += p));
  return (s) => {
    const r = s.uniform();
    for (let i = 0; i < cumulative.length - 1; i++) if (r < (cumulative[i] as number)) return keys[i] as K;
    const last = keys[keys.length - 1];
    if (last === undefined) throw new RangeError('categorical needs at least one share');
    return last;
  };
}

export function draw<T>(size: number, one: () => T): T[] {
  const out: T[] = new Array<T>(size);
  for (let i = 0; i < size; i++) out[i] = one();
  return out;
}
