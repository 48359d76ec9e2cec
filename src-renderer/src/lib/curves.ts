/**
 * Training curves as the GUI's charts hold them: for one (run, metric) the raw points
 * (step, value, time), their x on the chosen axis, and for per-iteration losses the EMA
 * with bias correction (the same formula as the shared `emaSmooth`). Everything is kept
 * incrementally: a live point costs O(1), whatever the length of the curve, and the
 * arrays handed to Chart.js stay the same objects while points are appended.
 */
import type { CurvePoint } from '../shared';

/** What a per-iteration chart's x axis counts. */
export type XAxisMode = 'iteration' | 'epoch' | 'time';

export const X_AXIS_LABELS: Record<XAxisMode, string> = {
  iteration: 'Iteration',
  epoch: 'Epoch',
  time: 'Wall time (s)',
};

export interface CurveMeta {
  /** Iterations per epoch (`RunRecord.dataset.stepsPerEpoch`); null while unknown. */
  stepsPerEpoch: number | null;
  /** When the run started (ms since the epoch); null: at its first point. */
  startTime: number | null;
}

/** A chart point that remembers its step, for tooltips on the epoch and time axes. */
export interface ChartPoint extends CurvePoint {
  step: number;
}

/**
 * x of a point: the step itself, the fractional epoch (step / steps per epoch), or the
 * seconds since the run started. Without steps per epoch the step stands in; without a
 * start time the first point's time (`firstTime`) does.
 */
export function xOf(step: number, time: number, mode: XAxisMode, meta: CurveMeta, firstTime = NaN): number {
  if (mode === 'epoch') return meta.stepsPerEpoch && meta.stepsPerEpoch > 0 ? step / meta.stepsPerEpoch : step;
  if (mode === 'time') {
    // The start is stamped by the main process, the points by the worker: a first point a
    // few ms "before" the start would put the curve left of zero, so the earlier one counts.
    const start = meta.startTime === null ? firstTime : Number.isFinite(firstTime) ? Math.min(meta.startTime, firstTime) : meta.startTime;
    return (time - start) / 1000;
  }
  return step;
}

export type AddResult = 'none' | 'appended' | 'rebuilt';

/** Points a curve keeps; past it the older half is thinned (as the live store's buffers do). */
export const MAX_CURVE_POINTS = 20_000;

export class Curve {
  readonly steps: number[] = [];
  readonly values: (number | null)[] = [];
  readonly times: number[] = [];
  /** Raw points on the current axis (y NaN where the value was not a number: a gap). */
  points: ChartPoint[] = [];
  /** EMA of `points` when smoothing > 0, else empty. */
  smooth: ChartPoint[] = [];
  private ema = 0;
  /** weight^n, for the bias correction, kept as a running product. */
  private weightPow = 1;

  constructor(
    public meta: CurveMeta,
    private mode: XAxisMode = 'iteration',
    private weight = 0,
    private readonly maxPoints = MAX_CURVE_POINTS,
  ) {
    if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
  }

  get length(): number {
    return this.steps.length;
  }

  get lastStep(): number {
    return this.steps.length ? this.steps[this.steps.length - 1] : -Infinity;
  }

  /**
   * Adds points given in step order, from index `from` on. Steps already held are
   * skipped (live batches overlap what history brought); new steps past the last one are
   * appended in O(1) each; new steps before it (history arriving after live points)
   * merge, which rebuilds the derived arrays: the caller must rebind them.
   */
  add(steps: ArrayLike<number>, values: ArrayLike<number | null>, times: ArrayLike<number> | null, from = 0): AddResult {
    const last = this.lastStep;
    let tail = from;
    while (tail < steps.length && steps[tail] <= last) tail++;
    let needsMerge = false;
    for (let i = from; i < tail && !needsMerge; i++) needsMerge = !this.has(steps[i]);
    if (needsMerge) {
      this.merge(steps, values, times, from);
      if (this.steps.length > this.maxPoints) this.thin();
      return 'rebuilt';
    }
    for (let i = tail; i < steps.length; i++) {
      if (i > tail && steps[i] <= steps[i - 1]) continue;
      this.push(steps[i], values[i], times ? times[i] : NaN);
    }
    if (this.steps.length > this.maxPoints) {
      this.thin();
      return 'rebuilt';
    }
    return tail < steps.length ? 'appended' : 'none';
  }

