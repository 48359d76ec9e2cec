/**
 * A Gaussian process on the unit cube with a Matérn 5/2 ARD kernel, for the bayes sampler.
 * The amplitude is profiled out of the log marginal likelihood (its optimum has a closed
 * form), so only the length scales and the noise ratio are searched: an isotropic grid
 * first, then coordinate moves per dimension. y is expected standardised.
 */
import { cholesky, solveLower, solveUpper } from './cholesky';

export interface GpHyper {
  lengthscales: number[];
  /** Noise variance relative to the signal variance. */
  noise: number;
}

export interface GpModel {
  x: number[][];
  hyper: GpHyper;
  l: Float64Array;
  alpha: Float64Array;
  /** Profiled signal variance. */
  scale: number;
}

const SQRT5 = Math.sqrt(5);

function kernel(a: number[], b: number[], inv: number[]): number {
  let r2 = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] - b[i]) * inv[i];
    r2 += d * d;
  }
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** Cholesky of K + noise·I, with growing jitter when it is not positive definite. */
function factor(x: number[][], h: GpHyper): Float64Array {
  const n = x.length;
  const inv = h.lengthscales.map((s) => 1 / s);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) k[i * n + j] = k[j * n + i] = kernel(x[i], x[j], inv);
  }
  for (let jitter = 0; ; jitter = jitter ? jitter * 10 : 1e-8) {
    for (let i = 0; i < n; i++) k[i * n + i] = 1 + h.noise + jitter;
    const l = cholesky(k, n);
    if (l) return l;
  }
}

export function fitGp(x: number[][], y: number[], h: GpHyper): GpModel & { logLik: number } {
  const n = x.length;
  const l = factor(x, h);
  const alpha = solveUpper(l, n, solveLower(l, n, y));
  let quad = 0, logDet = 0;
  for (let i = 0; i < n; i++) {
    quad += y[i] * alpha[i];
    logDet += Math.log(l[i * n + i]);
  }
  const scale = Math.max(quad / n, 1e-12);
  return { x, hyper: h, l, alpha, scale, logLik: -0.5 * n * Math.log(scale) - logDet };
}

/** Hyperparameters maximising the (profiled) log marginal likelihood. */
export function chooseHyper(x: number[][], y: number[]): GpHyper {
  const d = x[0].length;
  const lik = (h: GpHyper): number => fitGp(x, y, h).logLik;
  let best: GpHyper = { lengthscales: new Array(d).fill(0.3), noise: 1e-4 };
  let bestLik = -Infinity;
  for (const s of [0.1, 0.2, 0.4, 0.8, 1.6]) {
    for (const noise of [1e-6, 1e-3, 3e-2]) {
      const h = { lengthscales: new Array(d).fill(s), noise };
      const v = lik(h);
      if (v > bestLik) [best, bestLik] = [h, v];
    }
  }
  for (const factorStep of [2, 1.41]) {
    for (let dim = 0; dim < d; dim++) {
      for (const f of [factorStep, 1 / factorStep]) {
        const ls = [...best.lengthscales];
        ls[dim] = Math.min(20, Math.max(0.02, ls[dim] * f));
        const h = { lengthscales: ls, noise: best.noise };
        const v = lik(h);
        if (v > bestLik) [best, bestLik] = [h, v];
      }
    }
  }
  return best;
}

/** Posterior mean and standard deviation of the latent function at each point. */
export function predict(m: GpModel, points: number[][]): { mean: number[]; sd: number[] } {
  const n = m.x.length;
  const inv = m.hyper.lengthscales.map((s) => 1 / s);
  const mean: number[] = [], sd: number[] = [];
  const ks = new Float64Array(n);
  for (const p of points) {
    let mu = 0;
    for (let i = 0; i < n; i++) {
      ks[i] = kernel(p, m.x[i], inv);
      mu += ks[i] * m.alpha[i];
    }
    // v = L⁻¹ k*, solved in place: this loop is the sampler's hot spot.
    let vv = 0;
    for (let i = 0; i < n; i++) {
      let s = ks[i];
      const ri = i * n;
      for (let k = 0; k < i; k++) s -= m.l[ri + k] * ks[k];
      ks[i] = s / m.l[ri + i];
      vv += ks[i] * ks[i];
    }
    mean.push(mu);
    sd.push(Math.sqrt(Math.max(1e-12, m.scale * (1 - vv))));
  }
  return { mean, sd };
}
