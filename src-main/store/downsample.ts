/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, "Downsampling Time Series for
 * Visual Representation", 2013). A chart 800 pixels wide gains nothing from 50,000 loss
 * points, but averaging or striding would erase exactly what a person looks for: a loss
 * spike, a divergence. LTTB keeps, from each bucket, the point that forms the largest
 * triangle with the point kept before it and the average of the next bucket, so peaks and
 * troughs survive. Pure: no I/O, no database.
 *
 * Values may be null (a NaN loss is stored as null). A null is never chosen over a real
 * value in its bucket, but a bucket holding only nulls keeps one, so the chart still shows
 * the gap where the run diverged.
 */

/**
 * The indices (ascending) of at most `maxPoints` points to keep; always the first and the
 * last. `xs` must be ascending.
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number | null>, maxPoints: number): number[] {
  const n = xs.length;
  if (ys.length !== n) throw new RangeError(`xs and ys differ in length (${n} vs ${ys.length})`);
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer ≥ 2 (got ${maxPoints})`);
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);

  const kept = [0];
  // The first and last points are fixed; the n - 2 between them fill maxPoints - 2 buckets.
  // Multiply before dividing so the bounds are exact and the last bucket ends at n - 1.
  const buckets = maxPoints - 2;
  const bound = (b: number) => Math.min(Math.floor((b * (n - 2)) / buckets) + 1, n - 1);
  let a = 0;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = bound(bucket);
    const end = bound(bucket + 1);
    // The third corner: the average of the next bucket (for the last bucket, the last point).
    const nextStart = end;
    const nextEnd = bucket + 1 < buckets ? bound(bucket + 2) : n;
    let sumX = 0;
    let sumY = 0;
    let count = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      const y = ys[j];
      if (y === null) continue;
      sumX += xs[j];
      sumY += y;
      count++;
    }
    const ay = ys[a];
    // Around nulls the triangle lacks a corner; stand in the other known corner so the
    // choice degrades to "farthest from the known neighbour" instead of failing.
    const cx = count ? sumX / count : xs[nextEnd - 1];
    const cy = count ? sumY / count : (ay ?? 0);
    const ax = xs[a];
    const aY = ay ?? cy;

    let best = -1;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const y = ys[j];
      if (y === null) continue;
      // Twice the triangle's area; the factor doesn't change which point wins.
      const area = Math.abs((ax - cx) * (y - aY) - (ax - xs[j]) * (cy - aY));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    if (best < 0) best = start; // only nulls here: keep one to mark the gap
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return kept;
}

/** Keeps the same indices of every parallel column, e.g. steps, values and times of a series. */
export function pick<T>(column: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => column[i]);
}