  /**
   * Every other point of the older half goes: a run training for hours stays a bounded
   * curve (memory, redraw time), its recent part exact. Amortised O(1) per point.
   */
  private thin(): void {
    while (this.steps.length > this.maxPoints) {
      const half = Math.floor(this.steps.length / 2);
      const keep = (_: unknown, i: number) => i >= half || i % 2 === 0;
      refill(this.steps, this.steps.filter(keep));
      refill(this.values, this.values.filter(keep));
      refill(this.times, this.times.filter(keep));
    }
    this.rebuild();
  }

  /** True when the derived arrays changed (new objects to bind). */
  setMode(mode: XAxisMode): boolean {
    if (mode === this.mode) return false;
    this.mode = mode;
    this.rebuild();
    return true;
  }

  setSmoothing(weight: number): boolean {
    if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
    if (weight === this.weight) return false;
    this.weight = weight;
    this.resmooth();
    return true;
  }

  setMeta(meta: CurveMeta): boolean {
    if (meta.stepsPerEpoch === this.meta.stepsPerEpoch && meta.startTime === this.meta.startTime) return false;
    this.meta = meta;
    this.rebuild();
    return true;
  }

  private has(step: number): boolean {
    let lo = 0;
    let hi = this.steps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.steps[mid];
      if (s === step) return true;
      if (s < step) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private push(step: number, value: number | null, time: number): void {
    this.steps.push(step);
    this.values.push(value);
    this.times.push(time);
    this.derive(this.steps.length - 1);
  }

  private derive(i: number): void {
    const value = this.values[i];
    const y = value === null || !Number.isFinite(value) ? NaN : value;
    const x = xOf(this.steps[i], this.times[i], this.mode, this.meta, this.times[0]);
    // Index assignment, not push(): Chart.js patches push() on the arrays it draws and
    // then re-walks every element per pushed point (quadratic for a 2000-point history).
    // Appended this way, its next update() adds the new elements in one pass.
    const point = { x, y, step: this.steps[i] };
    this.points[this.points.length] = point;
    this.smoothPoint(point);
  }

  private smoothPoint(p: ChartPoint): void {
    if (this.weight <= 0 || Number.isNaN(p.y)) return;
    // s_t = w·s_{t−1} + (1 − w)·y_t, reported as s_t / (1 − w^t): see export/smoothing.ts.
    this.ema = this.weight * this.ema + (1 - this.weight) * p.y;
    this.weightPow *= this.weight;
    this.smooth[this.smooth.length] = { x: p.x, y: this.ema / (1 - this.weightPow), step: p.step };
  }

  /** Only the smoothed curve: the raw points (and Chart.js's elements for them) stay. */
  private resmooth(): void {
    this.smooth = [];
    this.ema = 0;
    this.weightPow = 1;
    for (const p of this.points) this.smoothPoint(p);
  }

  private rebuild(): void {
    this.points = [];
    this.smooth = [];
    this.ema = 0;
    this.weightPow = 1;
    for (let i = 0; i < this.steps.length; i++) this.derive(i);
  }

  private merge(steps: ArrayLike<number>, values: ArrayLike<number | null>, times: ArrayLike<number> | null, from: number): void {
    const s: number[] = [];
    const v: (number | null)[] = [];
    const t: number[] = [];
    let a = 0;
    let b = from;
    while (a < this.steps.length || b < steps.length) {
      const takeOld = b >= steps.length || (a < this.steps.length && this.steps[a] <= steps[b]);
      const step = takeOld ? this.steps[a] : steps[b];
      if (s.length && step <= s[s.length - 1]) {
        // The same step twice: the point held already wins (it is the same measurement).
        if (takeOld) a++;
        else b++;
        continue;
      }
      s.push(step);
      v.push(takeOld ? this.values[a] : values[b]);
      t.push(takeOld ? this.times[a] : times ? times[b] : NaN);
      if (takeOld) a++;
      else b++;
    }
    refill(this.steps, s);
    refill(this.values, v);
    refill(this.times, t);
    this.rebuild();
  }
}

/** Replaces an array's contents in place (no spread: long arrays overflow the argument stack). */
function refill<T>(target: T[], source: readonly T[]): void {
  target.length = source.length;
  for (let i = 0; i < source.length; i++) target[i] = source[i];
}
