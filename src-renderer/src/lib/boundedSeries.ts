/**
 * A metric series that never grows past `max` points. When full, the older half is
 * thinned to every other point and the newer half kept whole: recent points stay exact
 * (what a live chart's right edge shows), the distant past keeps its shape at a lower
 * resolution, and memory stays flat however long a run trains.
 */
export class BoundedSeries {
  steps: number[] = [];
  values: (number | null)[] = [];
  /** Wall-clock milliseconds of each point (NaN where unknown): the charts' wall-time axis. */
  times: number[] = [];

  constructor(readonly max = 20_000) {
    if (!(Number.isInteger(max) && max >= 4)) throw new RangeError(`BoundedSeries: max must be an integer ≥ 4, got ${max}`);
  }

  get length(): number {
    return this.steps.length;
  }

  get lastStep(): number {
    return this.steps.length ? this.steps[this.steps.length - 1] : -Infinity;
  }

  /** Appends a point; a step at or before the last one (a replayed batch) is ignored. */
  push(step: number, value: number | null, time = NaN): void {
    if (step <= this.lastStep) return;
    this.steps.push(step);
    this.values.push(value);
    this.times.push(time);
    if (this.steps.length > this.max) this.decimate();
  }

  /**
   * Index of the first point after `step` (binary search; steps are increasing): a chart
   * that already holds everything up to `step` reads only from here, never the whole series.
   */
  indexAfter(step: number): number {
    let lo = 0;
    let hi = this.steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.steps[mid] <= step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private decimate(): void {
    const half = Math.floor(this.steps.length / 2);
    const keep = (_: unknown, i: number) => i >= half || i % 2 === 0;
    this.steps = this.steps.filter(keep);
    this.values = this.values.filter(keep);
    this.times = this.times.filter(keep);
  }
}
