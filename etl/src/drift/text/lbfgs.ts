/**
 * Limited-memory BFGS for a smooth function (Nocedal & Wright, algorithm 7.4/7.5): the two-loop
 * recursion over the last `memory` steps, a bisection line search for the weak Wolfe conditions
 * (Lewis & Overton), and scipy's L-BFGS-B stopping rules without bounds: the gradient's largest
 * component at most `gtol`, or a relative decrease of f at most `ftol`.
 */

/** f(x), writing ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Pairs of steps kept (scipy's `maxcor`). */
  readonly memory?: number;
  /** Stop when max |∂f/∂xᵢ| ≤ gtol (scipy's `gtol`/`pgtol`). */
  readonly gtol?: number;
  /** Stop when (f_k − f_k+1) / max(|f_k|, |f_k+1|, 1) ≤ ftol (scipy's default 2.22e-9). */
  readonly ftol?: number;
  readonly maxIterations?: number;
}

export type LbfgsStop = 'gradient' | 'function' | 'max_iterations' | 'line_search';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradInf: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly stop: LbfgsStop;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_STEPS = 60;

export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const memory = options.memory ?? 10;
  const gtol = options.gtol ?? 1e-5;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const maxIterations = options.maxIterations ?? 15000;
  const history = new StepHistory(memory);
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(x.length);
  let f = objective(x, g);
  let evaluations = 1;
  let iterations = 0;
  let stop: LbfgsStop = 'max_iterations';
  for (; iterations < maxIterations; iterations += 1) {
    if (infNorm(g) <= gtol) {
      stop = 'gradient';
      break;
    }
    const d = history.direction(g);
    // The first step has no curvature to scale it: make it unit length, as L-BFGS-B does.
    const t0 = history.size === 0 ? 1 / Math.max(Math.sqrt(dot(g, g)), Number.MIN_VALUE) : 1;
    const step = wolfeStep(objective, x, f, g, d, t0);
    evaluations += step.evaluations;
    if (step.x === null) {
      stop = 'line_search';
      break;
    }
    history.push(sub(step.x, x), sub(step.g, g));
    const decrease = (f - step.f) / Math.max(Math.abs(f), Math.abs(step.f), 1);
    x = step.x;
    g = step.g;
    f = step.f;
    if (decrease <= ftol) {
      iterations += 1;
      stop = infNorm(g) <= gtol ? 'gradient' : 'function';
      break;
    }
  }
  return { x, f, gradInf: infNorm(g), iterations, evaluations, stop };
}

interface LineStep {
  readonly x: Float64Array | null;
  readonly f: number;
  readonly g: Float64Array;
  readonly evaluations: number;
}

/** A step t along d with sufficient decrease (C1) and curvature (C2), by bracketing and bisection. */
function wolfeStep(objective: Objective, x: Float64Array, f: number, g: Float64Array, d: Float64Array, t0: number): LineStep {
  const slope = dot(g, d);
  const xt = new Float64Array(x.length);
  const gt = new Float64Array(x.length);
  let lo = 0;
  let hi = Infinity;
  let t = t0;
  for (let k = 1; k <= MAX_LINE_STEPS; k += 1) {
    for (let i = 0; i < x.length; i += 1) xt[i] = (x[i] as number) + t * (d[i] as number);
    const ft = objective(xt, gt);
    if (!(ft <= f + C1 * t * slope)) hi = t;
    else if (dot(gt, d) < C2 * slope) lo = t;
    else return { x: xt, f: ft, g: gt, evaluations: k };
    t = hi === Infinity ? 2 * lo : (lo + hi) / 2;
  }
  return { x: null, f, g, evaluations: MAX_LINE_STEPS };
}

/** The last pairs (s = Δx, y = Δg) and the two-loop product −H·g. */
class StepHistory {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];

  constructor(private readonly memory: number) {}

  get size(): number {
    return this.s.length;
  }

  push(s: Float64Array, y: Float64Array): void {
    const sy = dot(s, y);
    // Wolfe steps keep sᵀy > 0 in exact arithmetic; rounding can still zero it.
    if (!(sy > 0)) return;
    if (this.s.length === this.memory) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
  }

  direction(g: Float64Array): Float64Array {
    const q = new Float64Array(g.length);
    for (let i = 0; i < g.length; i += 1) q[i] = -(g[i] as number);
    const m = this.s.length;
    const alpha = new Float64Array(m);
    for (let k = m - 1; k >= 0; k -= 1) {
      const a = (this.rho[k] as number) * dot(this.s[k] as Float64Array, q);
      alpha[k] = a;
      axpy(-a, this.y[k] as Float64Array, q);
    }
    if (m > 0) {
      const yLast = this.y[m - 1] as Float64Array;
      const gamma = 1 / ((this.rho[m - 1] as number) * dot(yLast, yLast));
      for (let i = 0; i < q.length; i += 1) q[i] = (q[i] as number) * gamma;
    }
    for (let k = 0; k < m; k += 1) {
      const b = (this.rho[k] as number) * dot(this.y[k] as Float64Array, q);
      axpy((alpha[k] as number) - b, this.s[k] as Float64Array, q);
    }
    return q;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** y += a·x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i += 1) y[i] = (y[i] as number) + a * (x[i] as number);
}

function sub(a: Float64Array, b: Float64Array): Float64Array {
  // Plain loops here and below: typed-array callbacks (from/map) are several times slower.
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i += 1) out[i] = (a[i] as number) - (b[i] as number);
  return out;
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}
