/**
 * Exponential moving average with bias correction, the way TensorBoard smooths noisy
 * per-iteration losses: s_t = w·s_{t−1} + (1 − w)·y_t, reported as s_t / (1 − w^t), so
 * the curve starts at the data instead of rising from zero. One formula for the exported
 * plots (`emaSmooth`, a whole curve at once) and the GUI's live curves (`Ema`, a point at
 * a time). Pure: the GUI uses it too.
 */
import type { CurvePoint } from './types';

function checkWeight(weight: number): void {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
}

/** The running state of one smoothed curve: O(1) per point, however long the curve. */
export class Ema {
  private s = 0;
  /** w^t, for the bias correction, kept as a running product. */
  private weightPow = 1;

  constructor(readonly weight: number) {
    checkWeight(weight);
  }

  /** The smoothed value after `y` (finite: callers skip gaps). */
  next(y: number): number {
    this.s = this.weight * this.s + (1 - this.weight) * y;
    this.weightPow *= this.weight;
    return this.s / (1 - this.weightPow);
  }
}

/** `weight` in [0, 1): 0 is no smoothing, 0.9 is heavy. Non-finite values are skipped. */
export function emaSmooth(points: readonly CurvePoint[], weight: number): CurvePoint[] {
  checkWeight(weight);
  if (weight === 0) return points.slice();
  const ema = new Ema(weight);
  const out: CurvePoint[] = [];
  for (const p of points) if (Number.isFinite(p.y)) out.push({ x: p.x, y: ema.next(p.y) });
  return out;
}
