/**
 * The one interface the scratch engine's arithmetic goes through. The layers read like
 * their derivations and call these kernels for every number they compute; two
 * implementations sit behind it:
 *
 *   - `reference.ts`: plain TypeScript, float64 or float32, the ground truth of the
 *     gradient check and the fallback everywhere;
 *   - `native.ts`: the `sweeplab_ops` addon (native/), matrix products by CBLAS
 *     (OpenBLAS, Accelerate) and the element-wise kernels in C.
 *
 * Conventions both keep: matrices are row-major `Float` with explicit dimensions; every
 * kernel writes into a caller-provided `out` and allocates nothing; inputs may be longer
 * than the dimensions say (a reused batch buffer) and only the leading values are read.
 * All arrays of one call share one element type.
 */
import type { DType, Float, SmoothActivation } from '../../types';

/** `correction1`, `correction2`: 1 − β1ᵗ and 1 − β2ᵗ for the step t being taken. */
export interface AdamCoefficients {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  correction1: number;
  correction2: number;
  /** p ← p·decay before the step: 1 − lr·wd for AdamW, 1 for Adam. */
  decay: number;
}

export interface Ops {
  /** `js` (the TypeScript reference) or `native` (the addon). */
  readonly name: 'js' | 'native';
  /** out (m×n) = A (m×k) · B (k×n). */
  matmul(a: Float, b: Float, out: Float, m: number, k: number, n: number): void;
  /** out (k×n) = Aᵀ · B with A (m×k), B (m×n): the weight gradient Xᵀ·dZ. */
  matmulTransA(a: Float, b: Float, out: Float, m: number, k: number, n: number): void;
  /** out (m×n) = A (m×k) · Bᵀ with B (n×k): the input gradient dZ·Wᵀ. */
  matmulTransB(a: Float, b: Float, out: Float, m: number, k: number, n: number): void;
  /** out = A + 1ᵀv: v (cols) added to every row of A (rows×cols). `out` may be `a`. */
  addRowVector(a: Float, v: Float, out: Float, rows: number, cols: number): void;
  /** out (cols) = 1·A: the sum of each column of A (rows×cols). */
  columnSums(a: Float, out: Float, rows: number, cols: number): void;
  /** out = max(z, 0). */
  reluForward(z: Float, out: Float, n: number): void;
  /** out = dY ⊙ 1(z > 0). */
  reluBackward(dY: Float, z: Float, out: Float, n: number): void;
  /** out = f(z) for one of the smooth activations (formulas: reference.ts). */
  activationForward(kind: SmoothActivation, z: Float, out: Float, n: number): void;
  /** out = dY ⊙ f′(z), the derivative taken at the pre-activation z. */
  activationBackward(kind: SmoothActivation, dY: Float, z: Float, out: Float, n: number): void;
  /** out = a ⊙ b, element-wise. `out` may be `a`. */
  multiply(a: Float, b: Float, out: Float, n: number): void;
  /** out = s·x. `out` may be `x`. */
  scale(x: Float, s: number, out: Float, n: number): void;
  /** y ← y + αx. */
  axpy(alpha: number, x: Float, y: Float, n: number): void;
  /** y ← αx + βy. */
  axpby(alpha: number, x: Float, beta: number, y: Float, n: number): void;
  /**
   * One (decoupled-decay) Adam step, fused so the state is read once: p ← p·decay,
   * m ← β1m + (1−β1)g, v ← β2v + (1−β2)g², p ← p − (lr/c1)·m / (√v/√c2 + eps).
   */
  adamUpdate(p: Float, g: Float, m: Float, v: Float, n: number, c: AdamCoefficients): void;
  /** Row-wise softmax, shifted by each row's maximum so exp never overflows. */
  softmaxRows(x: Float, out: Float, rows: number, cols: number): void;
  /** dSⱼ = σⱼ(dYⱼ − Σᵢ dYᵢσᵢ) per row, `s` the softmax output. */
  softmaxBackwardRows(s: Float, dY: Float, out: Float, rows: number, cols: number): void;
  /** Σ_r −ln max(ŷ[r, yᵣ], floor): the un-averaged cross-entropy of one-hot labels. */
  crossEntropySum(yHat: Float, labels: Int32Array, rows: number, cols: number, floor: number): number;
  /** out = −(1/rows)·Y ⊘ max(Ŷ, floor): zero except at each row's label. */
  crossEntropyBackward(yHat: Float, labels: Int32Array, out: Float, rows: number, cols: number, floor: number): void;
  /** out[r] = index of the largest entry of row r (the first one on ties). */
  argmaxRows(x: Float, out: Int32Array, rows: number, cols: number): void;
  /** Row r of out (count×cols) = row index[start + r] of src: a shuffled batch. */
  gatherRows(src: Float, index: Int32Array, start: number, count: number, cols: number, out: Float): void;
}

export function allocate(dtype: DType, n: number): Float {
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}
