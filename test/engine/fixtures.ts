/**
 * Shared helpers for the engine tests: reference implementations that are naive on
 * purpose (so they are obviously right) and small synthetic data sets.
 */
import { createRequire } from 'node:module';
import { createRng } from '../../src-main/engine/random';
import type { Float } from '../../src-main/engine/types';
import type { Split } from '../../src-main/data/types';

export function randomArray<T extends Float>(make: (n: number) => T, n: number, seed: number, zeroFraction = 0): T {
  const rng = createRng(seed);
  const a = make(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() < zeroFraction ? 0 : rng.normal();
  return a;
}

/** C[i][j] = Σ_p A[i][p]·B[p][j], in float64, with A (m×k) and B (k×n) read through accessors. */
export function referenceMatmul(a: (i: number, p: number) => number, b: (p: number, j: number) => number, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      c[i * n + j] = s;
    }
  return c;
}

/** Two-point central differences of the scalar `f` with respect to every entry of `theta`. */
export function numericGradient(theta: Float, f: () => number, h = 1e-6): Float64Array {
  const g = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const saved = theta[i];
    theta[i] = saved + h;
    const plus = f();
    theta[i] = saved - h;
    const minus = f();
    theta[i] = saved;
    g[i] = (plus - minus) / (2 * h);
  }
  return g;
}

/** Σ G ⊙ out: turns a layer's output into a scalar whose gradient w.r.t. out is G. */
export function weightedSum(out: Float, g: Float): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += out[i] * g[i];
  return s;
}

/** max |a − b| / (1 + |b|): relative for large values, absolute near zero; NaN propagates. */
export function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/**
 * An Iris-like problem: `classes` Gaussian blobs in `features` dimensions, centres far
 * enough apart that a small network should classify nearly all of it. The centres come
 * from `seed`; `noiseSeed` draws other points around the same centres (a held-out set).
 */
export function blobs(n: number, features: number, classes: number, seed: number, opts: { make?: (n: number) => Float; noiseSeed?: number } = {}): Split {
  const make = opts.make ?? ((k: number) => new Float64Array(k));
  const centreRng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => 3 * centreRng.normal()));
  const rng = createRng(opts.noiseSeed ?? seed + 1);
  const x = make(n * features);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const c = r % classes;
    y[r] = c;
    for (let f = 0; f < features; f++) x[r * features + f] = centres[c][f] + 0.5 * rng.normal();
  }
  return { x, y, n };
}

const resolvable = (pkg: string) => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether the native TensorFlow backend is installed. It cannot be on our build machine
 * (its library download is unreachable); where it is, tests relying on its absence step aside.
 */
export const nativeTfInstalled = resolvable('@tensorflow/tfjs-node') || resolvable('@tensorflow/tfjs-node-gpu');
