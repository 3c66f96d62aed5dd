import { minimizeLbfgs, type LbfgsStop } from './lbfgs.js';
import { csrTimesVector, csrTransposeTimesAdd, type CsrMatrix } from './sparse.js';

/**
 * Binary L2 logistic regression with scikit-learn's `LogisticRegression(C, solver='lbfgs')`
 * objective: Σᵢ [ln(1 + e^zᵢ) − yᵢ·zᵢ] + ‖w‖² / (2C), zᵢ = xᵢ·w + b, the intercept b not
 * penalised, minimised from zero by L-BFGS with scipy's stopping rules (max |∂| ≤ tol, or a
 * relative decrease of at most ftol).
 */
export interface LogisticOptions {
  readonly C?: number;
  /** scikit-learn's `tol` (default 1e-4), on the gradient of the objective above. */
  readonly tol?: number;
  /** scipy's relative-decrease stop (default 2.22e-9), the one scikit-learn's fits usually end on. */
  readonly ftol?: number;
  readonly maxIterations?: number;
}

export interface LogisticModel {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
  readonly stop: LbfgsStop;
}

export function fitLogisticRegression(x: CsrMatrix, y: ArrayLike<0 | 1>, options: LogisticOptions = {}): LogisticModel {
  const invC = 1 / (options.C ?? 1);
  const d = x.nCols;
  const z = new Float64Array(x.nRows);
  const objective = (params: Float64Array, grad: Float64Array): number => {
    const coef = params.subarray(0, d);
    csrTimesVector(x, coef, params[d] as number, z);
    let loss = 0;
    let gIntercept = 0;
    for (let i = 0; i < z.length; i += 1) {
      const zi = z[i] as number;
      const yi = y[i] as number;
      loss += softplus(zi) - yi * zi;
      const residual = sigmoid(zi) - yi; // ∂loss/∂zᵢ
      gIntercept += residual;
      z[i] = residual;
    }
    grad.fill(0);
    csrTransposeTimesAdd(x, z, grad);
    let penalty = 0;
    for (let j = 0; j < d; j += 1) {
      const w = coef[j] as number;
      penalty += w * w;
      grad[j] = (grad[j] as number) + invC * w;
    }
    grad[d] = gIntercept;
    return loss + 0.5 * invC * penalty;
  };
  const result = minimizeLbfgs(objective, new Float64Array(d + 1), {
    gtol: options.tol ?? 1e-4,
    ...(options.ftol === undefined ? {} : { ftol: options.ftol }),
    maxIterations: options.maxIterations ?? 100,
  });
  return { coef: result.x.slice(0, d), intercept: result.x[d] as number, iterations: result.iterations, stop: result.stop };
}

/** P(y = 1 | x) per row (`predict_proba(X)[:, 1]`). */
export function predictProbability(model: LogisticModel, x: CsrMatrix): Float64Array {
  const z = new Float64Array(x.nRows);
  csrTimesVector(x, model.coef, model.intercept, z);
  return z.map(sigmoid);
}

/** ln(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
