/**
 * Exponential moving average with bias correction, the way TensorBoard smooths noisy
 * per-iteration losses: s_t = w·s_{t−1} + (1 − w)·y_t, reported as s_t / (1 − w^t), so
 * the curve starts at the data instead of rising from zero. Pure: the GUI uses it too.
 */
import type { CurvePoint } from './types';

/** `weight` in [0, 1): 0 is no smoothing, 0.9 is heavy. Non-finite values are skipped. */
export function emaSmooth(points: readonly CurvePoint[], weight: number): CurvePoint[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  if (weight === 0) return points.slice();
  const out: CurvePoint[] = [];
  let ema = 0;
  let n = 0;
  for (const p of points) {
    if (!Number.isFinite(p.y)) continue;
    ema = weight * ema + (1 - weight) * p.y;
    n++;
    out.push({ x: p.x, y: ema / (1 - weight ** n) });
  }
  return out;
}
