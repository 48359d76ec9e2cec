/**
 * Training curves as the GUI's charts hold them: for one (run, metric) the raw points in
 * a BoundedSeries (the same bounded, thinned buffer the live store keeps), their x on the
 * chosen axis, and for per-iteration losses the EMA with bias correction (the shared
 * `Ema`, as the exported plots smooth). Everything is kept incrementally: a live point
 * costs O(1), whatever the length of the curve, and the arrays handed to Chart.js stay
 * the same objects while points are appended.
 */
import { Ema, type CurvePoint } from '../shared';
import { BoundedSeries, MAX_SERIES_POINTS } from './boundedSeries';

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

export class Curve {
  private readonly raw: BoundedSeries;
  /** Raw points on the current axis (y NaN where the value was not a number: a gap). */
  points: ChartPoint[] = [];
  /** EMA of `points` when smoothing > 0, else empty. */
  smooth: ChartPoint[] = [];
  private ema: Ema;

  constructor(
    public meta: CurveMeta,
    private mode: XAxisMode = 'iteration',
    weight = 0,
    maxPoints = MAX_SERIES_POINTS,
  ) {
    this.ema = new Ema(weight);
    this.raw = new BoundedSeries(maxPoints);
  }

  get steps(): readonly number[] {
    return this.raw.steps;
  }

  get values(): readonly (number | null)[] {
    return this.raw.values;
  }

  get length(): number {
    return this.raw.length;
  }

  get lastStep(): number {
    return this.raw.lastStep;
  }

  /**
   * Adds points given in step order, from index `from` on. Steps already held are
   * skipped (live batches overlap what history brought); new steps past the last one are
   * appended in O(1) each; new steps before it (history arriving after live points)
   * merge, which rebuilds the derived arrays, as thinning does: on 'rebuilt' the caller
   * must rebind them.
   */
  add(steps: ArrayLike<number>, values: ArrayLike<number | null>, times: ArrayLike<number> | null, from = 0): AddResult {
    const last = this.raw.lastStep;
    let tail = from;
    while (tail < steps.length && steps[tail] <= last) tail++;
    for (let i = from; i < tail; i++) {
      if (this.raw.has(steps[i])) continue;
      this.raw.merge(steps, values, times, from);
      this.rebuild();
      return 'rebuilt';
    }
    const thinnings = this.raw.thinnings;
    let appended = false;
    for (let i = tail; i < steps.length; i++) {
      if (!this.raw.push(steps[i], values[i], times ? times[i] : NaN)) continue;
      appended = true;
      // Once thinned, the derived arrays are rebuilt below, all at once.
      if (this.raw.thinnings === thinnings) this.derive(this.raw.length - 1);
    }
    if (this.raw.thinnings !== thinnings) {
      this.rebuild();
      return 'rebuilt';
    }
    return appended ? 'appended' : 'none';
  }

  /** True when the derived arrays changed (new objects to bind). */
  setMode(mode: XAxisMode): boolean {
    if (mode === this.mode) return false;
    this.mode = mode;
    this.rebuild();
    return true;
  }

  setSmoothing(weight: number): boolean {
    if (weight === this.ema.weight) return false;
    this.ema = new Ema(weight);
    this.resmooth();
    return true;
  }

  setMeta(meta: CurveMeta): boolean {
    if (meta.stepsPerEpoch === this.meta.stepsPerEpoch && meta.startTime === this.meta.startTime) return false;
    this.meta = meta;
    this.rebuild();
    return true;
  }

  private derive(i: number): void {
    const { steps, values, times } = this.raw;
    const value = values[i];
    const y = value === null || !Number.isFinite(value) ? NaN : value;
    const x = xOf(steps[i], times[i], this.mode, this.meta, times[0]);
    // Index assignment, not push(): Chart.js patches push() on the arrays it draws (see
    // chartJsInternals.ts). Appended this way, its next update() adds the new elements in one pass.
    const point = { x, y, step: steps[i] };
    this.points[this.points.length] = point;
    this.smoothPoint(point);
  }

  private smoothPoint(p: ChartPoint): void {
    if (this.ema.weight <= 0 || Number.isNaN(p.y)) return;
    this.smooth[this.smooth.length] = { x: p.x, y: this.ema.next(p.y), step: p.step };
  }

  /** Only the smoothed curve: the raw points (and Chart.js's elements for them) stay. */
  private resmooth(): void {
    this.smooth = [];
    this.ema = new Ema(this.ema.weight);
    for (const p of this.points) this.smoothPoint(p);
  }

  private rebuild(): void {
    this.points = [];
    this.smooth = [];
    this.ema = new Ema(this.ema.weight);
    for (let i = 0; i < this.raw.length; i++) this.derive(i);
  }
}
