/**
 * The TypeScript reference kernels: the ground truth the native ops are tested against,
 * what the gradient check runs on, and the fallback wherever the addon is missing.
 * Interface and conventions: `ops.ts`.
 *
 * JS arithmetic is double: float32 arrays round only on store (in matmul once per
 * eight products), not per operation, so this is also the more accurate of the two.
 */
import type { Float, SmoothActivation } from '../../types';
import type { AdamCoefficients, Ops } from './ops';

// Non-zero entries of the current left-hand row: offsets into B and values.
let nzOffset = new Int32Array(0);
let nzValue = new Float64Array(0);

function ensureScratch(k: number): void {
  if (nzOffset.length < k) {
    nzOffset = new Int32Array(k);
    nzValue = new Float64Array(k);
  }
}

/**
 * out[cRow .. cRow+n) = Σ_q nzValue[q] · b[nzOffset[q] .. +n).
 * Eight B rows per pass cut the loads and stores of the output row eightfold; listing
 * only the non-zero coefficients first skips ReLU's zeros and blank pixels for free.
 * The shared inner loop of `matmul` and `matmulTransA`.
 */
function accumulateRow(b: Float, out: Float, cRow: number, n: number, nnz: number): void {
  const off = nzOffset;
  const val = nzValue;
  out.fill(0, cRow, cRow + n);
  let q = 0;
  for (; q + 7 < nnz; q += 8) {
    const a0 = val[q], a1 = val[q + 1], a2 = val[q + 2], a3 = val[q + 3];
    const a4 = val[q + 4], a5 = val[q + 5], a6 = val[q + 6], a7 = val[q + 7];
    const b0 = off[q], b1 = off[q + 1], b2 = off[q + 2], b3 = off[q + 3];
    const b4 = off[q + 4], b5 = off[q + 5], b6 = off[q + 6], b7 = off[q + 7];
    for (let j = 0; j < n; j++) {
      out[cRow + j] +=
        a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j] +
        a4 * b[b4 + j] + a5 * b[b5 + j] + a6 * b[b6 + j] + a7 * b[b7 + j];
    }
  }
  for (; q < nnz; q++) {
    const a0 = val[q], b0 = off[q];
    for (let j = 0; j < n; j++) out[cRow + j] += a0 * b[b0 + j];
  }
}

/**
 * out (m×n) = A (m×k) · B (k×n), i-k-j order. Zero entries of A are skipped, so an
 * Infinity or NaN in B meeting a zero in A does not propagate (training has diverged
 * long before that matters).
 */
export function matmul(a: Float, b: Float, out: Float, m: number, k: number, n: number): void {
  ensureScratch(k);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    let nnz = 0;
    for (let p = 0; p < k; p++) {
      const v = a[aRow + p];
      if (v !== 0) {
        nzOffset[nnz] = p * n;
        nzValue[nnz++] = v;
      }
    }
    accumulateRow(b, out, i * n, n, nnz);
  }
}

/**
 * out (k×n) = Aᵀ · B with A (m×k), B (m×n) — the weight gradient Xᵀ·dZ. Output row p
 * gathers column p of A (strided) and sums rows of B; B (batch × outputs) stays in
 * cache while one output row is built.
 */
export function matmulTransA(a: Float, b: Float, out: Float, m: number, k: number, n: number): void {
  ensureScratch(m);
  for (let p = 0; p < k; p++) {
    let nnz = 0;
    for (let r = 0; r < m; r++) {
      const v = a[r * k + p];
      if (v !== 0) {
        nzOffset[nnz] = r * n;
        nzValue[nnz++] = v;
      }
    }
    accumulateRow(b, out, p * n, n, nnz);
  }
}

/**
 * out (m×n) = A (m×k) · Bᵀ with B (n×k) — the input gradient dZ·Wᵀ. Each entry is a dot
 * product of two contiguous rows; four B rows at a time share the loads of A's row.
 */
export function matmulTransB(a: Float, b: Float, out: Float, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const cRow = i * n;
    let p = 0;
    for (; p + 3 < n; p += 4) {
      const b0 = p * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < k; j++) {
        const x = a[aRow + j];
        s0 += x * b[b0 + j];
        s1 += x * b[b1 + j];
        s2 += x * b[b2 + j];
        s3 += x * b[b3 + j];
      }
      out[cRow + p] = s0;
      out[cRow + p + 1] = s1;
      out[cRow + p + 2] = s2;
      out[cRow + p + 3] = s3;
    }
    for (; p < n; p++) {
      const b0 = p * k;
      let s = 0;
      for (let j = 0; j < k; j++) s += a[aRow + j] * b[b0 + j];
      out[cRow + p] = s;
    }
  }
}

/** out = A + 1ᵀv: adds the row vector v (cols) to every row of A (rows×cols). `out` may be `a`. */
export function addRowVector(a: Float, v: Float, out: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = a[o + c] + v[c];
  }
}

/** out (cols) = 1·A: the sum of each column of A (rows×cols). */
export function columnSums(a: Float, out: Float, rows: number, cols: number): void {
  out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += a[o + c];
  }
}

/** out = max(z, 0). */
export function reluForward(z: Float, out: Float, n: number): void {
  for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : 0;
}

/** out = dY ⊙ 1(z > 0). */
export function reluBackward(dY: Float, z: Float, out: Float, n: number): void {
  for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? dY[i] : 0;
}

/** LeakyReLU's slope below zero: PyTorch's default negative_slope. */
export const LEAKY_SLOPE = 0.01;
/** GELU, tanh form: √(2/π) and the cubic coefficient (PyTorch's approximate='tanh'). */
export const GELU_C = Math.sqrt(2 / Math.PI);
export const GELU_A = 0.044715;

