/**
 * The Parzen estimator of TPE (Bergstra et al. 2011), as Optuna 3.1 builds it: one
 * kernel per observation plus a prior kernel, mixed with the given weights.
 *   numeric dims: a normal truncated to [low, high]; sigma from the neighbours' gaps
 *     (univariate) or Scott-like 0.2·n^(-1/(d+4))·range (multivariate); the "magic clip"
 *     keeps sigma ≥ range / min(100, 1 + kernels); endpoints are not considered.
 *     A dim with `step` scores the probability of its step-wide bin instead of a density.
 *   categorical dims: kernel k puts (1 + prior/(n+1)) on its observed choice and
 *     prior/(n+1) on every other (normalised); the prior kernel is uniform.
 * Observations are rows of internal values (numbers, or a choice's index).
 */
import type { Rng } from '../../engine/random';
import { LOG_SQRT_2PI, logSumExp, normalCdf } from './normal';

export type Dim = { kind: 'numeric'; low: number; high: number; step?: number } | { kind: 'categorical'; n: number };

export interface ParzenOptions {
  priorWeight: number;
  multivariate: boolean;
  /**
   * Optuna 3.1–3.4 left the 1/sigma factor out of each continuous kernel's density
   * (optuna/optuna#5109, fixed by #5110), which favours wide kernels when l/g is ranked.
   * true reproduces that, to compare with those versions; false is the true density.
   */
  optuna31Density?: boolean;
}

export interface ParzenEstimator {
  dims: Dim[];
  logWeights: number[];
  /** Per dim, per kernel: mu/sigma (numeric) or log-probabilities (categorical). */
  mus: number[][];
  sigmas: number[][];
  logZ: number[][];
  catLogP: number[][][];
  catP: number[][][];
  /** Whether continuous kernels include their 1/sigma (see ParzenOptions). */
  scaled: boolean;
}

const EPS = 1e-12;

export function buildParzen(dims: Dim[], obs: number[][], weights: number[], opts: ParzenOptions): ParzenEstimator {
  const n = obs.length;
  const k = n + 1; // the prior kernel is last
  const w = [...weights, opts.priorWeight];
  const total = w.reduce((a, b) => a + b, 0);
  const est: ParzenEstimator = { dims, logWeights: w.map((x) => Math.log(x / total)), mus: [], sigmas: [], logZ: [], catLogP: [], catP: [], scaled: !opts.optuna31Density };
  dims.forEach((dim, d) => {
    const col = obs.map((row) => row[d]);
    if (dim.kind === 'categorical') {
      const rows: number[][] = [];
      for (let i = 0; i < k; i++) {
        const r = new Array(dim.n).fill(opts.priorWeight / k);
        if (i < n) r[col[i]] += 1;
        const s = r.reduce((a, b) => a + b, 0);
        rows.push(r.map((x) => x / s));
      }
      est.catP[d] = rows;
      est.catLogP[d] = rows.map((r) => r.map(Math.log));
      est.mus[d] = est.sigmas[d] = est.logZ[d] = [];
      return;
    }
    const { low, high } = dim;
    const range = high - low;
    const mus = [...col, 0.5 * (low + high)];
    let sigmas: number[];
    if (opts.multivariate) {
      const s = 0.2 * Math.max(n, 1) ** (-1 / (dims.length + 4)) * range;
      sigmas = mus.map(() => s);
    } else {
      sigmas = neighbourSigmas(mus, low, high);
    }
    const minSigma = range / Math.min(100, 1 + k);
    sigmas = sigmas.map((s) => Math.min(range, Math.max(minSigma, s)));
    sigmas[n] = range; // the prior
    est.mus[d] = mus;
    est.sigmas[d] = sigmas;
    est.logZ[d] = mus.map((m, i) => Math.log(Math.max(EPS, normalCdf((high - m) / sigmas[i]) - normalCdf((low - m) / sigmas[i]))));
    est.catP[d] = est.catLogP[d] = [];
  });
  return est;
}

/** Optuna's univariate rule: each kernel as wide as its larger gap to a neighbour. */
function neighbourSigmas(mus: number[], low: number, high: number): number[] {
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
  const sorted = [low, ...order.map((i) => mus[i]), high];
  const out = new Array<number>(mus.length);
  order.forEach((idx, j) => {
    const left = sorted[j + 1] - sorted[j], right = sorted[j + 2] - sorted[j + 1];
    let s = Math.max(left, right);
    // consider_endpoints=false: the outermost kernels ignore their gap to the boundary.
    if (order.length >= 2 && j === 0) s = right;
    if (order.length >= 2 && j === order.length - 1) s = left;
    out[idx] = s;
  });
  return out;
}

function pickKernel(est: ParzenEstimator, rng: Rng): number {
  let u = rng.next();
  const w = est.logWeights;
  for (let i = 0; i < w.length; i++) {
    u -= Math.exp(w[i]);
    if (u <= 0) return i;
  }
  return w.length - 1;
}

/** `count` points from the mixture (numeric values unsnapped; the caller snaps steps). */
export function sampleParzen(est: ParzenEstimator, rng: Rng, count: number): number[][] {
  const out: number[][] = [];
  for (let c = 0; c < count; c++) {
    const i = pickKernel(est, rng);
    out.push(est.dims.map((dim, d) => {
      if (dim.kind === 'categorical') {
        let u = rng.next();
        const p = est.catP[d][i];
        for (let j = 0; j < p.length; j++) if ((u -= p[j]) <= 0) return j;
        return p.length - 1;
      }
      const mu = est.mus[d][i], s = est.sigmas[d][i];
      for (let t = 0; t < 64; t++) {
        const x = mu + s * rng.normal();
        if (x >= dim.low && x <= dim.high) return x;
      }
      return Math.min(dim.high, Math.max(dim.low, mu));
    }));
  }
  return out;
}

/** log of the mixture density (probability for step and categorical dims) at each point. */
export function logPdfParzen(est: ParzenEstimator, points: number[][]): number[] {
  const kernels = est.logWeights.length;
  const terms = new Float64Array(kernels);
  return points.map((x) => {
    for (let i = 0; i < kernels; i++) {
      let t = est.logWeights[i];
      est.dims.forEach((dim, d) => {
        if (dim.kind === 'categorical') return void (t += est.catLogP[d][i][x[d]]);
        const mu = est.mus[d][i], s = est.sigmas[d][i];
        if (dim.step !== undefined) {
          const hi = Math.min(dim.high, x[d] + dim.step / 2), lo = Math.max(dim.low, x[d] - dim.step / 2);
          t += Math.log(Math.max(EPS, normalCdf((hi - mu) / s) - normalCdf((lo - mu) / s))) - est.logZ[d][i];
        } else {
          const z = (x[d] - mu) / s;
          t += -0.5 * z * z - LOG_SQRT_2PI - (est.scaled ? Math.log(s) : 0) - est.logZ[d][i];
        }
      });
      terms[i] = t;
    }
    return logSumExp(terms);
  });
}
