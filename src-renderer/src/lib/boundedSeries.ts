/**
 * A metric series (steps, values, wall times) that never grows past `max` points: the
 * one buffer behind the live store and every chart curve. When full, the older half is
 * thinned to every other point and the newer half kept whole: recent points stay exact
 * (what a live chart's right edge shows), the distant past keeps its shape at a lower
 * resolution, and memory stays flat however long a run trains. Steps only increase.
 */

/** Points a series keeps by default: a few hours of per-iteration losses at a glance. */
export const MAX_SERIES_POINTS = 20_000;

export class BoundedSeries {
  steps: number[] = [];
  values: (number | null)[] = [];
  /** Wall-clock milliseconds of each point (NaN where unknown): the charts' wall-time axis. */
  times: number[] = [];
  /**
   * How many times the series has been thinned. Whoever derives arrays from the points
   * (a chart curve) compares it before and after adding: a change means rebuild.
   */
  thinnings = 0;

  constructor(readonly max = MAX_SERIES_POINTS) {
    if (!(Number.isInteger(max) && max >= 4)) throw new RangeError(`BoundedSeries: max must be an integer ≥ 4, got ${max}`);
  }

  get length(): number {
    return this.steps.length;
  }

  get lastStep(): number {
    return this.steps.length ? this.steps[this.steps.length - 1] : -Infinity;
  }

  /** Appends a point; false (and nothing kept) for a step at or before the last one: a replayed batch. */
  push(step: number, value: number | null, time = NaN): boolean {
    if (step <= this.lastStep) return false;
    this.steps.push(step);
    this.values.push(value);
    this.times.push(time);
    if (this.steps.length > this.max) this.thin();
    return true;
  }

  /**
   * Index of the first point after `step` (binary search): a reader that already holds
   * everything up to `step` reads only from here, never the whole series.
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

  has(step: number): boolean {
    const i = this.indexAfter(step);
    return i > 0 && this.steps[i - 1] === step;
  }

  /**
   * Merges points given in step order (from index `from` on) with those held, into one
   * increasing series: history arriving after live points. The point held already wins
   * a tie (it is the same measurement).
   */
  merge(steps: ArrayLike<number>, values: ArrayLike<number | null>, times: ArrayLike<number> | null, from = 0): void {
    const s: number[] = [];
    const v: (number | null)[] = [];
    const t: number[] = [];
    let a = 0;
    let b = from;
    while (a < this.steps.length || b < steps.length) {
      const takeOld = b >= steps.length || (a < this.steps.length && this.steps[a] <= steps[b]);
      const step = takeOld ? this.steps[a] : steps[b];
      if (!s.length || step > s[s.length - 1]) {
        s.push(step);
        v.push(takeOld ? this.values[a] : values[b]);
        t.push(takeOld ? this.times[a] : times ? times[b] : NaN);
      }
      if (takeOld) a++;
      else b++;
    }
    [this.steps, this.values, this.times] = [s, v, t];
    while (this.steps.length > this.max) this.thin();
  }

  /** Every other point of the older half goes. Amortised O(1) per point pushed. */
  private thin(): void {
    const half = Math.floor(this.steps.length / 2);
    const keep = (_: unknown, i: number) => i >= half || i % 2 === 0;
    this.steps = this.steps.filter(keep);
    this.values = this.values.filter(keep);
    this.times = this.times.filter(keep);
    this.thinnings++;
  }
}