/**
 *   leaky_relu  f = z (z > 0), 0.01z otherwise      f′ = 1 or 0.01 (0.01 at z = 0)
 *   tanh        f = tanh z                         f′ = 1 − tanh²z
 *   sigmoid     f = σ(z) = 1/(1 + e^−z)            f′ = σ(z)(1 − σ(z))
 *   gelu        f = ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³)
 *               f′ = ½(1 + tanh u) + ½z(1 − tanh²u)·√(2/π)(1 + 3·0.044715z²)
 * Each computed in double from z and rounded once on store.
 */
export function activationForward(kind: SmoothActivation, z: Float, out: Float, n: number): void {
  switch (kind) {
    case 'leaky_relu':
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'gelu':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        out[i] = 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x * x * x)));
      }
      return;
    default:
      throw new Error(`unknown activation "${kind as string}"`);
  }
}

export function activationBackward(kind: SmoothActivation, dY: Float, z: Float, out: Float, n: number): void {
  switch (kind) {
    case 'leaky_relu':
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? dY[i] : LEAKY_SLOPE * dY[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(z[i]);
        out[i] = dY[i] * (1 - t * t);
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const s = 1 / (1 + Math.exp(-z[i]));
        out[i] = dY[i] * s * (1 - s);
      }
      return;
    case 'gelu':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        const t = Math.tanh(GELU_C * (x + GELU_A * x * x * x));
        out[i] = dY[i] * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x));
      }
      return;
    default:
      throw new Error(`unknown activation "${kind as string}"`);
  }
}

/** out = a ⊙ b. `out` may be `a`. */
export function multiply(a: Float, b: Float, out: Float, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
}

/** out = s·x. `out` may be `x`. */
export function scale(x: Float, s: number, out: Float, n: number): void {
  for (let i = 0; i < n; i++) out[i] = s * x[i];
}

/** y ← y + αx. */
export function axpy(alpha: number, x: Float, y: Float, n: number): void {
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

/** y ← αx + βy. */
export function axpby(alpha: number, x: Float, beta: number, y: Float, n: number): void {
  for (let i = 0; i < n; i++) y[i] = alpha * x[i] + beta * y[i];
}

/**
 * Decay, moment update and parameter step in one pass. (lr/c1)·m / (√v/√c2 + eps) is
 * PyTorch's own arithmetic order for lr·m̂/(√v̂ + eps).
 */
export function adamUpdate(p: Float, g: Float, m: Float, v: Float, n: number, c: AdamCoefficients): void {
  const { beta1, beta2, eps, decay } = c;
  const stepSize = c.lr / c.correction1;
  const sqrtC2 = Math.sqrt(c.correction2);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    m[i] = beta1 * m[i] + (1 - beta1) * gi;
    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
    if (decay !== 1) p[i] *= decay;
    p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtC2 + eps);
  }
}

/** Row-wise softmax, shifted by each row's maximum so exp never overflows. */
export function softmaxRows(x: Float, out: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (x[o + c] > max) max = x[o + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(x[o + c] - max);
      out[o + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < cols; c++) out[o + c] *= inv;
  }
}

/**
 * The softmax Jacobian applied to dY row by row: with ∂σᵢ/∂sⱼ = σᵢ(δᵢⱼ − σⱼ),
 * dSⱼ = σⱼ(dYⱼ − Σᵢ dYᵢσᵢ). `s` is the softmax output. O(cols) per row, not O(cols²).
 */
export function softmaxBackwardRows(s: Float, dY: Float, out: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += dY[o + c] * s[o + c];
    for (let c = 0; c < cols; c++) out[o + c] = s[o + c] * (dY[o + c] - dot);
  }
}

/** Σ_r −ln max(ŷ[r, yᵣ], floor): the un-averaged cross-entropy of one-hot labels. */
export function crossEntropySum(yHat: Float, labels: Int32Array, rows: number, cols: number, floor: number): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) sum -= Math.log(Math.max(yHat[r * cols + labels[r]], floor));
  return sum;
}

/** out = −(1/rows)·Y ⊘ max(Ŷ, floor): zero except at each row's label. */
export function crossEntropyBackward(yHat: Float, labels: Int32Array, out: Float, rows: number, cols: number, floor: number): void {
  out.fill(0, 0, rows * cols);
  for (let r = 0; r < rows; r++) {
    const i = r * cols + labels[r];
    out[i] = -1 / (rows * Math.max(yHat[i], floor));
  }
}

/** out[r] = index of the largest entry of row r (the first one on ties). */
export function argmaxRows(x: Float, out: Int32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0;
    for (let c = 1; c < cols; c++) if (x[o + c] > x[o + best]) best = c;
    out[r] = best;
  }
}

export function gatherRows(src: Float, index: Int32Array, start: number, count: number, cols: number, out: Float): void {
  for (let r = 0; r < count; r++) {
    const row = index[start + r];
    out.set(src.subarray(row * cols, (row + 1) * cols), r * cols);
  }
}

export const referenceOps: Ops = {
  name: 'js',
  matmul,
  matmulTransA,
  matmulTransB,
  addRowVector,
  columnSums,
  reluForward,
  reluBackward,
  activationForward,
  activationBackward,
  multiply,
  scale,
  axpy,
  axpby,
  adamUpdate,
  softmaxRows,
  softmaxBackwardRows,
  crossEntropySum,
  crossEntropyBackward,
  argmaxRows,
  gatherRows,
};
