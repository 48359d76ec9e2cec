/**
 * Mean cross-entropy of predicted probabilities against integer labels (one-hot Y):
 *
 *   Ŷ: rows × classes, Y one-hot rows × classes, m = rows
 *   L = −(1/m) Σ Y ⊙ ln Ŷ
 *   dL/dŶ = −(1/m) Y ⊘ Ŷ
 *
 * Ŷ is clamped to ≥ 1e-12 in both directions: a softmax output can underflow to an
 * exact 0 (always in float32 once a logit gap passes ~100), and ln 0 or 1/0 would turn
 * one bad row into NaN weights. The clamp caps a row's loss at −ln 1e-12 ≈ 27.6.
 */
import type { DType, Float } from '../types';
import { noForward, sized } from './layer';
import type { Ops } from './ops';

export const PROBABILITY_FLOOR = 1e-12;

export class CrossEntropy {
  private yHat: Float | null = null;
  private labels: Int32Array | null = null;
  private rows = 0;
  private dYHat: Float | null = null;

  constructor(
    readonly classes: number,
    private readonly dtype: DType,
    private readonly ops: Ops,
  ) {}

  /** Mean loss over the batch; caches Ŷ and the labels for backward. */
  forward(yHat: Float, labels: Int32Array, rows: number): number {
    checkLabels(labels, rows, this.classes);
    this.yHat = yHat;
    this.labels = labels;
    this.rows = rows;
    return this.ops.crossEntropySum(yHat, labels, rows, this.classes, PROBABILITY_FLOOR) / rows;
  }

  /** dL/dŶ for the batch seen by the last forward. */
  backward(): Float {
    if (this.yHat === null || this.labels === null) throw noForward('CrossEntropy');
    const d = (this.dYHat = sized(this.dYHat, this.dtype, this.rows * this.classes));
    this.ops.crossEntropyBackward(this.yHat, this.labels, d, this.rows, this.classes, PROBABILITY_FLOOR);
    return d;
  }
}

/** A label outside [0, classes) would read another row's probability silently. */
export function checkLabels(labels: Int32Array, rows: number, classes: number): void {
  for (let r = 0; r < rows; r++) {
    const y = labels[r];
    if (!(y >= 0 && y < classes)) throw new RangeError(`label ${y} of row ${r} is outside 0..${classes - 1}`);
  }
}
