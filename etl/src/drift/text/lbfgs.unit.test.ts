import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs.js';

const rosenbrock: Objective = (x, g) => {
  const a = x[0] as number;
  const b = x[1] as number;
  g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
  g[1] = 200 * (b - a * a);
  return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
};

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { gtol: 1e-10, ftol: 0 });
    expect(r.stop).toBe('gradient');
    expect(Math.abs((r.x[0] as number) - 1)).toBeLessThan(1e-8);
    expect(Math.abs((r.x[1] as number) - 1)).toBeLessThan(1e-8);
  });

  it('solves an ill-conditioned 50-dimensional quadratic to its exact minimiser', () => {
    const n = 50;
    const scale = Float64Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1)));
    const target = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const quad: Objective = (x, g) => {
      let f = 0;
      for (let i = 0; i < n; i += 1) {
        const d = (x[i] as number) - (target[i] as number);
        g[i] = (scale[i] as number) * d;
        f += 0.5 * (scale[i] as number) * d * d;
      }
      return f;
    };
    const r = minimizeLbfgs(quad, new Float64Array(n), { gtol: 1e-9, ftol: 0 });
    expect(r.stop).toBe('gradient');
    r.x.forEach((v, i) => expect(Math.abs(v - (target[i] as number))).toBeLessThan(1e-9));
  });

  it('stops on the relative decrease of f, as scipy’s ftol, and on the iteration limit', () => {
    const byF = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { gtol: 0, ftol: 1e-3 });
    expect(byF.stop).toBe('function');
    const byCount = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { gtol: 0, ftol: 0, maxIterations: 3 });
    expect(byCount).toMatchObject({ stop: 'max_iterations', iterations: 3 });
  });

  it('returns at once from a stationary point and reports a failed line search', () => {
    expect(minimizeLbfgs(rosenbrock, Float64Array.from([1, 1])).iterations).toBe(0);
    // A gradient that points uphill: no step along −g decreases f.
    const liar: Objective = (x, g) => {
      g[0] = -1;
      return x[0] as number;
    };
    expect(minimizeLbfgs(liar, Float64Array.from([0])).stop).toBe('line_search');
  });
});
